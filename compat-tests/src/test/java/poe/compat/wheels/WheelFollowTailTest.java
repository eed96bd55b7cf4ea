package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import poe.EventContext;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.driver.SysRW;
import poe.filter.Block;
import poe.wheel.ErrnoNames;
import poe.wheel.FollowTail;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/**
 * POE::Test::Loops wheel_tail (WTAIL-01..09) and z_rt54319_bazerka_followtail (ZR54-01..02),
 * and FollowTail's reliability cases (issue 16): a followed file deleted, truncated,
 * rotated twice between two polls, and one that grows by 10 MB at once.
 */
class WheelFollowTailTest {

    private static Map<String, Object> heap(EventContext ev) {
        return ev.heap();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("poe-tail");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** WTAIL-01..04: FollowTail on an accepted socket, Block(16) over 24-byte reads; EOF is errno 0. */
    @LoopTest(timeoutSeconds = 60)
    void followsASocketUntilItsEnd(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        int[] port = new int[1];
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    SocketFactory sf = SocketFactory.builder().bindAddress("127.0.0.1")
                            .successEvent("accepted").failureEvent("failed").create(ev.kernel());
                    heap(ev).put("sf", sf);
                    port[0] = sf.port();
                    heap(ev).put("blocks", 0);
                })
                .on("accepted", ev -> {
                    ((SocketFactory) heap(ev).remove("sf")).close();
                    FollowTail tail = FollowTail.builder().handle((SocketChannel) ev.arg(0))
                            .driver(new SysRW(24)).filter(Block.fixed(16))
                            .inputEvent("wrong_input").errorEvent("wrong_error").create(ev.kernel());
                    tail.event("InputEvent", "block", "ErrorEvent", "error");        // WTAIL-01
                    heap(ev).put("tail", tail);
                })
                .on("block", ev -> {
                    String block = new String((byte[]) ev.arg(0), StandardCharsets.US_ASCII);
                    if (block.equals("DONEDONEDONEDONE")) {
                        log.add("server blocks " + heap(ev).get("blocks"));
                    } else {
                        heap(ev).merge("blocks", 1, (a, b) -> (Integer) a + (Integer) b);
                    }
                })
                .on("error", ev -> {                                                   // WTAIL-03
                    log.add("server " + ev.arg(0) + " " + (ErrnoNames.EOF.equals(ev.arg(1)) ? "EOF" : ev.arg(1)));
                    ((FollowTail) heap(ev).remove("tail")).close();
                })
                .on("wrong_input", ev -> log.add("old input name used"))
                .on("wrong_error", ev -> log.add("old error name used"))
                .on("failed", ev -> log.add("failed " + ev.args()))
                .create(ctx.kernel());
        Session.builder()                                                               // WTAIL-04
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> heap(ev).put("sf", SocketFactory.builder().remoteAddress("127.0.0.1")
                        .remotePort(port[0]).successEvent("up").failureEvent("down").create(ev.kernel())))
                .on("up", ev -> {
                    ((SocketFactory) heap(ev).remove("sf")).close();
                    heap(ev).put("rw", ReadWrite.builder().handle((SocketChannel) ev.arg(0))
                            .filter(poe.filter.Stream.create()).flushedEvent("flushed").create(ev.kernel()));
                    heap(ev).put("rounds", 0);
                    ev.kernel().yield("send");
                })
                .on("send", ev -> ((ReadWrite) heap(ev).get("rw"))
                        .put("0123456789ABCDEF0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII)))
                .on("flushed", ev -> {
                    int rounds = (Integer) heap(ev).merge("rounds", 1, (a, b) -> (Integer) a + (Integer) b);
                    if (rounds < 5) {
                        ev.kernel().delay("send", 0.1);
                    } else if (rounds == 5) {
                        ((ReadWrite) heap(ev).get("rw")).put("DONEDONEDONEDONE".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        log.add("client flushes " + (rounds - 1));
                        ((ReadWrite) heap(ev).remove("rw")).close();
                    }
                })
                .on("down", ev -> log.add("down " + ev.args()))
                .create(ctx.kernel());
        ctx.drive();
        List<String> sorted = new ArrayList<>(log);
        sorted.sort(null);
        assertEquals(List.of("client flushes 5", "server blocks 10", "server read EOF"), sorted);
    }

    /** WTAIL-05..09: by name; missing file (idle), appears (reset, input), deleted and recreated. */
    @LoopTest(timeoutSeconds = 60)
    void followsANameThroughAbsenceAndReplacement(ScenarioContext ctx) throws IOException {
        Path dir = tempDir();
        Path file = dir.resolve("tail.txt");
        List<String> log = new ArrayList<>();
        int[] written = new int[1];
        try {
            Session.builder()
                    .heap(new HashMap<String, Object>())
                    .on("_start", ev -> heap(ev).put("tail", FollowTail.builder().filename(file).pollInterval(0.2)
                            .inputEvent("input").resetEvent("reset").idleEvent("idle").create(ev.kernel())))
                    .on("idle", ev -> {
                        FollowTail tail = (FollowTail) heap(ev).get("tail");
                        append(file, "moo\n");                                        // WTAIL-05
                        written[0]++;
                        tail.event("IdleEvent", null);
                    })
                    .on("reset", ev -> log.add("reset"))
                    .on("input", ev -> {                                              // WTAIL-06
                        log.add("input " + ev.arg(0));
                        FollowTail tail = (FollowTail) heap(ev).get("tail");
                        if (written[0] == 1) {                                         // WTAIL-07
                            Files.delete(file);
                            tail.event("IdleEvent", "idle");
                        } else {
                            ((FollowTail) heap(ev).remove("tail")).close();
                        }
                    })
                    .create(ctx.kernel());
            ctx.drive();                                                                // WTAIL-09
        } finally {
            deleteTree(dir);
        }
        assertEquals(List.of("reset", "input moo", "reset", "input moo"), log);    // WTAIL-08
    }

    /** ZR54-01..02: lines appended every 0.25 s reach a 0.5 s poller within a bound; tail starts at the end. */
    @LoopTest(timeoutSeconds = 60)
    void deliversEachAppendedLineSoon(ScenarioContext ctx) throws IOException {
        Path dir = tempDir();
        Path file = dir.resolve("log.txt");
        append(file, "old line, before the tail\n");
        List<String> got = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        try {
            Session.builder()
                    .heap(new HashMap<String, Object>())
                    .on("_start", ev -> {
                        heap(ev).put("tail", FollowTail.builder().filename(file).pollInterval(0.5)
                                .inputEvent("line").create(ev.kernel()));
                        heap(ev).put("n", 0);
                        ev.kernel().delay("write", 0.25);
                        ev.kernel().delay("timeout", 30);
                    })
                    .on("write", ev -> {
                        int n = (Integer) heap(ev).merge("n", 1, (a, b) -> (Integer) a + (Integer) b);
                        append(file, n + " " + System.nanoTime() + "\n");
                        if (n < 6) {
                            ev.kernel().delay("write", 0.25);
                        }
                    })
                    .on("line", ev -> {
                        String[] parts = ((String) ev.arg(0)).split(" ");
                        got.add(parts[0]);
                        delays.add((System.nanoTime() - Long.parseLong(parts[1])) / 1_000_000);
                        if (got.size() == 6) {
                            ((FollowTail) heap(ev).remove("tail")).close();
                            ev.kernel().delay("timeout");                          // ZR54-02
                        }
                    })
                    .on("timeout", ev -> ((FollowTail) heap(ev).remove("tail")).close())
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            deleteTree(dir);
        }
        assertEquals(List.of("1", "2", "3", "4", "5", "6"), got, "every line once, none from before the start");
        for (long ms : delays) {
            assertTrue(ms < 5_000, "a 0.5 s poll delivers within 5 s even on a loaded machine: " + delays);
        }
    }

    /**
     * Reliability: truncated, deleted, rotated twice between two polls, and 10 MB at once.
     * Every line written to a file the wheel can still reach arrives once, in order.
     */
    @LoopTest(timeoutSeconds = 120)
    void survivesTruncationDeletionDoubleRotationAndAFloodOfData(ScenarioContext ctx) throws IOException {
        Path dir = tempDir();
        Path file = dir.resolve("app.log");
        append(file, "");
        List<String> got = new ArrayList<>();
        int[] resets = new int[1];
        int floodLines = 10 * 1024 * 1024 / 64;
        String pad = "x".repeat(64);
        try {
            Session.builder()
                    .heap(new HashMap<String, Object>())
                    .on("_start", ev -> {
                        heap(ev).put("tail", FollowTail.builder().filename(file).pollInterval(0.1)
                                .inputEvent("line").resetEvent("reset").create(ev.kernel()));
                        heap(ev).put("step", 0);
                        ev.kernel().delay("step", 0.2);
                    })
                    .on("reset", ev -> resets[0]++)
                    .on("step", ev -> {
                        int step = (Integer) heap(ev).merge("step", 1, (a, b) -> (Integer) a + (Integer) b);
                        switch (step) {
                            case 1 -> append(file, "a1\na2\n");
                            case 2 -> Files.write(file, new byte[0]);                    // truncated
                            case 3 -> append(file, "b1\n");
                            case 4 -> Files.delete(file);                               // deleted
                            case 5 -> append(file, "c1\n");                             // and back
                            case 6 -> {                                                 // rotated twice at once
                                append(file, "c2\n");
                                Files.move(file, dir.resolve("app.log.1"), StandardCopyOption.REPLACE_EXISTING);
                                append(file, "");
                                Files.move(dir.resolve("app.log.1"), dir.resolve("app.log.2"));
                                Files.move(file, dir.resolve("app.log.1"));
                                append(file, "d1\n");
                            }
                            case 7 -> {                                                 // 10 MB in one write
                                StringBuilder flood = new StringBuilder(floodLines * 64);
                                for (int i = 0; i < floodLines; i++) {
                                    String line = "f" + i + " ";
                                    flood.append(line).append(pad, 0, 63 - line.length()).append('\n');
                                }
                                append(file, flood.toString());
                            }
                            default -> {
                                append(file, "end\n");
                                return;
                            }
                        }
                        ev.kernel().delay("step", 0.4);
                    })
                    .on("line", ev -> {
                        String line = ev.arg(0);
                        got.add(line.startsWith("f") ? line.substring(0, line.indexOf(' ')) : line);
                        if (line.equals("end")) {
                            ((FollowTail) heap(ev).remove("tail")).close();
                        }
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            deleteTree(dir);
        }
        List<String> expected = new ArrayList<>(List.of("a1", "a2", "b1", "c1", "c2", "d1"));
        for (int i = 0; i < floodLines; i++) {
            expected.add("f" + i);
        }
        expected.add("end");
        assertEquals(expected.size(), got.size(), "no line lost or repeated");
        assertEquals(expected, got);
        assertTrue(resets[0] >= 3, "truncation, reappearance and rotation each reset: " + resets[0]);
    }
}
