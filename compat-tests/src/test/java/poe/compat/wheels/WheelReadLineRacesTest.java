package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

import poe.EventContext;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.ReadLine;

/**
 * The ReadLine wheel's reader thread against the others: the JVM's signal thread, and the
 * kernel's thread calling the wheel while a line is read, on a JLine terminal of the test's
 * (which also covers {@code terminal(...)}: a wheel on a terminal of the caller's, which it
 * leaves open).
 *
 * <p>Window-size changes (SIGWINCH) that come while the reader thread draws a prompt. The
 * signal arrives on a thread of its own, and JLine 3.26 began its redraw there (carriage
 * return, clear to the end) outside the reader's lock, so the two threads' escape sequences
 * were interleaved character by character: CI saw {@code ESC ESC [ [ J ? 1 h} and a prompt
 * the screen could not show. Here a thread raises WINCH as fast as it can while the session
 * asks for 1,000 lines one after the other (each a prompt drawn anew; every fifth after a
 * {@code clear()} from the kernel's thread, which races with the reader's drawing in the
 * same way); every byte the terminal was sent must be plain text or a whole escape
 * sequence, and every line must arrive as typed.
 *
 * <p>A race cannot be forced from outside JLine, so these tests find the old bugs by chance:
 * without the fixes, 2 to 7 of the 8 loop and mode cases of the resize test failed in each
 * run, and all 8 of the history test. With the fixes the races cannot happen at all, so
 * the tests cannot flake.
 */
class WheelReadLineRacesTest {

    private static final int LINES = 1_000;

    @LoopTest(timeoutSeconds = 120)
    void resizesWhilePromptsAreDrawnNeverInterleaveTheOutput(ScenarioContext ctx) throws IOException {
        KeyboardInput keys = new KeyboardInput();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        OutputStream output = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (screen) {
                    screen.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (screen) {
                    screen.write(b, off, len);
                }
            }
        };
        Terminal terminal = new ExternalTerminal("race", "xterm-256color", keys, output, StandardCharsets.UTF_8);
        terminal.setSize(new Size(80, 24));
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger raised = new AtomicInteger();
        Thread resizer = new Thread(() -> {
            int i = 0;
            while (!done.get()) {
                terminal.setSize(new Size(++i % 2 == 0 ? 80 : 40, 24));
                terminal.raise(Terminal.Signal.WINCH);      // as JLine's signal thread does for a real SIGWINCH
                raised.incrementAndGet();
                Thread.yield();
            }
        }, "test-sigwinch");
        List<String> lines = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    ReadLine rl = ReadLine.builder().terminal(terminal).inputEvent("got_line").create(ev.kernel());
                    heap(ev).put("rl", rl);
                    resizer.start();
                    ask(rl, keys, 0);
                })
                .on("got_line", ev -> {
                    ReadLine rl = (ReadLine) heap(ev).get("rl");
                    lines.add(ev.arg(ReadLine.ARG_INPUT) + "/" + ev.arg(ReadLine.ARG_EXCEPTION));
                    if (lines.size() < LINES) {
                        ask(rl, keys, lines.size());
                    } else {
                        rl.close();
                        done.set(true);
                    }
                })
                .create(ctx.kernel());
        try {
            ctx.drive();
        } finally {
            done.set(true);
            keys.end();                                     // the terminal's input pump ends
            terminal.close();
        }
        try {
            resizer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(LINES, lines.size(), "lines: " + lines);
        for (int i = 0; i < LINES; i++) {
            assertEquals("line" + i + "/null", lines.get(i), "line " + i);
        }
        assertTrue(raised.get() > 0, "the resizer never ran");
        String sent;
        synchronized (screen) {
            sent = screen.toString(StandardCharsets.UTF_8);
        }
        String text = sent.replaceAll("\u001b(\\[[0-9;?]*[@-~]|[=>])", "");
        int broken = text.indexOf('\u001b');
        assertTrue(broken < 0, "a broken escape sequence after " + raised.get() + " resizes: "
                + printable(text.substring(Math.max(0, broken - 40), Math.min(text.length(), broken + 40))));
    }

    /**
     * With {@code autoAddHistory(true)} the reader thread adds each line entered to the
     * history while the kernel's thread may be reading it: {@code getHistory()} right after
     * {@code get()}, over and over, while 500 lines are entered, never meets a history
     * changing under it (a {@code ConcurrentModificationException} before), and ends with
     * every line in it.
     */
    @LoopTest(timeoutSeconds = 120)
    void getHistoryWhileTheReaderAddsALine(ScenarioContext ctx) throws IOException {
        int lines = 500;
        KeyboardInput keys = new KeyboardInput();
        Terminal terminal = new ExternalTerminal("history", "xterm-256color", keys, OutputStream.nullOutputStream(),
                StandardCharsets.UTF_8);
        terminal.setSize(new Size(80, 24));
        List<String> failures = new ArrayList<>();
        int[] got = new int[1];
        List<String> history = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    ReadLine rl = ReadLine.builder().terminal(terminal).autoAddHistory(true).inputEvent("got_line")
                            .create(ev.kernel());
                    heap(ev).put("rl", rl);
                    askAndRead(rl, keys, 0, failures);
                })
                .on("got_line", ev -> {
                    ReadLine rl = (ReadLine) heap(ev).get("rl");
                    if (++got[0] < lines) {
                        askAndRead(rl, keys, got[0], failures);
                    } else {
                        history.addAll(rl.getHistory());
                        rl.close();
                    }
                })
                .create(ctx.kernel());
        try {
            ctx.drive();
        } finally {
            keys.end();
            terminal.close();
        }
        assertEquals(List.of(), failures);
        assertEquals(lines, got[0]);
        assertEquals(lines, history.size(), "history: " + history);
        assertEquals("line" + (lines - 1), history.get(lines - 1));
    }

    /** Asks for a line, types it, and reads the history while the reader thread takes the line. */
    private static void askAndRead(ReadLine rl, KeyboardInput keys, int n, List<String> failures) {
        rl.get("> ");
        keys.type("line" + n + "\n");
        for (int i = 0; i < 20; i++) {
            try {
                rl.getHistory();
            } catch (RuntimeException e) {
                failures.add("line " + n + ": " + e);
            }
        }
    }

    /** Asks for a line and types it: the keys wait in the terminal until JLine reads. */
    private static void ask(ReadLine rl, KeyboardInput keys, int n) {
        rl.get("> ");
        if (n % 5 == 0) {
            rl.clear();                 // while the reader thread starts to draw the prompt
        }
        keys.type("line" + n + "\n");
    }

    private static Map<String, Object> heap(EventContext ev) {
        return ev.heap();
    }

    private static String printable(String s) {
        return s.replace("\u001b", "\\e").replace("\r", "\\r").replace("\n", "\\n");
    }

    /** Keys typed by the test, read by the terminal's pump: blocks until some are typed. */
    private static final class KeyboardInput extends InputStream {
        private final LinkedBlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();

        void type(String keys) {
            for (byte b : keys.getBytes(StandardCharsets.UTF_8)) {
                bytes.add(b & 0xff);
            }
        }

        /** The end of the input, after what was typed. */
        void end() {
            bytes.add(-1);
        }

        @Override
        public int read() throws IOException {
            try {
                int b = bytes.take();
                if (b < 0) {
                    bytes.add(-1);                          // the end stays the end
                }
                return b;
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException("closed");
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int first = read();
            if (first < 0) {
                return -1;
            }
            b[off] = (byte) first;
            int n = 1;
            Integer next;
            while (n < len && (next = bytes.peek()) != null && next >= 0) {
                bytes.poll();
                b[off + n++] = (byte) (int) next;
            }
            return n;
        }
    }
}
