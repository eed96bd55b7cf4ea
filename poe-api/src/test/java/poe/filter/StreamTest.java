package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static poe.filter.FilterChecks.assertChunks;
import static poe.filter.FilterChecks.bytes;
import static poe.filter.FilterChecks.norm;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamTest {

    private static final List<String> FODDER = List.of("a", "bc", "def", "ghij", "klmno");

    @Test
    void standardRun() {
        FilterChecks.standard(Stream.create(), bytes("a", "bc", "def", "ghij", "klmno"),
                bytes("abcdefghijklmno"), bytes("abcdefghijklmno"));
    }

    @Test
    void getJoinsPutKeepsChunksApart() {
        Stream stream = Stream.create();
        assertChunks(List.of("abcdefghijklmno"), stream.get(bytes(FODDER.toArray(new String[0]))));
        assertChunks(FODDER, stream.put(bytes(FODDER.toArray(new String[0]))));
    }

    @Test
    void getOneDrainsTheBuffer() {
        Stream stream = Stream.create();
        stream.getOneStart(bytes(FODDER.toArray(new String[0])));
        assertChunks(List.of("abcdefghijklmno"), stream.getPending());
        assertEquals(Optional.of("abcdefghijklmno"), norm(stream.getOne()));
        assertEquals(Optional.empty(), stream.getOne());
        assertTrue(stream.getPending().isEmpty());
    }

    @Test
    void putCopiesSoCallersMayReuseArrays() {
        byte[] mine = {1, 2, 3};
        byte[] out = Stream.create().put(List.of(mine)).get(0);
        assertNotSame(mine, out);
        mine[0] = 9;
        assertEquals(1, out[0]);
    }
}
