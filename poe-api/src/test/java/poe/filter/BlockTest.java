package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static poe.filter.FilterChecks.assertChunks;
import static poe.filter.FilterChecks.b;
import static poe.filter.FilterChecks.bytes;
import static poe.filter.FilterChecks.norm;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlockTest {

    @Test
    void fixedSizeCutsAndJoins() {
        Block block = Block.fixed(4);
        List<byte[]> raw = block.put(bytes("12345678"));
        List<byte[]> cooked = block.get(raw);
        assertChunks(List.of("1234", "5678"), cooked);
        assertChunks(List.of("12345678"), block.put(cooked), "put() joins blocks into one chunk");
        assertEquals(List.of(), block.put(List.of()), "nothing to put, no chunk");
    }

    @Test
    void fixedSizeStandardRun() {
        FilterChecks.standard(Block.fixed(3), bytes("ab", "cdef", "g"), bytes("abc", "def"), bytes("abcdef"));
    }

    @Test
    void fixedSizeGetOneParsesOneBlockAtATime() {
        Block block = Block.fixed(4);
        block.getOneStart(block.put(bytes("12345678")));
        assertEquals(Optional.of("1234"), norm(block.getOne()));
        assertChunks(List.of("1234"), block.put(bytes("1234")));
        assertChunks(List.of("5678"), block.getPending());
    }

    @Test
    void fixedSizePartialBlockIsPending() {
        Block block = Block.fixed(64);
        String whole = String.format("%-64s", "whole block");
        assertChunks(List.of(whole), block.get(bytes(whole, "partial block")));
        assertChunks(List.of("partial block"), block.getPending());
    }

    @Test
    void lengthPrefixedWithPoesHeader() {
        Block block = Block.lengthPrefixed();
        List<byte[]> raw = block.put(bytes("a", "bc", "def", "ghij"));
        assertChunks(List.of("1\0a", "2\0bc", "3\0def", "4\0ghij"), raw);
        assertChunks(List.of("a", "bc", "def", "ghij"), block.get(raw));

        for (String partial : List.of("1", "0", "\0", "klmno")) {
            assertEquals(List.of(), block.get(bytes(partial)), "partial input: " + partial);
        }
        assertChunks(List.of("klmnopqrst"), block.get(bytes("pqrst")));
    }

    @Test
    void lengthPrefixedStandardRunAndEmptyBlocks() {
        FilterChecks.standard(Block.lengthPrefixed(), bytes("0\0", "3\0a", "bc2\0", "de"),
                bytes("", "abc", "de"), bytes("0\0", "3\0abc", "2\0de"));
    }

    @Test
    void headerStaysPendingUntilItsBlockIsComplete() {
        Block block = Block.lengthPrefixed();
        assertEquals(List.of(), block.get(bytes("5\0ab")));
        assertChunks(List.of("5\0ab"), block.getPending(), "a switch gets the header too");
    }

    @Test
    void customCodecFourByteLength() {
        Block block = Block.lengthPrefixed(LengthCodec.int32());
        List<byte[]> raw = block.put(bytes("a", "bc", "def", "ghij"));
        assertChunks(List.of("\0\0\0\1a", "\0\0\0\2bc", "\0\0\0\3def", "\0\0\0\4ghij"), raw);
        assertChunks(List.of("a", "bc", "def", "ghij"), block.get(raw));
        for (String partial : List.of("\0", "\0", "\0", "\n", "klmno")) {
            assertEquals(List.of(), block.get(bytes(partial)));
        }
        assertChunks(List.of("klmnopqrst"), block.get(bytes("pqrst")));
    }

    @Test
    void configurationErrors() {
        assertThrows(IllegalArgumentException.class, () -> Block.fixed(0));
        assertThrows(IllegalArgumentException.class, () -> Block.fixed(-3));
        assertThrows(IllegalStateException.class, () -> Block.builder().blockSize(4).lengthCodec(LengthCodec.int32()));
        assertThrows(IllegalStateException.class, () -> Block.builder().blockSize(4).maxLength(10));
        assertThrows(IllegalStateException.class, () -> Block.builder().maxLength(10).blockSize(4));
        assertThrows(IllegalArgumentException.class, () -> Block.builder().maxLength(-1));
        assertThrows(IllegalArgumentException.class, () -> Block.builder().maxBuffer(0));
        assertThrows(IllegalArgumentException.class, () -> Block.builder().maxLength(100).maxBuffer(50).build());
        assertThrows(NullPointerException.class, () -> Block.builder().lengthCodec(null));
    }

    @Test
    void oversizedBlockIsRefusedAndSkippedWithoutBufferingIt() {
        Block block = Block.builder().maxLength(10).build();
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                () -> block.get(bytes("30\0a bunch of data here")));
        assertTrue(e.getMessage().contains("exceeds maxLength"), e.getMessage());
        assertTrue(block.getPending().isEmpty(), "the oversized payload is not kept");
        assertEquals(List.of(), block.get(bytes("ten more b")), "the last 10 of the 30 bytes");
        assertChunks(List.of("ok"), block.get(bytes("2\0ok")), "framing resumes after the skipped block");
    }

    @Test
    void bufferLimit() {
        Block block = Block.builder().maxLength(5).maxBuffer(25).build();
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                () -> block.getOneStart(bytes("134\0a bunch of data here, too much of it")));
        assertTrue(e.getMessage().contains("maxBuffer"), e.getMessage());
        assertTrue(block.getPending().isEmpty());
    }

    @Test
    void malformedHeaderDropsTheBuffer() {
        Block block = Block.lengthPrefixed();
        FilterException e = assertThrows(FilterException.class, () -> block.get(bytes("12x\0abc")));
        assertTrue(e.getMessage().contains("length header"), e.getMessage());
        assertTrue(block.getPending().isEmpty());
        assertChunks(List.of("ok"), block.get(bytes("2\0ok")));

        assertThrows(FilterException.class, () -> block.get(bytes("\0")), "NUL without digits");
        assertThrows(FilterException.class, () -> block.get(List.of(b("1234567890123456789"))),
                "a header may not grow forever");
    }

    @Test
    void failingCustomCodecBecomesFilterException() {
        LengthCodec broken = new LengthCodec() {
            @Override
            public byte[] encode(int payloadLength) {
                return new byte[0];
            }

            @Override
            public Optional<Header> decode(byte[] bytes, int offset, int available) {
                throw new IllegalStateException("boom");
            }
        };
        Block block = Block.lengthPrefixed(broken);
        FilterException e = assertThrows(FilterException.class, () -> block.get(bytes("abc")));
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }
}
