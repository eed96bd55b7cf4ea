package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static poe.filter.FilterChecks.assertChunks;
import static poe.filter.FilterChecks.b;
import static poe.filter.FilterChecks.bytes;
import static poe.filter.FilterChecks.concat;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class ReferenceTest {

    /** A class nobody allowed. */
    static final class Forbidden implements Serializable {
        private static final long serialVersionUID = 1L;
        final String payload;

        Forbidden(String payload) {
            this.payload = payload;
        }
    }

    /** A record an application allows explicitly. */
    record Point(int x, int y) implements Serializable {
    }

    /** POE's test freezer: the type name and the text, reversed. Not Java serialization. */
    static final class Reverser implements Serializer {
        @Override
        public byte[] serialize(Object value) {
            String s = "String\0" + value;
            return new StringBuilder(s).reverse().toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object deserialize(byte[] bytes) {
            String s = new StringBuilder(new String(bytes, StandardCharsets.UTF_8)).reverse().toString();
            if (!s.startsWith("String\0")) {
                throw new FilterException("not a reversed string");
            }
            return s.substring("String\0".length());
        }
    }

    private static List<Object> sample() {
        HashMap<String, Object> map = new HashMap<>();
        map.put("answer", 42);
        map.put("list", new ArrayList<>(List.of(1L, 2.5, "three")));
        return List.of("this is a test", List.of(1, 1, 2, 3, 5), map, new BigDecimal("1.50"),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), LocalDate.of(2024, 2, 29),
                new int[] {1, 2}.length, new TreeMap<>(java.util.Map.of("a", "b")),
                Collections.unmodifiableList(new ArrayList<>(List.of('x'))));
    }

    @Test
    void defaultSerializerRoundTripsTheAllowedJdkTypes() {
        for (boolean compression : List.of(false, true)) {
            Reference<Object> filter = Reference.builder(Object.class).compression(compression).build();
            assertEquals(sample(), filter.get(filter.put(sample())), "compression " + compression);
        }
    }

    @Test
    void framesUsePoesLengthHeader() {
        Reference<Object> filter = Reference.create();
        byte[] frame = filter.put(List.of("x")).get(0);
        String text = new String(frame, StandardCharsets.ISO_8859_1);
        int nul = text.indexOf('\0');
        assertEquals(frame.length - nul - 1, Integer.parseInt(text.substring(0, nul)));
    }

    @Test
    void compressionShrinksRepetitiveRecords() {
        List<Object> honk = List.of(List.of("honk honk honk honk honk honk honk honk honk honk"));
        byte[] plain = Reference.create().put(honk).get(0);
        byte[] packed = Reference.builder(Object.class).compression(true).build().put(honk).get(0);
        assertNotEquals(new String(plain, StandardCharsets.ISO_8859_1), new String(packed, StandardCharsets.ISO_8859_1));
        assertTrue(packed.length < plain.length, packed.length + " < " + plain.length);
    }

    @Test
    void pluggableSerializer() {
        for (boolean compression : List.of(false, true)) {
            Reference<Object> filter = Reference.builder(Object.class).serializer(new Reverser())
                    .compression(compression).build();
            List<byte[]> wire = filter.put(List.of("this is a test", "another"));
            assertEquals(List.of("this is a test", "another"), filter.get(wire));
        }
    }

    @Test
    void pendingDataReadsLikeFreshInput() {
        Reference<Object> filter = Reference.create();
        List<byte[]> frozen = filter.put(List.of(List.of(2, 4, 6)));
        filter.getOneStart(frozen);
        assertEquals(List.of(List.of(2, 4, 6), List.of(2, 4, 6)), filter.get(filter.getPending()));
    }

    @Test
    void partialFrameIsPending() {
        Reference<Object> filter = Reference.create();
        List<byte[]> whole = filter.put(List.of("whole_reference"));
        assertEquals(List.of("whole_reference"), filter.get(List.of(whole.get(0), b("100\0partial reference"))));
        assertChunks(List.of("100\0partial reference"), filter.getPending());
    }

    @Test
    void classesOutsideTheAllowlistAreNeverCreated() {
        byte[] forbidden = JavaSerializer.builder().allow(Forbidden.class).build().serialize(new Forbidden("x"));
        Reference<Object> filter = Reference.create();
        List<byte[]> wire = new ArrayList<>(Block.lengthPrefixed().put(List.of(forbidden)));
        wire.addAll(filter.put(List.of("after")));
        FilterException e = assertThrows(FilterException.class, () -> filter.get(wire));
        assertTrue(e.getMessage().contains("refused") && e.getMessage().contains("Forbidden"), e.getMessage());
        assertEquals(List.of("after"), filter.get(List.of()), "the next frame still reads");
    }

    @Test
    void refusedClassesInsideAllowedContainersToo() {
        PriorityQueue<String> gadget = new PriorityQueue<>(Comparator.reverseOrder());
        gadget.add("a");
        HashMap<String, Object> map = new HashMap<>();
        map.put("inner", new Forbidden("x"));
        for (Object hidden : List.of(gadget, map)) {
            byte[] bytes = JavaSerializer.builder().allow(Forbidden.class, PriorityQueue.class).build().serialize(hidden);
            Reference<Object> filter = Reference.create();
            assertThrows(FilterException.class, () -> filter.get(Block.lengthPrefixed().put(List.of(bytes))),
                    hidden.getClass().getName());
        }
    }

    @Test
    void allowedApplicationClassesAndTypedRecords() {
        JavaSerializer serializer = JavaSerializer.builder().allow(Point.class).build();
        Reference<Point> points = Reference.builder(Point.class).serializer(serializer).build();
        assertEquals(List.of(new Point(1, 2)), points.get(points.put(List.of(new Point(1, 2)))));

        Reference<Object> any = Reference.builder(Object.class).serializer(serializer).build();
        FilterException e = assertThrows(FilterException.class, () -> points.get(any.put(List.of("not a point"))));
        assertTrue(e.getMessage().contains("expected a"), e.getMessage());
    }

    @Test
    void allowPackageRefusesJdkPackages() {
        assertThrows(IllegalArgumentException.class, () -> JavaSerializer.builder().allowPackage("java.util"));
        assertThrows(IllegalArgumentException.class, () -> JavaSerializer.builder().allowPackage(""));
        JavaSerializer s = JavaSerializer.builder().allowPackage("poe.filter").build();
        assertEquals(new Point(3, 4), s.deserialize(s.serialize(new Point(3, 4))));
        JavaSerializer none = JavaSerializer.builder().clearAllowlist().build();
        assertThrows(FilterException.class, () -> none.deserialize(none.serialize(7)));
    }

    @Test
    void graphLimits() {
        List<Object> deep = new ArrayList<>();
        List<Object> at = deep;
        for (int i = 0; i < 100; i++) {
            List<Object> next = new ArrayList<>();
            at.add(next);
            at = next;
        }
        Reference<Object> filter = Reference.create();
        assertThrows(FilterException.class, () -> filter.get(filter.put(List.of(deep))), "deeper than 64");

        JavaSerializer small = JavaSerializer.builder().maxArrayLength(10).build();
        assertThrows(FilterException.class, () -> small.deserialize(small.serialize(new long[11])));
        assertEquals(10, ((long[]) small.deserialize(small.serialize(new long[10]))).length);
    }

    @Test
    void oversizedFramesAreRefusedAndSkipped() {
        Reference<Object> filter = Reference.builder(Object.class).maxFrame(64).build();
        List<byte[]> wire = new ArrayList<>(Reference.create().put(List.of("x".repeat(100))));
        wire.addAll(filter.put(List.of("small")));
        assertThrows(FrameTooLargeException.class, () -> filter.get(wire));
        assertEquals(List.of("small"), filter.get(List.of()));
        assertThrows(IllegalArgumentException.class, () -> filter.put(List.of("y".repeat(100))),
                "put refuses what the peer would refuse");
    }

    @Test
    void compressedFramesMayNotInflatePastTheLimit() {
        byte[] zeros = new byte[1 << 20];
        Deflater deflater = new Deflater();
        deflater.setInput(zeros);
        deflater.finish();
        byte[] buf = new byte[1 << 16];
        int n = deflater.deflate(buf);
        deflater.end();
        byte[] bomb = java.util.Arrays.copyOf(buf, n);
        Reference<Object> filter = Reference.builder(Object.class).compression(true).maxFrame(4096).build();
        assertThrows(FrameTooLargeException.class, () -> filter.get(Block.lengthPrefixed().put(List.of(bomb))));
    }

    @Test
    void unserializableRecordsAreTheCallersError() {
        Reference<Object> filter = Reference.create();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> filter.put(List.of(new Object())));
        assertTrue(e.getMessage().contains("Serializable"), e.getMessage());
    }

    @Test
    void errorsBecomeRecordsWithOnError() {
        Reference<Object> filter = Reference.builder(Object.class).onError(e -> "error: " + e.getMessage()).build();
        Object record = filter.get(bytes("12\0" + "123456789012")).get(0);
        assertTrue(record instanceof String && ((String) record).startsWith("error: "), String.valueOf(record));

        Reference<Object> small = Reference.builder(Object.class).maxFrame(1).maxBuffer(21)
                .onError(e -> "error: " + e.getMessage()).build();
        Object overflow = small.get(bytes("30\0" + "123456789012345678901234567890")).get(0);
        assertTrue(String.valueOf(overflow).contains("maxBuffer"), String.valueOf(overflow));
    }

    @Test
    void cloneKeepsSettings() {
        Reference<Object> filter = Reference.builder(Object.class).serializer(new Reverser()).build();
        filter.getOneStart(bytes("3\0ab"));
        Reference<Object> copy = filter.clone();
        assertTrue(copy.getPending().isEmpty());
        assertEquals(List.of("z"), copy.get(filter.put(List.of("z"))));
        assertEquals(Object.class, copy.type());
    }

    @Test
    void recordsSurviveAnySplit() {
        Reference<Object> filter = Reference.create();
        byte[] all = concat(filter.put(sample()));
        List<Object> got = new ArrayList<>();
        for (byte x : all) {
            got.addAll(filter.get(List.of(new byte[] {x})));
        }
        assertEquals(sample(), got);
    }
}
