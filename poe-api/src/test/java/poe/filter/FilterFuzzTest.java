package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import poe.filter.http.HttpMessage;
import poe.filter.http.HttpRequest;
import poe.filter.http.HttpResponse;

/**
 * Fuzz tests (Jazzer). In a normal test run they replay the seed corpus under
 * {@code src/test/resources/poe/filter/FilterFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} one of them fuzzes (see poe-api/FILTERS.md).
 *
 * <p>Each target feeds arbitrary bytes, in arbitrary chunks, to a filter with small
 * limits and checks: no exception other than the documented ones, and the buffered bytes
 * stay within the limits after every drain. A hang would show up as a Jazzer timeout.
 *
 * <p>Replay runs without Jazzer's instrumentation ({@code jazzer.hooks=false}, set below
 * unless configured otherwise) to keep the suite fast.
 */
class FilterFuzzTest {

    @BeforeAll
    static void replayWithoutInstrumentation() {
        // Replaying seeds needs no coverage instrumentation, and attaching it costs half a
        // minute; a fuzzing run (JAZZER_FUZZ=1) keeps Jazzer's defaults.
        if (System.getenv("JAZZER_FUZZ") == null && System.getenv("JAZZER_HOOKS") == null
                && System.getProperty("jazzer.hooks") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
    }

    /** Feeds every chunk, draining after each; returns the records. Documented exceptions are caught. */
    private static <O> List<O> drain(Filter<byte[], O> filter, FuzzInput in, int bound) {
        List<O> out = new ArrayList<>();
        for (byte[] chunk : in.chunks()) {
            try {
                filter.getOneStart(List.of(chunk));
            } catch (FrameTooLargeException expected) {
                // the chunk was refused: the buffer limit holds
            }
            while (true) {
                try {
                    Optional<O> next = filter.getOne();
                    if (next.isEmpty()) {
                        break;
                    }
                    out.add(next.get());
                } catch (FilterException expected) {
                    // documented: malformed or oversized input; the filter goes on
                }
            }
            int pending = FuzzInput.pendingBytes(asBytes(filter.getPending()));
            assertTrue(pending <= bound, "buffered " + pending + " bytes, bound " + bound);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<byte[]> asBytes(List<?> pending) {
        return (List<byte[]>) pending;
    }

    @FuzzTest(maxDuration = "60s")
    void line(byte[] input) {
        FuzzInput in = FuzzInput.of(input);
        int maxLength = 1 + (in.config >>> 2);
        Line.Builder b = Line.builder().maxLength(maxLength);
        switch (in.config & 3) {
            case 0:
                break;
            case 1:
                b.literal("\r\n");
                break;
            case 2:
                b.inputRegex("[;\n]+|<>");
                break;
            default:
                b.autodetectInput();
                break;
        }
        Line line = b.build();
        for (String record : drain(line, in, maxLength + Line.REGEX_TERMINATOR_SLACK + 64)) {
            assertTrue(record.length() <= maxLength, "a line longer than maxLength came out");
        }
        line.put(List.of("any", ""));
    }

    @FuzzTest(maxDuration = "60s")
    void block(byte[] input) {
        FuzzInput in = FuzzInput.of(input);
        int limit = 1 + (in.config >>> 2);
        Block block;
        switch (in.config & 3) {
            case 0:
                block = Block.fixed(limit);
                break;
            case 1:
                block = Block.builder().lengthCodec(LengthCodec.int32()).maxLength(limit).build();
                break;
            default:
                block = Block.builder().maxLength(limit).build();
                break;
        }
        for (byte[] record : drain(block, in, limit + 64)) {
            assertTrue(record.length <= limit, "a block longer than its limit came out");
        }
    }

    @FuzzTest(maxDuration = "60s")
    void httpd(byte[] input) {
        FuzzInput in = FuzzInput.of(input);
        int maxContent = 1 + (in.config & 0x3F) * 64;
        Httpd httpd = Httpd.builder().maxContent(maxContent).maxHeaderBytes(2048).maxRequestLine(512)
                .maxHeaders(16).build();
        List<HttpMessage> records;
        try {
            records = drain(httpd, in, 2 * 2048 + 2 * maxContent + (64 << 10));
        } catch (FilterException e) {
            fail("Httpd must answer malformed input with a response record, not " + e);
            return;
        }
        boolean failed = false;
        for (HttpMessage m : records) {
            assertFalse(failed, "nothing may follow an error response");
            if (m instanceof HttpResponse) {
                int status = ((HttpResponse) m).status();
                assertTrue(status >= 400 && status < 600, "error status " + status);
                failed = true;
            } else {
                HttpRequest r = (HttpRequest) m;
                assertTrue(r.bodyLength() <= maxContent, "body over maxContent");
                HttpRequest again = (HttpRequest) Httpd.create().get(httpd.put(List.of(r))).get(0);
                assertEquals(r.method(), again.method());
                assertEquals(r.target(), again.target());
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void reference(byte[] input) {
        FuzzInput in = FuzzInput.of(input);
        int maxFrame = 64 + (in.config >>> 1) * 64;
        Reference<Object> reference = Reference.builder(Object.class)
                .compression((in.config & 1) == 1).maxFrame(maxFrame).build();
        for (Object record : drain(reference, in, maxFrame + 64)) {
            String type = record.getClass().getName();
            assertTrue(type.startsWith("java."), "only JDK value types are allowed by default, got " + type);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void stackable(byte[] input) {
        FuzzInput in = FuzzInput.of(input);
        int maxLength = 1 + (in.config >>> 1);
        Stackable<byte[], List<String>> stack = Stackable.of(Line.builder().maxLength(maxLength).build())
                .push(Map.of(String::trim))
                .push(Grep.of(s -> !s.isEmpty(), s -> true))
                .push(RecordBlock.<String>of(1 + (in.config & 1)));
        for (List<String> block : drain(stack, in, maxLength + 64 + 4 * (maxLength + 2))) {
            assertEquals(1 + (in.config & 1), block.size());
        }
        stack.put(List.of(List.of("a", "b")));
    }
}
