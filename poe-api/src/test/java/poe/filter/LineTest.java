package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static poe.filter.FilterChecks.assertChunks;
import static poe.filter.FilterChecks.b;
import static poe.filter.FilterChecks.bytes;
import static poe.filter.FilterChecks.norm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LineTest {

    @Test
    void contradictoryConfigurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Line.literal(""));
        assertThrows(IllegalStateException.class, () -> Line.builder().inputRegex("\r").literal("\n"));
        assertThrows(IllegalStateException.class, () -> Line.builder().literal("\n").inputRegex("\r"));
        assertThrows(IllegalStateException.class, () -> Line.builder().inputLiteral("\r").literal("\n"));
        assertThrows(IllegalStateException.class, () -> Line.builder().literal("\n").outputLiteral("\r"));
        assertThrows(IllegalStateException.class, () -> Line.builder().inputRegex("\r").inputLiteral("\n"));
        assertThrows(IllegalStateException.class, () -> Line.builder().autodetectInput().anyNewlineInput());
        assertThrows(IllegalArgumentException.class, () -> Line.builder().inputRegex("x*"));
        assertThrows(IllegalArgumentException.class, () -> Line.builder().outputLiteral(""));
    }

    @Test
    void limitsMustBePositiveAndFit() {
        assertThrows(IllegalArgumentException.class, () -> Line.builder().maxLength(0));
        assertThrows(IllegalArgumentException.class, () -> Line.builder().maxLength(-1));
        assertThrows(IllegalArgumentException.class, () -> Line.builder().maxBuffer(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Line.builder().maxLength(10).maxBuffer(5).build());
        assertTrue(e.getMessage().contains("maxBuffer"), e.getMessage());
    }

    @Test
    void defaultModeAcceptsEveryNewlineAndWritesCrLf() {
        FilterChecks.standard(Line.create(),
                bytes("a\r", "b\n", "c\r\n", "d\n\r"),
                List.of("a", "b", "c", "d"),
                bytes("a\r\n", "b\r\n", "c\r\n", "d\r\n"));
    }

    @Test
    void defaultModeDoesNotDependOnWhereChunksSplitATwoByteNewline() {
        Line line = Line.create();
        assertEquals(List.of("a"), line.get(bytes("a\r")));
        assertEquals(List.of("b"), line.get(bytes("\nb\n")));
        assertEquals(List.of(), line.get(bytes("\r")), "LF CR split: the CR completes the newline");
        assertEquals(List.of("", "c"), line.get(bytes("\r\nc\r\n")), "an empty line is still a line");
    }

    @Test
    void literalTerminatorLeavesTheTailPending() {
        Line line = Line.literal("x");
        FilterChecks.standard(line, bytes("axa", "bxb", "cxc", "dxd"),
                List.of("a", "ab", "bc", "cd"), bytes("ax", "abx", "bcx", "cdx"));
        assertChunks(List.of("d"), line.getPending());
    }

    @Test
    void multiByteLiteralSplitAcrossChunks() {
        Line line = Line.literal("<>");
        assertEquals(List.of(), line.get(bytes("one<")));
        assertEquals(List.of("one", "two"), line.get(bytes(">two<", ">")));
    }

    @Test
    void differentInputAndOutputLiterals() {
        Line line = Line.builder().inputLiteral("x").outputLiteral("y").build();
        List<String> got = line.get(bytes("axa", "bxb", "cxc", "dxd"));
        assertEquals(List.of("a", "ab", "bc", "cd"), got);
        assertChunks(List.of("ay", "aby", "bcy", "cdy"), line.put(got));
    }

    @Test
    void regexTerminatorFromStringOrPattern() {
        for (Line line : List.of(Line.builder().inputRegex("[xy]").outputLiteral("!").build(),
                Line.builder().inputRegex(Pattern.compile("[xy]")).outputLiteral("!").build())) {
            List<String> got = line.get(bytes("axa", "byb", "cxc", "dyd"));
            assertEquals(List.of("a", "ab", "bc", "cd"), got);
            assertChunks(List.of("a!", "ab!", "bc!", "cd!"), line.put(got));
        }
    }

    @Test
    void regexMatchThatCouldGrowWaitsForMoreInput() {
        Line line = Line.builder().inputRegex("-+").build();
        assertEquals(List.of(), line.get(bytes("a--")), "the dashes may continue");
        assertEquals(List.of("a"), line.get(bytes("-b")));
        assertChunks(List.of("b"), line.getPending());
    }

    @Test
    void autodetectCrThenLfSplitAcrossChunks() {
        Line line = Line.builder().autodetectInput().outputLiteral("!").build();
        List<String> got = new ArrayList<>();
        for (String chunk : List.of("a\r", "\nb\r\n", "c\n\r", "\n")) {
            got.addAll(line.get(bytes(chunk)));
        }
        assertChunks(List.of("a!", "b!", "c\n!"), line.put(got));
    }

    @Test
    void autodetectLfCrOnTheFirstLine() {
        Line line = Line.builder().autodetectInput().outputLiteral("!").build();
        List<String> got = new ArrayList<>();
        for (String chunk : List.of("a\n\r", "\rb\n\r", "c\r", "\n\r")) {
            got.addAll(line.get(bytes(chunk)));
        }
        assertChunks(List.of("a!", "\rb!", "c\r!"), line.put(got));
    }

    @Test
    void autodetectLoneLfDecidedByTheNextByte() {
        Line line = Line.builder().autodetectInput().outputLiteral("!").build();
        List<String> got = new ArrayList<>();
        for (String chunk : List.of("a\n", "b\r\n", "c\r", "\n")) {
            got.addAll(line.get(bytes(chunk)));
        }
        assertChunks(List.of("a!", "b\r!", "c\r!"), line.put(got));
    }

    @Test
    void cloneStartsAutodetectionAfresh() {
        Line line = Line.builder().autodetectInput().build();
        assertEquals(List.of("a"), line.get(bytes("a\nb")));
        Line fresh = line.clone();
        assertEquals(List.of("x"), fresh.get(bytes("x\ry")), "the clone detects its own newline");
        assertEquals(List.of("b"), line.get(bytes("\n")));
    }

    @Test
    void tooLongLineWithTerminatorIsDroppedAndTheNextOneIsRead() {
        Line line = Line.builder().maxLength(10).build();
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                () -> line.get(bytes("This line is going to be too long for our filter\nshort\n")));
        assertEquals(10, e.limit());
        assertTrue(e.getMessage().contains("maxLength"), e.getMessage());
        assertEquals(List.of("short"), line.get(List.of()));
    }

    @Test
    void tooLongLineIsRefusedBeforeItsTerminatorArrivesAndDiscardedUpToIt() {
        Line line = Line.builder().maxLength(8).build();
        assertEquals(List.of(), line.get(bytes("12345678")), "exactly maxLength is fine so far");
        assertThrows(FrameTooLargeException.class, () -> line.get(bytes("9A")));
        assertTrue(line.getPending().isEmpty(), "the long line's bytes were released");
        assertEquals(List.of(), line.get(bytes("more of the long line")));
        assertTrue(line.getPending().isEmpty());
        assertEquals(List.of("next"), line.get(bytes("tail\r\nnext\r\n")));
    }

    @Test
    void lineOfExactlyMaxLengthIsAccepted() {
        Line line = Line.builder().maxLength(4).build();
        assertEquals(List.of("abcd"), line.get(bytes("abcd\r", "\n")));
    }

    @Test
    void bufferLimitRefusesChunksWithoutBufferingThem() {
        Line line = Line.builder().maxLength(5).maxBuffer(10).build();
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class,
                () -> line.getOneStart(bytes("This line is going to be too long\n")));
        assertTrue(e.getMessage().contains("maxBuffer"), e.getMessage());
        assertTrue(line.getPending().isEmpty());
        assertEquals(List.of("ok"), line.get(bytes("ok\n")));
    }

    @Test
    void charsetDecodesWholeLinesEvenWhenAChunkSplitsACharacter() {
        byte[] utf8 = "caf\u00e9 \u2603\n".getBytes(StandardCharsets.UTF_8);
        Line line = Line.create();
        List<String> got = new ArrayList<>();
        for (byte x : utf8) {
            got.addAll(line.get(List.of(new byte[] {x})));
        }
        assertEquals(List.of("caf\u00e9 \u2603"), got);
        assertEquals("caf\u00e9\r\n", new String(line.put(List.of("caf\u00e9")).get(0), StandardCharsets.UTF_8));

        Line latin = Line.builder().charset(StandardCharsets.ISO_8859_1).literal("\n").build();
        assertEquals(List.of("caf\u00e9"), latin.get(List.of(new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'})));
        assertEquals(List.of(5), List.of(latin.put(List.of("caf\u00e9")).get(0).length));
    }

    @Test
    void partialLineIsPendingForAFilterSwitch() {
        Line line = Line.create();
        assertEquals(List.of("whole line"), line.get(bytes("whole line\r\n", "partial line")));
        assertChunks(List.of("partial line"), line.getPending());
        assertEquals(Optional.empty(), line.getOne());
        assertChunks(List.of("partial line"), line.getPending(), "getPending() does not consume");
    }

    @Test
    void nullsAreRefused() {
        Line line = Line.create();
        List<byte[]> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> line.getOneStart(withNull));
        List<String> nullRecord = new ArrayList<>();
        nullRecord.add(null);
        assertThrows(NullPointerException.class, () -> line.put(nullRecord));
        assertEquals(norm(List.of()), norm(line.getPending()));
    }

    @Test
    void manyLinesInOneChunkComeOutInOrder() {
        StringBuilder sb = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sb.append("line ").append(i).append('\n');
            expected.add("line " + i);
        }
        assertEquals(expected, Line.create().get(List.of(b(sb.toString()))));
    }
}
