package poe.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ArgCodecTest {

    private final ArgCodec codec = new ArgCodec()
            .registerRecord(Point.class)
            .register("uuid", UUID.class, UUID::toString, v -> UUID.fromString((String) v));

    private Object[] roundTrip(Object... args) {
        return codec.decode(codec.encode(args, 1 << 20), 1 << 20);
    }

    @Test
    void builtInsRecordsAndRegisteredClassesRoundTrip() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("a", List.of(1, 2L, 3.5, 4.5f, (short) 6, (byte) 7, 'c', true, false));
        map.put(9, null);
        map.put("big", List.of(new BigInteger("123456789012345678901234567890"), new BigDecimal("-1.250")));
        UUID id = UUID.randomUUID();
        Object[] back = roundTrip("héllo", null, map, new Point(1, -2, "p"), id, List.of(new Point(0, 0, null)));
        assertEquals("héllo", back[0]);
        assertEquals(null, back[1]);
        assertEquals(map, back[2]);
        assertEquals(new Point(1, -2, "p"), back[3]);
        assertEquals(id, back[4]);
        assertEquals(List.of(new Point(0, 0, null)), back[5]);
        assertArrayEquals(new byte[] {0, 1, -1}, (byte[]) roundTrip((Object) new byte[] {0, 1, -1})[0]);
    }

    @Test
    void unregisteredTypesAreRefusedWithTheirName() {
        ClusterCodecException e = assertThrows(ClusterCodecException.class,
                () -> codec.encode(new Object[] {"x", List.of(new StringBuilder("y"))}, 1024));
        assertTrue(e.getMessage().contains("argument 1[0]") && e.getMessage().contains("java.lang.StringBuilder"),
                e.getMessage());
    }

    @Test
    void aTypeNotRegisteredAtTheReceiverIsRefused() {
        byte[] bytes = codec.encode(new Object[] {new Point(1, 2, "x")}, 1024);
        ClusterCodecException e = assertThrows(ClusterCodecException.class, () -> new ArgCodec().decode(bytes, 1024));
        assertTrue(e.getMessage().contains("not registered"), e.getMessage());
    }

    @Test
    void sizeIsBoundedBothWays() {
        assertThrows(ClusterCodecException.class, () -> codec.encode(new Object[] {new byte[2000]}, 1000));
        byte[] bytes = codec.encode(new Object[] {new byte[2000]}, 4000);
        assertThrows(ClusterCodecException.class, () -> codec.decode(bytes, 1000));
    }

    @Test
    void malformedAndHostileInputIsRefusedNotCrashed() {
        byte[] ok = codec.encode(new Object[] {"hello", List.of(1, 2, 3)}, 1024);
        for (int cut = 0; cut < ok.length; cut++) {
            byte[] part = Arrays.copyOf(ok, cut);
            assertThrows(ClusterCodecException.class, () -> codec.decode(part, 1024), "cut at " + cut);
        }
        byte[] hugeCount = {0, 0, 0, 1, 11, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThrows(ClusterCodecException.class, () -> codec.decode(hugeCount, 1024));
        byte[] badTag = {0, 0, 0, 1, 99};
        assertThrows(ClusterCodecException.class, () -> codec.decode(badTag, 1024));
        Object deep = "x";
        for (int i = 0; i < 100; i++) {
            List<Object> l = new ArrayList<>();
            l.add(deep);
            deep = l;
        }
        Object tooDeep = deep;
        assertThrows(ClusterCodecException.class, () -> codec.encode(new Object[] {tooDeep}, 1 << 20));
    }
}
