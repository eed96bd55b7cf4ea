package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.filter.Line;
import poe.wheel.FollowTail;

/**
 * POE's t/90_regression bingos-followtail.t (a partial record present before the wheel
 * starts is skipped; the record completed after it is delivered once) and
 * pipe-followtail.t (FollowTail by the name of a FIFO delivers what a writer sends; in
 * Java, opening a FIFO blocks until a writer comes, so the wheel must not open it on the
 * kernel's thread), and whjackson-followtail.t (between two polls the log gets one more
 * line, is renamed away, and a new log is started under the old name: the old file's last
 * line comes first, then ResetEvent, then the new file's line; nothing is lost).
 */
class RegressionFollowTailT90Test {

    @LoopTest(timeoutSeconds = 60)
    void bingosPartialRecordBeforeTheStartIsSkipped(ScenarioContext ctx) throws IOException {
        Path dir = Files.createTempDirectory("poe-bingos");
        Path file = dir.resolve("bingos-followtail");
        Files.writeString(file, "moocow - this line should be skipped!");
        List<String> got = new ArrayList<>();
        try {
            Session.builder()
                    .heap(new HashMap<String, Object>())
                    .on("_start", ev -> {
                        ev.<Map<String, Object>>heap().put("tail", FollowTail.builder().filename(file)
                                .filter(Line.literal("!")).pollInterval(0.1)
                                .inputEvent("input").idleEvent("idle").errorEvent("error").create(ev.kernel()));
                        Files.writeString(file, "Cows go moo, yes they do!", StandardOpenOption.APPEND);
                    })
                    .on("input", ev -> got.add(ev.arg(0)))
                    .on("error", ev -> got.add("error " + ev.args()))
                    .on("idle", ev -> {
                        if (!got.isEmpty()) {
                            ((FollowTail) ev.<Map<String, Object>>heap().remove("tail")).close();
                        }
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        assertEquals(List.of("Cows go moo, yes they do"), got);
    }

    @LoopTest(timeoutSeconds = 60)
    void pipeFollowTailReadsAFifoByName(ScenarioContext ctx) throws Exception {
        Path dir = Files.createTempDirectory("poe-fifo");
        Path fifo = dir.resolve("testpipe");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Files.deleteIfExists(dir);
            assumeTrue(false, "needs mkfifo (POSIX): " + e.getMessage());
            return;
        }
        assumeTrue(mk.waitFor() == 0, "mkfifo failed");
        List<String> got = new ArrayList<>();
        try {
            Session.builder()
                    .heap(new HashMap<String, Object>())
                    .on("_start", ev -> {
                        ev.<Map<String, Object>>heap().put("tail", FollowTail.builder().filename(fifo)
                                .inputEvent("input").idleEvent("ended").create(ev.kernel()));
                        OutputStream writer = new FileOutputStream(fifo.toFile());   // the wheel's reader is there
                        writer.write("foo\nbar\n".getBytes(StandardCharsets.UTF_8));
                        writer.flush();
                        ev.<Map<String, Object>>heap().put("writer", writer);
                    })
                    .on("input", ev -> {
                        got.add(ev.arg(0));
                        if (got.size() == 2) {
                            ((OutputStream) ev.<Map<String, Object>>heap().remove("writer")).close();
                        }
                    })
                    .on("ended", ev -> {                      // the writer closed: end of the stream
                        got.add("end");
                        ((FollowTail) ev.<Map<String, Object>>heap().remove("tail")).close();
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        }
        assertEquals(List.of("foo", "bar", "end"), got);
    }

    /**
     * whjackson-followtail.t: the wheel follows a name that does not exist yet. The first
     * IdleEvent creates the log with "a" (the first open is a reset); the IdleEvent after
     * "a" appends "b", renames the log to log.1 and appends "c" to a new log, all within
     * one poll interval; "c" appends "d"; "d" closes the wheel. The trace is the one POE
     * 1.370 prints for the same scenario.
     */
    @LoopTest(timeoutSeconds = 60)
    void whjacksonRollBetweenTwoPollsLosesNothing(ScenarioContext ctx) throws IOException {
        Path dir = Files.createTempDirectory("poe-whjackson");
        Path log = dir.resolve("test_log");
        Path old = dir.resolve("test_log.1");
        List<String> trace = new ArrayList<>();
        try {
            Session.builder()
                    .heap(new HashMap<String, Object>())
                    .on("_start", ev -> ev.<Map<String, Object>>heap().put("tail", FollowTail.builder()
                            .filename(log).pollInterval(0.2)
                            .inputEvent("input").resetEvent("reset").idleEvent("idle").errorEvent("error")
                            .create(ev.kernel())))
                    .on("idle", ev -> {
                        Map<String, Object> heap = ev.heap();
                        if (!heap.containsKey("started")) {
                            heap.put("started", true);
                            trace.add("idle");
                            append(trace, log, "a");
                        } else if (heap.containsKey("seen a") && !heap.containsKey("rolled")) {
                            heap.put("rolled", true);
                            trace.add("idle");
                            append(trace, log, "b");
                            trace.add("roll");
                            Files.move(log, old);
                            append(trace, log, "c");
                        }
                    })
                    .on("reset", ev -> trace.add("reset"))
                    .on("error", ev -> trace.add("error " + ev.args()))
                    .on("input", ev -> {
                        String line = ev.arg(0);
                        trace.add("input " + line);
                        Map<String, Object> heap = ev.heap();
                        switch (line) {
                            case "a" -> heap.put("seen a", true);
                            case "c" -> append(trace, log, "d");
                            case "d" -> ((FollowTail) heap.remove("tail")).close();
                            default -> { }
                        }
                    })
                    .on("_stop", ev -> trace.add("stop"))
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(old);
            Files.deleteIfExists(dir);
        }
        assertEquals(List.of("idle", "append a", "reset", "input a",
                "idle", "append b", "roll", "append c", "input b", "reset", "input c",
                "append d", "input d", "stop"), trace);
    }

    /** Appends one line to the log the way a logger does: open for append, write, close. */
    private static void append(List<String> trace, Path log, String line) throws IOException {
        trace.add("append " + line);
        Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
