package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames whose payload the serializer cannot read: the filter throws (when allowed to)
 * or returns an error record (with onError), and in both cases reads the next frame.
 */
class ReferenceDieTest {

    static Stream<byte[]> unreadablePayloads() {
        byte[] good = JavaSerializer.defaults().serialize(List.of("a", "b"));
        byte[] nullStream = JavaSerializer.builder().build().serialize("x");
        nullStream = Arrays.copyOf(nullStream, nullStream.length);
        return Stream.of(
                new byte[0],                                            // nothing at all
                "not java serialization".getBytes(),                     // garbage
                Arrays.copyOf(good, good.length / 2),                    // truncated
                withByteFlipped(good, 6),                                // damaged class descriptor
                new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x70});      // a serialized null
    }

    private static byte[] withByteFlipped(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x55;
        return copy;
    }

    private static List<byte[]> framesWithFollower(byte[] payload) {
        List<byte[]> wire = new java.util.ArrayList<>(Block.lengthPrefixed().put(List.of(payload)));
        wire.addAll(Reference.create().put(List.of("next")));
        return wire;
    }

    @ParameterizedTest
    @MethodSource("unreadablePayloads")
    void throwsWhenAllowedAndGoesOn(byte[] payload) {
        Reference<Object> filter = Reference.create();
        FilterException e = assertThrows(FilterException.class, () -> filter.get(framesWithFollower(payload)));
        assertTrue(e.getMessage().startsWith("Reference:"), e.getMessage());
        assertEquals(List.of("next"), filter.get(List.of()));
    }

    @ParameterizedTest
    @MethodSource("unreadablePayloads")
    void becomesAnErrorRecordWithOnError(byte[] payload) {
        Reference<Object> filter = Reference.builder(Object.class).onError(e -> e).build();
        List<Object> got = filter.get(framesWithFollower(payload));
        assertEquals(2, got.size());
        assertTrue(got.get(0) instanceof FilterException, String.valueOf(got.get(0)));
        assertEquals("next", got.get(1));
    }
}
