package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import poe.EventContext;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.filter.Stream;
import poe.wheel.Run;

/**
 * poe.wheel.Run with the pipe conduit (issue 16): program forms, environment and working
 * directory, the five events, exit statuses through sigChild, and the reliability cases: a
 * child that dies at once, one that never reads stdin, one that floods 100 MB, one that
 * ignores TERM, one that does not exist.
 */
class WheelRunTest {

    static Map<String, Object> heap(EventContext ev) {
        return ev.heap();
    }

    static Run run(EventContext ev) {
        return (Run) heap(ev).get("run");
    }

    /** Output of both streams, EOF errors, CloseEvent and the real exit status, in order. */
    @LoopTest(timeoutSeconds = 90)
    void shellLineOutputCloseAndExitStatus(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder().shell("echo one; echo two >&2; echo three; exit 3")
                            .stdoutEvent("out").stderrEvent("err").errorEvent("error").closeEvent("closed")
                            .create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                })
                .on("out", ev -> log.add("out " + ev.arg(0) + " " + (run(ev).id() == (long) ev.arg(1))))
                .on("err", ev -> log.add("err " + ev.arg(0)))
                .on("error", ev -> log.add("error " + ev.arg(0) + " " + ev.arg(1) + " " + ev.arg(4)
                        + " " + (run(ev).id() == (long) ev.arg(3))))
                .on("closed", ev -> {
                    log.add("closed " + (run(ev).id() == (long) ev.arg(0)));
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("reaped " + ev.arg(0) + " " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.contains("reaped CHLD 3"), log.toString());
        List<String> io = new ArrayList<>(log);
        io.remove("reaped CHLD 3");
        int closed = io.indexOf("closed true");
        assertEquals(io.size() - 1, closed, "CloseEvent comes after all output: " + log);
        assertEquals(List.of("out one true", "out three true"), io.stream().filter(s -> s.startsWith("out")).toList());
        assertEquals(List.of("err two"), io.stream().filter(s -> s.startsWith("err ")).toList());
        assertTrue(io.contains("error read 0 STDOUT true"), log.toString());
        assertTrue(io.contains("error read 0 STDERR true"), log.toString());
    }

    /** Program as argv (no shell), Env additions and the working directory. */
    @LoopTest(timeoutSeconds = 90)
    void commandArgsEnvAndDirectory(ScenarioContext ctx) throws IOException {
        Path dir = Files.createTempDirectory("poe-run").toRealPath();
        List<String> out = new ArrayList<>();
        try {
            Session.builder()
                    .heap(new HashMap<String, Object>())
                    .on("_start", ev -> heap(ev).put("run", Run.builder()
                            .command(List.of("/bin/sh", "-c", "echo \"$POE_RUN_TEST|$1|$2\"; pwd", "sh", "a b", "*"))
                            .env("POE_RUN_TEST", "yes").directory(dir)
                            .stdoutEvent("out").closeEvent("closed").create(ev.kernel())))
                    .on("out", ev -> out.add(ev.arg(0)))
                    .on("closed", ev -> run(ev).close())
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            Files.deleteIfExists(dir);
        }
        assertEquals(List.of("yes|a b|*", dir.toString()), out);
    }

    /** A program that does not exist: create() says why, at once, and nothing is left. */
    @LoopTest(timeoutSeconds = 60)
    void missingProgramIsAClearError(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Run.builder()
                            .command("/nonexistent/poe-no-such-program", "x").stdoutEvent("out").closeEvent("c")
                            .create(ev.kernel()));
                    log.add(e.getMessage());
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(1, log.size());
        assertTrue(log.get(0).contains("/nonexistent/poe-no-such-program")
                && log.get(0).contains("No such file"), log.get(0));
    }

    /** Bad parameters are refused (WRUN-01 in Java terms). */
    @LoopTest
    void constructorRejects(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    log.add(assertThrows(IllegalArgumentException.class,
                            () -> Run.builder().stdoutEvent("o").create(ev.kernel())).getMessage());
                    log.add(assertThrows(IllegalArgumentException.class,
                            () -> Run.builder().shell("true").conduit("socketpair-ish").create(ev.kernel()))
                            .getMessage());
                })
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.get(0).contains("needs a program"), log.toString());
        assertTrue(log.get(1).contains("unknown conduit"), log.toString());
    }

    /** A child that dies at once: CloseEvent and its status, no hang. */
    @LoopTest(timeoutSeconds = 90)
    void childThatDiesAtOnce(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder().shell("exit 7").stdoutEvent("out").closeEvent("closed").create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                })
                .on("out", ev -> log.add("out"))
                .on("closed", ev -> {
                    log.add("closed");
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("status " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.contains("closed") && log.contains("status 7") && log.size() == 2, log.toString());
    }

    /** A child that never reads stdin while we write 4 MB to it: it exits, we get its status and a write error. */
    @LoopTest(timeoutSeconds = 90)
    void childThatNeverReadsStdin(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        String big = "x".repeat(1023);
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder().shell("echo started; exec 0<&-; sleep 0.2; echo done")
                            .stdoutEvent("out").errorEvent("error").closeEvent("closed").create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < 4096; i++) {
                        lines.add(big);
                    }
                    r.putAll(lines);
                })
                .on("out", ev -> log.add("out " + ev.arg(0)))
                .on("error", ev -> {
                    if ("STDIN".equals(ev.arg(4))) {
                        log.add("stdin error " + ev.arg(0));
                    }
                })
                .on("closed", ev -> {
                    log.add("closed");
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("status " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.containsAll(List.of("out started", "out done", "closed", "status 0")), log.toString());
        assertTrue(log.indexOf("out done") < log.indexOf("closed"), log.toString());
    }

    /** A child that ignores TERM: kill() does nothing, kill("KILL") ends it; the status says so. */
    @LoopTest(timeoutSeconds = 90)
    void childThatIgnoresTerm(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder()
                            .shell("trap '' TERM; echo ready; while :; do sleep 0.1 </dev/null >/dev/null 2>&1; done")
                            .stdoutEvent("out").closeEvent("closed").create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                })
                .on("out", ev -> {
                    log.add("out " + ev.arg(0));
                    log.add("term " + run(ev).kill());
                    ev.kernel().delay("check", 0.5);
                })
                .on("check", ev -> {
                    log.add("alive after TERM " + run(ev).process().isAlive());
                    log.add("kill " + run(ev).kill("SIGKILL"));
                })
                .on("closed", ev -> {
                    log.add("closed");
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("status " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.containsAll(List.of("out ready", "term true", "alive after TERM true", "kill true",
                "closed", "status 137")), log.toString());
    }

    /**
     * kill() only sends TERM, as POE's does: the pipes stay open, so a child that handles TERM
     * still gets its last words out (Process.destroy() would close the parent's ends first
     * and lose them, and give the child an early end of its input).
     */
    @LoopTest(timeoutSeconds = 90)
    void killSendsTermAndLeavesThePipesOpen(ScenarioContext ctx) {
        List<String> log = signalledShell(ctx, "trap 'echo got term; exit 7' TERM", r -> "term " + r.kill());
        assertTrue(log.containsAll(List.of("out ready", "term true", "out got term", "closed", "status 7")),
                log.toString());
        assertTrue(log.indexOf("out got term") < log.indexOf("closed"), log.toString());
    }

    /** kill(name) with a name the OS knows: USR1 ends a shell that does not trap it. */
    @LoopTest(timeoutSeconds = 90)
    void killWithAnySignalName(ScenarioContext ctx) {
        List<String> log = signalledShell(ctx, "trap 'echo got usr1; exit 5' USR1", r -> "usr1 " + r.kill("USR1"));
        assertTrue(log.containsAll(List.of("out ready", "usr1 true", "out got usr1", "closed", "status 5")),
                log.toString());
    }

    /**
     * Runs a shell that sets {@code trap}, prints "ready" and then idles until signalled;
     * {@code onReady} signals it once it is ready and says what it did. Returns the log: its
     * stdout lines ("out ..."), what {@code onReady} said, "closed" and the exit status.
     */
    private static List<String> signalledShell(ScenarioContext ctx, String trap, Function<Run, String> onReady) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder().shell(trap + "; echo ready; "
                                    + "while :; do sleep 0.1 </dev/null >/dev/null 2>&1; done")
                            .stdoutEvent("out").closeEvent("closed").create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                })
                .on("out", ev -> {
                    log.add("out " + ev.arg(0));
                    if ("ready".equals(ev.arg(0))) {
                        log.add(onReady.apply(run(ev)));
                    }
                })
                .on("closed", ev -> {
                    log.add("closed");
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("status " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        return log;
    }

    /**
     * A child that floods 100 MB: every byte arrives, and while the session keeps stdout
     * paused the child is held back (at most 320 KiB is held per stream), so memory
     * stays bounded.
     */
    @LoopTest(timeoutSeconds = 180)
    void floodOf100MegabytesIsThrottled(ScenarioContext ctx) {
        long total = 100L << 20;
        long[] got = new long[1];
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder().command("head", "-c", Long.toString(total), "/dev/zero")
                            .stdoutFilter(Stream.create()).stdoutEvent("out").closeEvent("closed")
                            .create(ev.kernel());
                    heap(ev).put("run", r);
                    heap(ev).put("nextPause", 8L << 20);
                    ev.kernel().sigChild(r.pid(), "reaped");
                })
                .on("out", ev -> {
                    byte[] chunk = ev.arg(0);
                    got[0] += chunk.length;
                    if (heap(ev).containsKey("pausedAt")) {
                        log.add("delivered while paused");
                    }
                    if (got[0] >= (long) heap(ev).get("nextPause")) {
                        heap(ev).put("nextPause", got[0] + (8L << 20));
                        run(ev).pauseStdout();
                        heap(ev).put("pausedAt", got[0]);
                        ev.kernel().delay("resume", 0.2);
                    }
                })
                .on("resume", ev -> {
                    heap(ev).remove("pausedAt");
                    log.add("resumed");
                    run(ev).resumeStdout();
                })
                .on("closed", ev -> {
                    log.add("closed");
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("status " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(total, got[0]);
        assertFalse(log.contains("delivered while paused"), "a paused stdout delivers nothing");
        assertTrue(log.stream().filter("resumed"::equals).count() >= 10, log.toString());
        assertTrue(log.contains("closed") && log.contains("status 0"), log.toString());
    }

    /**
     * On Linux a child writes its stdout and stderr into pipes the kernel selects: a flood
     * and a trickle on both streams arrive whole, and no thread reads them (no pump, no
     * owner thread). Skipped elsewhere, and where direct pipes are turned off (the suite's
     * second run, through the pump).
     */
    @LoopTest(timeoutSeconds = 90)
    void onLinuxTheKernelReadsTheChildsPipesWithoutAThread(ScenarioContext ctx) {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/proc/self/fdinfo").isDirectory(), "Linux only");
        org.junit.jupiter.api.Assumptions.assumeTrue(!"false".equals(System.getProperty("poe.run.directPipes")),
                "direct pipes turned off");
        long[] bytes = new long[2];
        List<String> threads = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> heap(ev).put("run", Run.builder()
                        .shell("head -c 20000000 /dev/zero; echo tail >&2; sleep 0.2; echo end >&2")
                        .stdoutFilter(Stream.create()).stdoutEvent("out").stderrEvent("err")
                        .closeEvent("closed").create(ev.kernel())))
                .on("out", ev -> {
                    bytes[0] += ev.<byte[]>arg(0).length;
                    if (threads.isEmpty()) {
                        for (Thread t : Thread.getAllStackTraces().keySet()) {
                            // the pump and its owner threads (a pty reader or a stdin writer of an
                            // earlier test may still be ending; neither reads a child's stdout)
                            if (t.getName().equals("poe-run-pump") || t.getName().startsWith("poe-run-drain-")) {
                                threads.add(t.getName());
                            }
                        }
                        threads.add("checked");
                    }
                })
                .on("err", ev -> bytes[1] += ev.<String>arg(0).length())
                .on("closed", ev -> run(ev).close())
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(20_000_000L, bytes[0]);
        assertEquals("tailend".length(), bytes[1]);
        assertEquals(List.of("checked"), threads, "threads reading the child's pipes");
    }
}
