package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import poe.EventContext;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.filter.Line;
import poe.wheel.Run;

/**
 * POE::Test::Loops wheel_run (WRUN-*, WRUN-15 with files) for the pipe conduit, z_leolo_wheel_run (ZLWR) for
 * pipes, the wheel parts of z_rt39872_sigchld (ZR39), and POE's t/90_regression
 * rt56417-wheel-run.t and hinrik-wheel-run-die.t. The child is {@link RunChildMain} in a
 * child JVM, started both as an explicit command and through {@code javaMain}. The pty cases
 * (WRUN-06, WRUN-07, ZLWR pty and pty-pipe, wheel_run_size) are in {@link WheelRunPtyTest}.
 */
class WheelRunConformanceTest {

    private static final long PPID = ProcessHandle.current().pid();

    static Map<String, Object> heap(EventContext ev) {
        return ev.heap();
    }

    static Run run(EventContext ev) {
        return (Run) heap(ev).get("run");
    }

    private static Run.Builder child(boolean javaMainForm) {
        Run.Builder b = Run.builder();
        String outPrefix = "out" + PPID;
        String errPrefix = "err" + PPID;
        if (javaMainForm) {
            return b.javaMain(RunChildMain.class, outPrefix, errPrefix);
        }
        return b.command(List.of(java(), "-cp", System.getProperty("java.class.path"),
                RunChildMain.class.getName(), outPrefix, errPrefix));
    }

    private static String java() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * WRUN-03/04/05/08/09/13/14 and WRUN-02: both program forms; args reach the child;
     * stdout and stderr separate with the exact text; Line("!") filters; StdinEvent per
     * flushed put; CloseEvent's ARG0 is the wheel ID and nothing is left queued; sigChild on
     * pid() gives the status; events renamed with two event() calls.
     */
    private void basicSession(ScenarioContext ctx, boolean javaMainForm) {
        List<String> log = new ArrayList<>();
        int[] flushes = new int[1];
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = child(javaMainForm).stdioFilter(Line.literal("!")).stderrFilter(Line.literal("!"))
                            .stdoutEvent("placeholder_out").stderrEvent("placeholder_err")
                            .stdinEvent("placeholder_in").errorEvent("placeholder_error")
                            .closeEvent("placeholder_close").create(ev.kernel());
                    r.event("StdoutEvent", "out", "StderrEvent", "err", "StdinEvent", "flushed");
                    r.event("ErrorEvent", "error", "CloseEvent", "closed");
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                    r.put("out test-out");
                })
                .on("out", ev -> {
                    String line = ev.arg(0);
                    log.add("out " + line);
                    if (line.startsWith("out")) {
                        run(ev).put("err test-err");
                    }
                })
                .on("err", ev -> {
                    log.add("err " + ev.arg(0));
                    run(ev).put("bye");
                })
                .on("flushed", ev -> flushes[0]++)
                .on("error", ev -> log.add("error " + ev.arg(0) + " " + ev.arg(1) + " " + ev.arg(4)))
                .on("closed", ev -> {
                    Run r = run(ev);
                    log.add("closed " + (r.id() == (long) ev.arg(0)) + " " + r.getDriverOutOctets()
                            + " " + r.getDriverOutMessages());
                    r.close();
                })
                .on("reaped", ev -> log.add("reaped " + ev.arg(2)))
                .on("placeholder_out", ev -> log.add("PLACEHOLDER"))
                .on("placeholder_err", ev -> log.add("PLACEHOLDER"))
                .on("placeholder_in", ev -> log.add("PLACEHOLDER"))
                .on("placeholder_error", ev -> log.add("PLACEHOLDER"))
                .on("placeholder_close", ev -> log.add("PLACEHOLDER"))
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.contains("out out" + PPID + ": test-out"), log.toString());
        assertTrue(log.contains("err err" + PPID + ": test-err"), log.toString());
        assertTrue(log.contains("closed true 0 0"), log.toString());
        assertTrue(log.contains("reaped 0"), log.toString());
        assertTrue(!log.contains("PLACEHOLDER"), log.toString());
        assertEquals(3, flushes[0], "one StdinEvent per put");
    }

    @LoopTest(timeoutSeconds = 120)
    void wrunCommandForm(ScenarioContext ctx) {
        basicSession(ctx, false);
    }

    @LoopTest(timeoutSeconds = 120)
    void wrunJavaMainForm(ScenarioContext ctx) {
        basicSession(ctx, true);
    }

    /** WRUN-01: unknown conduit, missing program; a Winsize without a pty conduit. */
    @LoopTest
    void wrun01ConstructorRejects(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    log.add(assertThrows(IllegalArgumentException.class,
                            () -> Run.builder().shell("true").conduit("bogus").create(ev.kernel())).getMessage());
                    log.add(assertThrows(IllegalArgumentException.class,
                            () -> Run.builder().create(ev.kernel())).getMessage());
                    log.add(assertThrows(IllegalArgumentException.class,
                            () -> Run.builder().shell("true").winsize(24, 80).create(ev.kernel())).getMessage());
                    java.nio.file.Path file = java.nio.file.Path.of("/dev/null");
                    log.add(assertThrows(IllegalArgumentException.class, () -> Run.builder().shell("true")
                            .redirectOutput(file).stdoutEvent("out").create(ev.kernel())).getMessage());
                    log.add(assertThrows(IllegalArgumentException.class, () -> Run.builder().shell("true")
                            .redirectStderr(file).stderrEvent("err").create(ev.kernel())).getMessage());
                    log.add(assertThrows(IllegalArgumentException.class, () -> Run.builder().shell("true")
                            .redirectStdin(file).stdinEvent("flushed").create(ev.kernel())).getMessage());
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(6, log.size(), log.toString());
        assertTrue(log.get(3).contains("mutually exclusive"), log.toString());
    }

    /**
     * WRUN-15, with files: the child's stdin is a file holding the parent's "PARENT:" line,
     * its stdout and stderr go into one output file; the child writes "CHILD:" to stdout,
     * the line it read and then "DONE:" to stderr. No wheel events: the parent reads the
     * file when sigChild reports the exit, and finds exactly "CHILD:PARENT:DONE:". (POE's
     * form hands the child pipes the parent made and reads them with select_read; a Java
     * Process can only be given files: see compat-tests/README.md.)
     */
    @LoopTest(timeoutSeconds = 120)
    void wrun15RedirectStdinAndOutput(ScenarioContext ctx) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("poe-wrun15");
        java.nio.file.Path in = dir.resolve("stdin");
        java.nio.file.Path out = dir.resolve("output");
        java.nio.file.Files.writeString(in, "PARENT:\n");
        java.nio.file.Files.writeString(out, "stale text the redirect truncates");
        List<String> log = new ArrayList<>();
        try {
            Session.builder()
                    .heap(new HashMap<String, Object>())
                    .on("_start", ev -> {
                        Run r = Run.builder()
                                .shell("printf 'CHILD:'; read line; printf '%s' \"$line\" >&2; printf 'DONE:' >&2")
                                .redirectStdin(in).redirectOutput(out).create(ev.kernel());
                        heap(ev).put("run", r);
                        ev.kernel().sigChild(r.pid(), "reaped");
                        try {
                            r.put("more");
                        } catch (IllegalStateException e) {
                            log.add("no put");
                        }
                    })
                    .on("reaped", ev -> {
                        log.add("status " + ev.arg(2));
                        log.add(java.nio.file.Files.readString(out));
                        run(ev).close();
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            java.nio.file.Files.deleteIfExists(in);
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(dir);
        }
        assertEquals(List.of("no put", "status 0", "CHILD:PARENT:DONE:"), log);
    }

    /** WRUN-10: pause_stdout / pause_stderr hold output back; resuming delivers it, in the required order. */
    @LoopTest(timeoutSeconds = 120)
    void wrun10PauseResume(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = child(true).stdioFilter(Line.literal("!")).stderrFilter(Line.literal("!"))
                            .stdoutEvent("out").stderrEvent("err").closeEvent("closed").create(ev.kernel());
                    heap(ev).put("run", r);
                    r.put("out init");
                })
                .on("out", ev -> {
                    String s = ev.<String>arg(0).substring(ev.<String>arg(0).indexOf(": ") + 2);
                    log.add(s);
                    Run r = run(ev);
                    switch (s) {
                        case "init" -> {
                            r.pauseStdout();
                            r.put("out delayed1", "err immediate1");
                        }
                        case "delayed1" -> r.put("out immediate2");
                        case "immediate2" -> r.resumeStderr();
                        default -> { }
                    }
                })
                .on("err", ev -> {
                    String s = ev.<String>arg(0).substring(ev.<String>arg(0).indexOf(": ") + 2);
                    log.add(s);
                    Run r = run(ev);
                    switch (s) {
                        case "immediate1" -> {
                            r.pauseStderr();
                            r.put("err delayed2");
                            ev.kernel().delay("resume_out", 0.3);
                        }
                        case "delayed2" -> r.put("out immediate3", "err immediate4");
                        case "immediate4" -> r.put("bye");
                        default -> { }
                    }
                })
                .on("resume_out", ev -> run(ev).resumeStdout())
                .on("closed", ev -> {
                    log.add("close");
                    run(ev).close();
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("init", "immediate1", "delayed1", "immediate2", "delayed2"), log.subList(0, 5), log.toString());
        assertEquals(8, log.size(), log.toString());
        assertTrue(log.subList(5, 7).containsAll(List.of("immediate3", "immediate4")), log.toString());
        assertEquals("close", log.get(7));
    }

    /**
     * WRUN-11 and WRUN-14: pid() is the pid the child reports; kill() (TERM) ends it; close
     * handling runs once, whether CloseEvent or the sigChild event comes first, and removes
     * the CHLD watcher.
     */
    @LoopTest(timeoutSeconds = 120)
    void wrun11PidAndKill(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = child(true).stdioFilter(Line.literal("!"))
                            .stdoutEvent("out").closeEvent("closed").create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "closed");
                    r.put("pid");
                })
                .on("out", ev -> {
                    log.add("pid matches " + ev.arg(0).equals("pid " + run(ev).pid()));
                    log.add("kill " + run(ev).kill());
                })
                .on("closed", ev -> {
                    if (heap(ev).put("closing", true) == null) {
                        log.add("close once");
                        Run r = run(ev);
                        ev.kernel().sigChild(r.pid());
                        r.close();
                    }
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("pid matches true", "kill true", "close once"), log);
    }

    /** WRUN-12: shutdownStdin() gives the child end of input; put() afterwards is refused; kill() then closes. */
    @LoopTest(timeoutSeconds = 120)
    void wrun12ShutdownStdin(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = child(true).stdioFilter(Line.literal("!"))
                            .stdoutEvent("out").closeEvent("closed").create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                    r.put("out before");
                })
                .on("out", ev -> {
                    String s = ev.arg(0);
                    log.add(s.contains(": ") ? s.substring(s.indexOf(": ") + 2) : s);
                    Run r = run(ev);
                    if (s.endsWith("before")) {
                        r.shutdownStdin();
                        try {
                            r.put("out after");
                        } catch (IllegalStateException e) {
                            log.add("put refused");
                        }
                    }
                })
                .on("closed", ev -> {
                    log.add("close");
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("status " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        // the child's CHLD may come before or after its last line (POE does not order them);
        // every line comes before CloseEvent
        List<String> io = new ArrayList<>(log);
        assertTrue(io.remove("status 3"), log.toString());
        assertEquals(List.of("before", "put refused", "got eof 1", "close"), io, log.toString());
    }

    /** WRUN-16/17: no StdoutEvent/StderrEvent/CloseEvent: the outputs go nowhere; noStdin: no stdin either. */
    @LoopTest(timeoutSeconds = 120)
    void wrun16And17NoParentSide(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder().shell("cat; echo ignored; exit 4").noStdin(true).create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                    log.add("filters " + r.getStdoutFilter() + " " + r.getStderrFilter());
                    try {
                        r.put("x");
                    } catch (IllegalStateException e) {
                        log.add("no stdin");
                    }
                })
                .on("reaped", ev -> {
                    log.add("status " + ev.arg(2));
                    run(ev).close();
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("filters null null", "no stdin", "status 4"), log);
    }

    /**
     * ZLWR-01 (pipe conduit): hello, a second's pause, an 11 KB line, done: each exactly
     * once; CloseEvent and the CHLD event exactly once each.
     */
    @LoopTest(timeoutSeconds = 120)
    void zlwrLargeLineCloseAndChldOnce(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        String big = "hello world".repeat(1024);
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder().shell("echo hello; sleep 1; printf 'hello world%.0s' $(seq 1024); echo; echo done")
                            .stdoutEvent("out").stderrEvent("err").closeEvent("closed").create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "chld");
                })
                .on("out", ev -> {
                    String s = ev.arg(0);
                    log.add(s.equals(big) ? "big" : s);
                })
                .on("err", ev -> log.add("stderr " + ev.arg(0)))
                .on("closed", ev -> {
                    log.add("close");
                    run(ev).close();
                })
                .on("chld", ev -> log.add("chld " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        List<String> io = new ArrayList<>(log);
        io.remove("chld 0");
        assertEquals(List.of("hello", "big", "done", "close"), io, log.toString());
        assertEquals(1, log.stream().filter("chld 0"::equals).count(), log.toString());
    }

    /**
     * ZR39-01..04: two children; W1's CHLD arrives while it is marked closing; after both
     * wheels are dropped, W2's CHLD still arrives (sent TERM) and keeps the session alive.
     * POE's test sends INT; TERM is used here because a shell started by a program that was
     * itself started in the background by a non-interactive shell (nohup ... &, many CI
     * runners) inherits INT as ignored and cannot reset it (POSIX), so INT would never end it.
     */
    @LoopTest(timeoutSeconds = 120)
    void zr39SigChildAfterWheelDropped(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    ev.kernel().aliasSet("worker");
                    for (String name : List.of("W1", "W2")) {
                        // W1 ends on a line from its stdin; W2 runs until a signal (dropping its
                        // wheel closes its stdin, which it does not read)
                        String script = name.equals("W1") ? "echo I am $0; read line; exit 0"
                                : "echo I am $0; while :; do sleep 0.1 </dev/null >/dev/null 2>&1; done";
                        Run r = Run.builder().command("/bin/sh", "-c", script, name)
                                .stdoutEvent("out").create(ev.kernel());
                        heap(ev).put(name, r);
                        heap(ev).put("name " + r.id(), name);
                        heap(ev).put("pid " + r.pid(), name);
                        ev.kernel().sigChild(r.pid(), "chld");
                    }
                })
                .on("out", ev -> {
                    String name = (String) heap(ev).get("name " + ev.arg(1));
                    log.add(name + " says " + ev.arg(0));
                    if (log.size() == 2) {
                        heap(ev).put("closing W1", true);
                        ((Run) heap(ev).get("W1")).put("bye");
                    }
                })
                .on("chld", ev -> {
                    String name = (String) heap(ev).get("pid " + ev.arg(1));
                    log.add("chld " + name + " closing=" + heap(ev).containsKey("closing " + name) + " " + ev.arg(2));
                    if (name.equals("W1")) {
                        ev.kernel().delay("drop", 0.25);
                    }
                })
                .on("drop", ev -> {
                    ((Run) heap(ev).remove("W1")).close();
                    Run w2 = (Run) heap(ev).remove("W2");
                    w2.close();
                    log.add("dropped; TERM " + w2.kill("TERM"));
                })
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.subList(0, 2).containsAll(List.of("W1 says I am W1", "W2 says I am W2")), log.toString());
        assertEquals(List.of("chld W1 closing=true 0", "dropped; TERM true", "chld W2 closing=false 143"),
                log.subList(2, 5), log.toString());
    }

    /**
     * rt56417-wheel-run.t: a wheel made and dropped in the same handler leaves nothing that
     * keeps the kernel busy: run() returns.
     */
    @LoopTest(timeoutSeconds = 120)
    void rt56417WheelDroppedAtOnce(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    Run r = Run.builder().shell("sleep 0.2").stdoutEvent("out").closeEvent("c").create(ev.kernel());
                    r.close();
                    log.add("dropped");
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("dropped"), log);
    }

    /**
     * hinrik-wheel-run-die.t: a child that dies (a Java main that throws) is reported as
     * stderr output, CloseEvent and a failure status; the parent carries on.
     */
    @LoopTest(timeoutSeconds = 120)
    void hinrikChildThatDies(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder().javaMain(RunDyingMain.class).stdoutEvent("out").stderrEvent("err")
                            .closeEvent("closed").create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                })
                .on("out", ev -> log.add("out " + ev.arg(0)))
                .on("err", ev -> {
                    if (ev.<String>arg(0).contains("child died on purpose")) {
                        log.add("err died");
                    }
                })
                .on("closed", ev -> {
                    log.add("close");
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("status " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.containsAll(List.of("out starting", "err died", "close", "status 1")), log.toString());
        assertTrue(log.indexOf("err died") < log.indexOf("close"), log.toString());
    }
}
