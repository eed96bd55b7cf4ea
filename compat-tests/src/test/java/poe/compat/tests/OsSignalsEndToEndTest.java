package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import poe.Postback;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * Real OS signals end to end (M-SIG, K3-SIG-7): a child JVM runs a small POE program
 * ({@link OsSignalsChildMain}) on the same loop and drive mode; this scenario, itself a
 * POE program, reads the child's lines, answers them with {@code kill -SIG pid} and learns
 * the child's exit code through {@code sigChild}. Watched signals reach their handlers on the loop thread; an unwatched
 * terminal one ends the child the JVM's way; a watched one nobody handles stops the
 * session and run() returns; a signal the kernel stopped watching has its default back.
 */
class OsSignalsEndToEndTest {

    /** INT and HUP watched and handled, USR1 watched then unwatched, TERM never watched: 143. */
    @LoopTest(timeoutSeconds = 180)
    void watchedSignalsReachTheirHandlersAndUnwatchedTermEndsTheJvm(ScenarioContext ctx) throws Exception {
        SignalTestSupport.assumePosix();
        List<String> lines = new ArrayList<>();
        int exit = converse(ctx, "handled", lines, (line, child) -> {
            switch (line) {
                case "ready" -> SignalTestSupport.kill("INT", child.pid());
                case "got INT on the loop thread true" -> SignalTestSupport.kill("HUP", child.pid());
                case "got HUP on the loop thread true" -> SignalTestSupport.kill("USR1", child.pid());
                // kill -TERM, not Process.destroy(): destroy() also closes our end of its stdout
                case "USR1 unwatched" -> SignalTestSupport.kill("TERM", child.pid());
                default -> { }
            }
        });
        assertEquals(List.of("ready", "got INT on the loop thread true", "got HUP on the loop thread true",
                "got USR1", "USR1 unwatched", "<eof>"), known(lines));
        assertEquals(143, exit, "SIGTERM, never watched, ends the JVM (128 + 15): " + lines);
    }

    /** INT watched but not handled stops the session: run() returns; then SIGUSR1's default (138) is back. */
    @LoopTest(timeoutSeconds = 180)
    void unhandledIntStopsTheProgramAndDefaultsAreRestored(ScenarioContext ctx) throws Exception {
        SignalTestSupport.assumePosix();
        List<String> lines = new ArrayList<>();
        int exit = converse(ctx, "terminal", lines, (line, child) -> {
            switch (line) {
                case "ready" -> SignalTestSupport.kill("USR1", child.pid());
                case "got USR1" -> SignalTestSupport.kill("INT", child.pid());
                case "run returned" -> SignalTestSupport.kill("USR1", child.pid());
                default -> { }
            }
        });
        assertEquals(List.of("ready", "got USR1", "got INT, not handled", "stop", "run returned", "<eof>"),
                known(lines));
        assertEquals(138, exit, "SIGUSR1 after the kernel let go of it kills the JVM (128 + 10): " + lines);
    }

    /**
     * A JVM started with SIGINT ignored (nohup, a shell's background job) keeps it ignored,
     * and watching INT hooks nothing: the kernel says so instead of waiting in silence for a
     * signal that cannot come (issue 22's stress runs met it).
     */
    @Test
    @Timeout(180)
    void watchingASignalTheJvmInheritedIgnoredIsReported() throws Exception {
        SignalTestSupport.assumePosix();
        Process child = ChildJvm.start(List.of("/bin/sh", "-c", "trap '' INT; exec \"$0\" \"$@\""),
                OsSignalsChildMain.class, "select", "run", "ignored");
        try {
            List<String> lines = SignalTestSupport.readAll(child);
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child exits once run() returns");
            String stderr = ChildJvm.stderr(child);
            assertEquals(List.of("ready", "run returned"), lines, stderr);
            assertEquals(0, child.exitValue(), stderr);
            assertTrue(stderr.contains("SIGINT is ignored in this process"), stderr);
        } finally {
            ChildJvm.diagnoseIfAlive("watchingASignalTheJvmInheritedIgnoredIsReported", child);
            child.destroyForcibly();
        }
    }

    /** What the scenario does with each line of the child. */
    private interface Reply {
        void to(String line, Process child);
    }

    private static final List<String> KNOWN = List.of("ready", "got INT on the loop thread true",
            "got HUP on the loop thread true", "got USR1", "USR1 unwatched", "got INT, not handled", "stop",
            "run returned", "watchdog", "still alive after SIGUSR1", "<eof>");

    private static List<String> known(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("<parent watchdog") || line.startsWith("<read failed")
                    || line.startsWith("<child report>")) {
                throw new AssertionError("the conversation broke down: " + lines);
            }
        }
        return lines.stream().filter(KNOWN::contains).toList();
    }

    /** Runs the child and the conversation; returns the child's exit code. */
    private static int converse(ScenarioContext ctx, String scenario, List<String> lines, Reply reply)
            throws InterruptedException {
        Process child = startChild(ctx, scenario);
        int[] exit = {Integer.MIN_VALUE};
        Thread[] reader = new Thread[1];
        try {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().sigChild(child, "child_exited");
                        // the child JVM's start and a few kill processes: seconds, even on a loaded machine
                        ev.kernel().delay("watchdog", 90);
                        Postback pb = ev.session().postback("line");
                        reader[0] = new Thread(() -> {
                            try {
                                String line;
                                while ((line = SignalTestSupport.readLine(child)) != null) {
                                    pb.post(line);
                                }
                            } catch (RuntimeException e) {
                                pb.post("<read failed: " + e + ">");
                            } finally {
                                pb.post();   // end of output
                                pb.close();
                            }
                        }, "os-signals-child-stdout");
                        reader[0].start();
                    })
                    .on("line", ev -> {
                        List<?> values = ev.arg(1);
                        if (values.isEmpty()) {
                            lines.add("<eof>");
                            doneIfBoth(ev.kernel(), lines, exit);
                            return;
                        }
                        String line = (String) values.get(0);
                        lines.add(line);
                        reply.to(line, child);
                    })
                    .on("child_exited", ev -> {
                        exit[0] = ev.arg(2);
                        doneIfBoth(ev.kernel(), lines, exit);
                    })
                    .on("watchdog", ev -> {
                        // make a hang a plain failure that shows the conversation so far
                        lines.add("<parent watchdog: exit " + exit[0] + ", child alive " + child.isAlive() + ">");
                        System.err.println("[os-signals] " + ctx.testName() + " hangs; lines so far: " + lines);
                        ev.kernel().stop();
                    })
                    .on("_stop", ev -> { })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            // still alive: the conversation broke down; say where the child is stuck
            String report = ChildJvm.diagnoseIfAlive(ctx.testName() + ": the conversation ended with it alive", child);
            if (report != null) {
                lines.add("<child report>\n" + report);
                child.destroyForcibly();
            }
            child.waitFor();
            if (reader[0] != null) {
                reader[0].join(10_000);
            }
        }
        return exit[0];
    }

    private static void doneIfBoth(poe.Kernel kernel, List<String> lines, int[] exit) {
        if (exit[0] != Integer.MIN_VALUE && lines.contains("<eof>")) {
            kernel.delay("watchdog");
        }
    }

    private static Process startChild(ScenarioContext ctx, String scenario) {
        return ChildJvm.start(OsSignalsChildMain.class, ctx.loopName(), ctx.mode().label(), scenario);
    }
}
