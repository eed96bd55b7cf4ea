package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import poe.EventContext;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.Run;

/**
 * Run at scale (issue 16): 200 children at once (every output and every exit arrives,
 * and the thread count stays under one per child plus a few: the JDK's reaper thread per
 * child is the only per-child thread), and 1,000 children leave no threads or
 * descriptors behind.
 */
class WheelRunScaleTest {

    /** The most children running at once in the last scenario. */
    private static final int[] MAX_LIVE = new int[1];

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static int openDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Live threads other than JVM-wide infrastructure that ends on its own when idle. */
    static int ownThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && !name.startsWith("process reaper") && !name.equals("poe-run-pump")
                    && !name.startsWith("poe-run-drain-")) {
                n++;
            }
        }
        return n;
    }

    /**
     * Starts {@code total} children, at most {@code concurrent} at a time, each echoing its
     * number; records each output and exit status by number.
     */
    private static void startChildren(ScenarioContext ctx, int total, int concurrent, String script,
            Map<Integer, String> outputs, Map<Integer, Integer> statuses) {
        startChildren(ctx, total, concurrent, script, outputs, statuses, false);
    }

    /** The same, each child started with {@link Run.Builder#createInBackground} if {@code inBackground}. */
    private static void startChildren(ScenarioContext ctx, int total, int concurrent, String script,
            Map<Integer, String> outputs, Map<Integer, Integer> statuses, boolean inBackground) {
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Map<String, Object> h = ev.heap();
                    h.put("next", 0);
                    for (int i = 0; i < concurrent && i < total; i++) {
                        ev.kernel().yield("spawn");
                    }
                })
                .on("spawn", ev -> {
                    Map<String, Object> h = ev.heap();
                    int n = (int) h.get("next");
                    if (n >= total) {
                        return;
                    }
                    h.put("next", n + 1);
                    Run.Builder b = Run.builder().command("/bin/sh", "-c", script, Integer.toString(n))
                            .stdoutEvent("out").closeEvent("closed");
                    if (inBackground) {
                        h.put("num " + b.createInBackground(ev.kernel(), "started", "failed"), n);
                    } else {
                        Run r = b.create(ev.kernel());
                        h.put("num " + r.id(), n);
                        ev.kernel().call(ev.session(), "started", r, r.pid(), r.id());
                    }
                })
                .on("started", ev -> {
                    Map<String, Object> h = ev.heap();
                    Run r = ev.arg(0);
                    h.put("run " + r.id(), r);
                    h.put("pid " + r.pid(), h.get("num " + r.id()));
                    int live = (int) h.merge("live", 1, (a, b) -> (int) a + (int) b);
                    MAX_LIVE[0] = Math.max(MAX_LIVE[0], live);
                    ev.kernel().sigChild(r.pid(), "reaped");
                })
                .on("failed", ev -> {
                    throw new AssertionError("a child did not start: " + ev.arg(2));
                })
                .on("out", ev -> {
                    Map<String, Object> h = ev.heap();
                    outputs.put((Integer) h.get("num " + ev.arg(1)), ev.arg(0));
                })
                .on("closed", ev -> {
                    Map<String, Object> h = ev.heap();
                    long id = ev.arg(0);
                    ((Run) h.remove("run " + id)).close();
                    h.remove("num " + id);
                })
                .on("reaped", ev -> {
                    Map<String, Object> h = ev.heap();
                    long pid = ((Number) ev.arg(1)).longValue();
                    statuses.put((Integer) h.remove("pid " + pid), ev.arg(2));
                    h.merge("live", -1, (a, b) -> (int) a + (int) b);
                    ev.kernel().yield("spawn");
                })
                .create(ctx.kernel());
        ctx.drive();
    }

    private static void check(int total, Map<Integer, String> outputs, Map<Integer, Integer> statuses) {
        assertEquals(total, outputs.size(), "outputs");
        assertEquals(total, statuses.size(), "exits");
        for (int i = 0; i < total; i++) {
            assertEquals("hi " + i, outputs.get(i));
            assertEquals(i % 7, statuses.get(i), "status of child " + i);
        }
    }

    /** 200 children at once: all outputs and exits arrive; peak threads stay below one per child + 50. */
    @LoopTest(timeoutSeconds = 180)
    void twoHundredChildrenAtOnce(ScenarioContext ctx) {
        int before = THREADS.getThreadCount();
        THREADS.resetPeakThreadCount();
        MAX_LIVE[0] = 0;
        Map<Integer, String> outputs = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        // each child lives 3 s, so all 200 run at the same time
        startChildren(ctx, 200, 200, "sleep 3; echo hi $0; exit $(($0 % 7))", outputs, statuses);
        int peak = THREADS.getPeakThreadCount();
        System.out.printf("[%s] 200 children, %d running at once at most: threads before %d, peak %d (+%d)%n",
                ctx.loopName() + "/" + ctx.mode(), MAX_LIVE[0], before, peak, peak - before);
        check(200, outputs, statuses);
        assertEquals(200, MAX_LIVE[0], "all 200 children ran at the same time");
        assertTrue(peak - before < 200 + 50, "peak threads " + peak + " from " + before
                + ": more than the JDK's one reaper per child plus a few");
    }

    /** 1,000 children, 50 at a time: no threads or descriptors left over afterwards. */
    @LoopTest(timeoutSeconds = 300)
    void thousandChildrenLeakNothing(ScenarioContext ctx) throws InterruptedException {
        leakNothing(ctx, 1000, false);
    }

    /**
     * 300 children started in the background, 50 at a time: the same, and the spawner
     * threads end once idle (they are counted as the scenario's own threads here).
     */
    @LoopTest(timeoutSeconds = 300)
    void childrenStartedInTheBackgroundLeakNothing(ScenarioContext ctx) throws InterruptedException {
        leakNothing(ctx, 300, true);
    }

    private static void leakNothing(ScenarioContext ctx, int total, boolean inBackground) throws InterruptedException {
        int fdsBefore = openDescriptors();
        int threadsBefore = ownThreads();
        Map<Integer, String> outputs = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        startChildren(ctx, total, 50, "echo hi $0; exit $(($0 % 7))", outputs, statuses, inBackground);
        check(total, outputs, statuses);
        // the pump closes a stream's descriptors after the wheel closed its pipe: give it a moment
        int fdsAfter = openDescriptors();
        int threadsAfter = ownThreads();
        for (int i = 0; i < 200 && (fdsAfter > fdsBefore + 10 || threadsAfter > threadsBefore + 5); i++) {
            Thread.sleep(50);
            fdsAfter = openDescriptors();
            threadsAfter = ownThreads();
        }
        System.out.printf("[%s] %d children%s: descriptors %d -> %d, threads %d -> %d%n",
                ctx.loopName() + "/" + ctx.mode(), total, inBackground ? " in the background" : "", fdsBefore,
                fdsAfter, threadsBefore, threadsAfter);
        assertTrue(fdsAfter <= fdsBefore + 10, "descriptors " + fdsBefore + " -> " + fdsAfter);
        assertTrue(threadsAfter <= threadsBefore + 5, "threads " + threadsBefore + " -> " + threadsAfter);
        if (inBackground) {
            // the spawner threads end after a second without work
            long spawners = spawnerThreads();
            for (int i = 0; i < 100 && spawners > 0; i++) {
                Thread.sleep(50);
                spawners = spawnerThreads();
            }
            assertEquals(0, spawners, "poe-run-spawn threads still alive 5 s after the last start");
        }
    }

    private static long spawnerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("poe-run-spawn-")).count();
    }
}
