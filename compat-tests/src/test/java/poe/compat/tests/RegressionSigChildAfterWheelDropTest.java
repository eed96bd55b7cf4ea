package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * PTL z_rt39872_sigchld: {@code sigChild} is still delivered after the wheel is dropped.
 * Wheel::Run is stood in for by a helper process whose stdout lines a reader thread posts
 * to the session ({@code post} is thread-safe) with the "wheel ID" (M-PROC).
 */
class RegressionSigChildAfterWheelDropTest {

    private static final String PROGRAM = "echo \"I am $0\"; while read x; do [ \"$x\" = bye ] && exit 0;"
            + " echo \"Unknown command $x\"; done";

    /** ZR39-01..04. */
    @LoopTest(timeoutSeconds = 60)
    void zr39_sigChildArrivesAfterTheWheelIsGone(ScenarioContext ctx) throws InterruptedException {
        SignalTestSupport.assumePosix();
        List<String> log = new ArrayList<>();
        List<String> intros = new ArrayList<>();
        List<Process> started = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        Map<String, Process> wheels = new HashMap<>();
        Map<Integer, String> id2W = new HashMap<>();
        Map<Long, String> pid2W = new HashMap<>();
        Map<String, Boolean> closing = new HashMap<>();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().aliasSet("worker");
                        for (int id = 1; id <= 2; id++) {
                            String name = "W" + id;
                            Process p = start(name);
                            started.add(p);
                            wheels.put(name, p);
                            id2W.put(id, name);
                            pid2W.put(p.pid(), name);
                            ev.kernel().sigChild(p, "sig_CHLD");
                            readers.add(readLines(ev.kernel(), ev.session(), p, id));
                        }
                    })
                    .on("stdout", ev -> {
                        String input = ev.arg(0);
                        String name = id2W.get(ev.<Integer>arg(1));
                        intros.add("stdout " + name + ": " + input);
                        if ("W1".equals(name)) {
                            closing.put(name, true);
                            Process w = wheels.get(name);
                            w.getOutputStream().write("bye\n".getBytes(StandardCharsets.US_ASCII));
                            w.getOutputStream().flush();
                        }
                    })
                    .on("sig_CHLD", ev -> {
                        long pid = ev.arg(1);
                        String name = pid2W.remove(pid);
                        log.add("sig_child " + ev.arg(0) + " " + name + " status " + ev.arg(2) + " closing "
                                + closing.getOrDefault(name, false) + " wheel " + (wheels.containsKey(name)));
                        closing.remove(name);
                        wheels.remove(name);
                        if ("W1".equals(name)) {
                            ev.kernel().delay("done", 0.25);
                        }
                    })
                    .on("done", ev -> {
                        ev.kernel().aliasRemove("worker");
                        wheels.clear();  // both wheels dropped
                        log.add("left " + pid2W.values());
                        for (long pid : pid2W.keySet()) {
                            log.add("kill INT " + SignalTestSupport.kill("INT", pid));
                        }
                    })
                    .on("_stop", ev -> log.add("stop"))
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            SignalTestSupport.cleanUp(ctx, started);
            for (Thread t : readers) {
                t.join(10_000);
            }
        }
        // how the two pipes' lines interleave with each other and with exits is not guaranteed
        intros.sort(null);
        assertEquals(List.of("stdout W1: I am W1", "stdout W2: I am W2"), intros, log.toString());
        assertEquals(List.of(
                "sig_child CHLD W1 status 0 closing true wheel true",
                "left [W2]",
                "kill INT true",
                "sig_child CHLD W2 status 130 closing false wheel false",
                "stop"), log);
    }

    private static Process start(String name) {
        try {
            return new ProcessBuilder(ChildJvm.withDefaultSignals("/bin/sh", "-c", PROGRAM, name)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The wheel's stdout: each line is posted as ("stdout", line, id) until the output closes. */
    private static Thread readLines(Kernel kernel, Session session, Process p, int id) {
        long sessionId = session.id();
        Thread t = new Thread(() -> {
            try {
                String line;
                while ((line = SignalTestSupport.readLine(p)) != null) {
                    kernel.post(sessionId, "stdout", line, id);
                }
            } catch (java.io.UncheckedIOException e) {
                // the scenario's clean-up closed the stream (Process.destroyForcibly does)
            }
        }, "zr39-stdout-" + id);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
