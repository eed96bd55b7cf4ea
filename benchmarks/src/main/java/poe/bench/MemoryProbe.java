package poe.bench;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.Arrays;

import poe.Kernel;
import poe.Session;
import poe.SessionBuilder;
import poe.bench.loop.LoopDriver;
import poe.bench.workload.KernelWorkload;

/**
 * Measures memory the plain way: heap in use after a full GC, before and after making
 * {@code n} idle sessions or pending timers inside a running kernel, divided by {@code n}.
 * Repeated runs; the median is reported with the spread.
 *
 * <p>An idle session here is one made with two handlers and the default heap, kept alive
 * by one alias (POE's idiom for a long-lived service); the alias strings themselves are
 * made before the first measurement. A pending timer is a {@code delaySet} an hour ahead,
 * without arguments.
 *
 * <pre>{@code
 * Measurement m = MemoryProbe.idleSessionBytes(driver, 100_000, 3);
 * }</pre>
 */
public final class MemoryProbe {

    /** A median with its spread over repeated runs. */
    public record Measurement(String loop, String what, double median, double min, double max, int runs) {
    }

    private MemoryProbe() {
    }

    /** Bytes per idle session. */
    public static Measurement idleSessionBytes(LoopDriver driver, int n, int runs) {
        double[] values = new double[runs];
        for (int r = 0; r < runs; r++) {
            IdleSessions probe = new IdleSessions(n);
            driver.run(probe);
            values[r] = probe.bytesEach;
        }
        return summarize(driver.loop(), "bytes per idle session", values);
    }

    /** Bytes per pending timer. */
    public static Measurement pendingTimerBytes(LoopDriver driver, int n, int runs) {
        double[] values = new double[runs];
        for (int r = 0; r < runs; r++) {
            PendingTimers probe = new PendingTimers(n);
            driver.run(probe);
            values[r] = probe.bytesEach;
        }
        return summarize(driver.loop(), "bytes per pending timer", values);
    }

    private static Measurement summarize(String loop, String what, double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return new Measurement(loop, what, v[v.length / 2], v[0], v[v.length - 1], v.length);
    }

    /** Heap in use after full collections, once it stops shrinking. */
    static long usedAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used >= best) {
                break;
            }
            best = used;
        }
        return best;
    }

    /** Makes n aliased sessions inside a handler, measures, then stops everything. */
    private static final class IdleSessions implements KernelWorkload {
        private final int n;
        double bytesEach;
        private int made;

        IdleSessions(int n) {
            this.n = n;
        }

        @Override
        public String name() {
            return "idle-sessions";
        }

        @Override
        public long ops() {
            return n;
        }

        @Override
        public void start(Kernel kernel) {
            Session.builder()
                    .on("_start", ev -> ev.kernel().yield("probe"))
                    .on("probe", ev -> {
                        Kernel k = ev.kernel();
                        String[] aliases = new String[n];
                        for (int i = 0; i < n; i++) {
                            aliases[i] = "idle-" + i;
                        }
                        SessionBuilder idle = Session.builder()
                                .on("_start", e -> {
                                    e.kernel().aliasSet(e.arg(0));
                                    made++;
                                })
                                .on("_stop", e -> made--);
                        long before = usedAfterGc();
                        for (String alias : aliases) {
                            idle.args(alias).create(k);
                        }
                        long after = usedAfterGc();
                        Reference.reachabilityFence(aliases);
                        bytesEach = (double) (after - before) / n;
                        KernelWorkload.expect("idle sessions alive", n, made);
                        k.stop();
                    })
                    .create(kernel);
        }

        @Override
        public void verify() {
            KernelWorkload.expect("idle sessions left after stop", 0, made);
        }
    }

    /** Sets n timers inside a handler, measures, then stops everything. */
    private static final class PendingTimers implements KernelWorkload {
        private final int n;
        double bytesEach;

        PendingTimers(int n) {
            this.n = n;
        }

        @Override
        public String name() {
            return "pending-timers";
        }

        @Override
        public long ops() {
            return n;
        }

        @Override
        public void start(Kernel kernel) {
            Session.builder()
                    .on("_start", ev -> ev.kernel().yield("probe"))
                    .on("probe", ev -> {
                        Kernel k = ev.kernel();
                        long before = usedAfterGc();
                        for (int i = 0; i < n; i++) {
                            k.delaySet("t", 3600);
                        }
                        long after = usedAfterGc();
                        bytesEach = (double) (after - before) / n;
                        KernelWorkload.expect("timers pending", n, k.eventCount());
                        k.stop();
                    })
                    .create(kernel);
        }

        @Override
        public void verify() {
            if (bytesEach <= 0) {
                throw new IllegalStateException("the timer probe measured nothing");
            }
        }
    }
}
