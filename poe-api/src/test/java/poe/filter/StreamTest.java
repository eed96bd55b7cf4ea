package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    @Test
    void aLoneChunkIsHandedOnWithoutACopy() {
        Stream stream = Stream.create();
        byte[] chunk = {1, 2, 3};
        stream.getOneStart(List.of(chunk));
        byte[] pending = stream.getPending().get(0);
        assertNotSame(chunk, pending, "getPending returns a copy");
        assertArrayEquals(chunk, pending);
        assertSame(chunk, stream.getOne().orElseThrow(), "the filter keeps a chunk handed to it (Filter's contract)");
        assertEquals(Optional.empty(), stream.getOne());
        assertTrue(stream.getPending().isEmpty());
    }

    @Test
    void chunksAfterALoneOneAreJoinedInOrder() {
        Stream stream = Stream.create();
        byte[] first = {1, 2};
        stream.getOneStart(List.of(first));
        stream.getOneStart(List.of(new byte[] {3}, new byte[0], new byte[] {4, 5}));
        byte[] joined = stream.getOne().orElseThrow();
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, joined);
        assertNotSame(first, joined);
        stream.getOneStart(List.of(new byte[0]));
        assertEquals(Optional.empty(), stream.getOne(), "an empty chunk makes no record");
        byte[] next = {6};
        stream.getOneStart(List.of(next));
        assertSame(next, stream.getOne().orElseThrow());
    }
}
