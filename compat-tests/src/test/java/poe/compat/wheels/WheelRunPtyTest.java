package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
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
 * The pty conduits of Run: POE::Test::Loops wheel_run's pty cases (WRUN-06 pty, WRUN-07
 * pty-pipe), z_leolo_wheel_run's pty and pty-pipe parts (ZLWR-01) and wheel_run_size
 * (WRSZ-01); also that the child sees a terminal, and kill/pid/exit status as with pipes.
 */
class WheelRunPtyTest {

    private static final long PPID = ProcessHandle.current().pid();

    static Map<String, Object> heap(EventContext ev) {
        return ev.heap();
    }

    static Run run(EventContext ev) {
        return (Run) heap(ev).get("run");
    }

    /**
     * WRUN-06/07 with {@link RunChildMain}: out and err requests, then bye. With {@code pty}
     * the err text arrives as stdout (no StderrEvent); with {@code pty-pipe} as stderr.
     */
    private List<String> stdSession(ScenarioContext ctx, Run.Conduit conduit) {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        boolean merged = conduit == Run.Conduit.PTY;
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run.Builder b = Run.builder().javaMain(RunChildMain.class, "out" + PPID, "err" + PPID)
                            .conduit(conduit)
                            .stdioFilter(Line.literal("!"))
                            .stdoutEvent("out").errorEvent("error").closeEvent("closed");
                    if (!merged) {
                        b.stderrFilter(Line.literal("!")).stderrEvent("err");
                    }
                    Run r = b.create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                    r.put("pid");
                    r.put("out test-out");
                })
                .on("out", ev -> {
                    String line = ev.arg(0);
                    log.add("out " + line);
                    if (line.startsWith("out")) {
                        run(ev).put("err test-err");
                    } else if (line.startsWith("err")) {
                        run(ev).put("bye");
                    } else if (line.startsWith("pid ")) {
                        log.add("pid matches " + line.equals("pid " + run(ev).pid()));
                    }
                })
                .on("err", ev -> {
                    log.add("err " + ev.arg(0));
                    run(ev).put("bye");
                })
                .on("error", ev -> log.add("error " + ev.arg(0) + " " + ev.arg(1) + " " + ev.arg(4)))
                .on("closed", ev -> {
                    log.add("closed");
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("reaped " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.contains("out out" + PPID + ": test-out"), log.toString());
        assertTrue(log.contains("pid matches true"), log.toString());
        assertTrue(log.contains((merged ? "out " : "err ") + "err" + PPID + ": test-err"), log.toString());
        assertEquals(1, Collections.frequency(log, "closed"), log.toString());
        assertTrue(log.contains("reaped 0"), log.toString());
        assertTrue(log.stream().noneMatch(s -> s.startsWith("err ") && merged), log.toString());
        return log;
    }

    @LoopTest(timeoutSeconds = 180)
    void wrun06PtyMergesStderr(ScenarioContext ctx) {
        stdSession(ctx, Run.Conduit.PTY);
    }

    @LoopTest(timeoutSeconds = 180)
    void wrun07PtyPipeSeparatesStderr(ScenarioContext ctx) {
        stdSession(ctx, Run.Conduit.PTY_PIPE);
    }

    /** A shell child: its output lines (Line filter), CloseEvent and CHLD, each counted. */
    private List<String> shellSession(ScenarioContext ctx, Run.Builder builder, String... puts) {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = builder.stdoutEvent("out").stderrEvent("err").closeEvent("closed")
                            .errorEvent("error").create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                    for (String p : puts) {
                        r.put(p);
                    }
                })
                .on("out", ev -> log.add("out " + ev.arg(0)))
                .on("err", ev -> log.add("err " + ev.arg(0)))
                .on("error", ev -> log.add("error " + ev.arg(0) + " " + ev.arg(1) + " " + ev.arg(4)))
                .on("closed", ev -> {
                    log.add("closed");
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("reaped " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        return log;
    }

    /** A child on a pty sees a terminal on stdin and stdout; the status is the real one. */
    @LoopTest(timeoutSeconds = 120)
    void childSeesATerminal(ScenarioContext ctx) {
        List<String> log = shellSession(ctx, Run.builder().conduit(Run.Conduit.PTY)
                .shell("tty; test -t 0 && echo stdin-is-tty; test -t 1 && echo stdout-is-tty;"
                        + " read x; echo \"read $x\"; exit 7"), "hello");
        assertTrue(log.stream().anyMatch(s -> s.startsWith("out /dev/")), log.toString());
        assertTrue(log.contains("out stdin-is-tty"), log.toString());
        assertTrue(log.contains("out stdout-is-tty"), log.toString());
        assertTrue(log.contains("out read hello"), log.toString());
        assertEquals(1, Collections.frequency(log, "closed"), log.toString());
        assertTrue(log.contains("reaped 7"), log.toString());
    }

    /** pty-pipe: stdout is a terminal, stderr is not (a pipe). */
    @LoopTest(timeoutSeconds = 120)
    void ptyPipeStderrIsAPipe(ScenarioContext ctx) {
        List<String> log = shellSession(ctx, Run.builder().conduit(Run.Conduit.PTY_PIPE)
                .shell("test -t 1 && echo stdout-is-tty; test -t 2 || echo stderr-not-tty >&2; echo on-err >&2"));
        assertTrue(log.contains("out stdout-is-tty"), log.toString());
        assertTrue(log.contains("err stderr-not-tty"), log.toString());
        assertTrue(log.contains("err on-err"), log.toString());
        assertEquals(1, Collections.frequency(log, "closed"), log.toString());
        assertTrue(log.contains("reaped 0"), log.toString());
    }

    /** How a shell child prints its terminal's four window-size values (python3's TIOCGWINSZ), or "no-python". */
    private static final String PRINT_WINSIZE = "python3 -c 'import fcntl, termios, struct;"
            + " print(\"winsize %d %d %d %d\" % struct.unpack(\"HHHH\", fcntl.ioctl(0, termios.TIOCGWINSZ, bytes(8))))'"
            + " 2>/dev/null || echo no-python";

    /** WRSZ-01: the child sees the Winsize: rows 85, columns 29, x pixels 100, y pixels 200. */
    @LoopTest(timeoutSeconds = 120)
    void wrszChildSeesWinsize(ScenarioContext ctx) {
        List<String> log = shellSession(ctx, Run.builder().conduit(Run.Conduit.PTY)
                .winsize(85, 29, 100, 200).shell("stty size; " + PRINT_WINSIZE));
        assertTrue(log.contains("out 85 29"), log.toString());
        assertTrue(log.contains("out no-python") || log.contains("out winsize 85 29 100 200"), log.toString());
        assertTrue(log.contains("reaped 0"), log.toString());
    }

    /** setWinsize after the start: the child, told to look only then, sees the new size. */
    @LoopTest(timeoutSeconds = 120)
    void setWinsizeAfterStart(ScenarioContext ctx) {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder().conduit(Run.Conduit.PTY_PIPE).winsize(24, 80)
                            .shell("stty size; read x; stty size")
                            .stdoutEvent("out").closeEvent("closed").create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                })
                .on("out", ev -> {
                    log.add("out " + ev.arg(0));
                    if ("24 80".equals(ev.arg(0))) {
                        run(ev).setWinsize(40, 100);
                        run(ev).put("go");
                    }
                })
                .on("closed", ev -> {
                    log.add("closed");
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("reaped " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("out 24 80", "out 40 100"),
                log.stream().filter(s -> s.startsWith("out ")).toList(), log.toString());
        assertTrue(log.contains("reaped 0"), log.toString());
    }

    /** ZLWR-01 for pty and pty-pipe: hello, an 11 KB line, done; each once, with close and CHLD once. */
    private void zlwr(ScenarioContext ctx, Run.Conduit conduit) {
        List<String> log = shellSession(ctx, Run.builder().conduit(conduit)
                .shell("echo hello; sleep 1; for i in $(seq 1024); do printf 'hello world'; done; echo; echo done"));
        String big = "hello world".repeat(1024);
        List<String> brief = log.stream().map(s -> s.length() > 200 ? s.substring(0, 40) + "...(" + s.length() + ")" : s)
                .toList();
        assertEquals(1, Collections.frequency(log, "out hello"), brief.toString());
        assertEquals(1, Collections.frequency(log, "out " + big), brief.toString());
        assertEquals(1, Collections.frequency(log, "out done"), brief.toString());
        assertEquals(1, Collections.frequency(log, "closed"), brief.toString());
        assertEquals(1, log.stream().filter(s -> s.startsWith("reaped ")).count(), brief.toString());
        assertTrue(log.stream().noneMatch(s -> s.startsWith("err ")), brief.toString());
    }

    @LoopTest(timeoutSeconds = 120)
    void zlwrPty(ScenarioContext ctx) {
        zlwr(ctx, Run.Conduit.PTY);
    }

    @LoopTest(timeoutSeconds = 120)
    void zlwrPtyPipe(ScenarioContext ctx) {
        zlwr(ctx, Run.Conduit.PTY_PIPE);
    }

    /** WRUN-11 on a pty: kill() (TERM) ends the child; the status is that of a TERM death, as with pipes. */
    @LoopTest(timeoutSeconds = 120)
    void killOnPty(ScenarioContext ctx) {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder().conduit(Run.Conduit.PTY).shell("echo started; exec sleep 600")
                            .stdoutEvent("out").closeEvent("closed").create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "reaped");
                })
                .on("out", ev -> {
                    log.add("out " + ev.arg(0));
                    log.add("killed " + run(ev).kill());
                })
                .on("closed", ev -> {
                    log.add("closed");
                    run(ev).close();
                })
                .on("reaped", ev -> log.add("reaped " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.contains("killed true"), log.toString());
        assertTrue(log.contains("reaped 143"), log.toString());
    }

    /** A program that does not exist is refused at create, with the system's reason, on both pty conduits. */
    @LoopTest(timeoutSeconds = 60)
    void missingProgramIsRefused(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    for (Run.Conduit c : List.of(Run.Conduit.PTY, Run.Conduit.PTY_PIPE)) {
                        log.add(org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                                () -> Run.builder().conduit(c).command("/nonexistent/poe-no-such-program")
                                        .stdoutEvent("out").create(ev.kernel())).getMessage());
                    }
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.stream().allMatch(m -> m.contains("error=2")), log.toString());
    }

    /** Without pty4j on the class path (poe-api's dependency is optional), a pty conduit is refused with the artifact's name. */
    @org.junit.jupiter.api.Test
    void withoutPty4jThePtyConduitIsRefused() throws Exception {
        String cp = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.contains("pty4j") && !e.contains("jna"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        String out = poe.compat.ChildJvmRun.of(List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", cp, RunNoPtyMain.class.getName()), 120).output();
        assertTrue(out.contains("refused: ") && out.contains("org.jetbrains.pty4j:pty4j:0.13.4"), out);
    }

    /**
     * pty4j unpacks its native library into the temporary directory; the wheel removes it
     * again (on Linux as soon as it is loaded), so a JVM that ran children on ptys leaves
     * nothing there (it used to leave a {@code pty4j-*} directory per run), and ptys still
     * start after the copy is gone.
     */
    @org.junit.jupiter.api.Test
    void ptyNativesLeaveNothingInTheTemporaryDirectory() throws Exception {
        java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("poe-pty-natives-test");
        try {
            List<String> cmd = poe.compat.ChildJvmCommand.of(PtyNativesChildMain.class);
            cmd.add(1, "-Djava.io.tmpdir=" + tmp);
            poe.compat.ChildJvmRun child = poe.compat.ChildJvmRun.of(cmd, 120);
            String out = child.output();
            assertEquals(0, child.exit(), out);
            assertTrue(out.contains("output: [run0, run1, run2]"), out);
            assertTrue(out.contains("temporary directory before exit: []"), out);
            try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(tmp)) {
                assertEquals(List.of(), left.map(f -> f.getFileName().toString()).toList(), out);
            }
        } finally {
            try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(tmp)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
