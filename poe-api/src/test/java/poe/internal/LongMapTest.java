package poe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LongMapTest {

    /** One operation: 0 put, 1 remove, 2 get; keys from a small range so they collide and repeat. */
    record Op(int kind, long key) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(-50, 400)).as(Op::new);
        return op.list().ofMaxSize(3000);
    }

    @Property(tries = 200)
    void behavesLikeAHashMap(@ForAll("ops") List<Op> ops) {
        LongMap<String> map = new LongMap<>();
        Map<Long, String> model = new HashMap<>();
        int n = 0;
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    String v = "v" + n++;
                    assertEquals(model.put(op.key(), v), map.put(op.key(), v));
                }
                case 1 -> assertEquals(model.remove(op.key()), map.remove(op.key()));
                default -> assertEquals(model.get(op.key()), map.get(op.key()));
            }
            assertEquals(model.size(), map.size());
        }
        for (long k = -50; k <= 400; k++) {
            assertEquals(model.get(k), map.get(k), "key " + k);
        }
    }

    @Test
    void growsAndShrinksThroughAMillionSequentialIds() {
        LongMap<Long> map = new LongMap<>();
        for (long id = 1; id <= 1_000_000; id++) {
            map.put(id, id);
        }
        assertEquals(1_000_000, map.size());
        for (long id = 1; id <= 1_000_000; id += 2) {
            assertEquals(id, map.remove(id));
        }
        assertEquals(500_000, map.size());
        for (long id = 1; id <= 1_000_000; id++) {
            assertEquals(id % 2 == 0 ? Long.valueOf(id) : null, map.get(id));
        }
        map.clear();
        assertEquals(0, map.size());
        assertNull(map.get(2));
    }

    @Test
    @Timeout(20)
    void idsAtPowerOfTwoStridesStayFast() {
        // sequential IDs form one long run; IDs kept at a power-of-two stride would pile up
        // on few home slots if only the low bits were used: both must stay about O(1)
        for (long stride : new long[] {1, 1 << 10, 1 << 16, 1L << 20, 1L << 32}) {
            LongMap<Long> map = new LongMap<>();
            for (long i = 1; i <= 200_000; i++) {
                map.put(i * stride, i);
            }
            for (long i = 1; i <= 200_000; i++) {
                assertEquals(i, map.get(i * stride), "stride " + stride);
            }
            for (long i = 1; i <= 200_000; i++) {
                assertEquals(i, map.remove(i * stride), "stride " + stride);
            }
            assertEquals(0, map.size());
        }
    }

    @Test
    void valuesListsWhatIsLeft() {
        LongMap<String> map = new LongMap<>();
        for (long id = 1; id <= 100; id++) {
            map.put(id, "v" + id);
        }
        for (long id = 1; id <= 100; id += 2) {
            map.remove(id);
        }
        List<String> values = map.values();
        assertEquals(50, values.size());
        assertEquals(new java.util.HashSet<>(values).size(), values.size(), "no duplicates");
        for (long id = 2; id <= 100; id += 2) {
            assertTrue(values.contains("v" + id), "v" + id);
        }
    }

    @Test
    void refusesNullValues() {
        assertThrows(NullPointerException.class, () -> new LongMap<String>().put(1, null));
    }
}
