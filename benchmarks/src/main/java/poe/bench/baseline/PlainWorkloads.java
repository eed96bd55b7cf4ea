package poe.bench.baseline;

import java.util.HashMap;
import java.util.Map;

import poe.bench.baseline.PlainDispatcher.Actor;
import poe.bench.baseline.PlainDispatcher.Handler;

/**
 * The kernel's workloads on the {@link PlainDispatcher}: the plain limit of each. Every
 * method does the whole run and returns the count of work done, for the caller to check.
 *
 * <pre>{@code
 * long events = PlainWorkloads.pingPong(1_000_000);
 * }</pre>
 */
public final class PlainWorkloads {

    private PlainWorkloads() {
    }

    /** A counter that handlers can bump. */
    private static final class Count {
        long n;
    }

    /** One actor yields to itself {@code n} times. */
    public static long yieldChain(int n) {
        Count c = new Count();
        PlainDispatcher d = new PlainDispatcher();
        d.spawn(Map.of(
                "_start", (dd, e) -> dd.yield("next"),
                "next", (dd, e) -> {
                    if (++c.n < n) {
                        dd.yield("next");
                    }
                }));
        d.run();
        return c.n;
    }

    /** Two actors post a ball to each other by alias, {@code n} events. */
    public static long pingPong(int n) {
        Count c = new Count();
        PlainDispatcher d = new PlainDispatcher();
        for (String[] pair : new String[][] {{"ping", "pong"}, {"pong", "ping"}}) {
            String me = pair[0];
            String other = pair[1];
            Actor a = d.spawn(Map.of("ball", (dd, e) -> {
                if (++c.n < n) {
                    dd.post(other, "ball");
                } else {
                    dd.unalias(me);
                    dd.unalias(other);
                }
            }));
            d.alias(me, a);
        }
        d.post("pong", "ball");
        d.run();
        return c.n;
    }

    /** A handler calls its own actor's handler {@code n} times. */
    public static long callSelf(int n) {
        Count c = new Count();
        PlainDispatcher d = new PlainDispatcher();
        Map<String, Handler> h = new HashMap<>();
        h.put("_start", (dd, e) -> dd.yield("go"));
        h.put("go", (dd, e) -> {
            Actor me = e.target();
            for (int i = 0; i < n; i++) {
                dd.call(me, "work");
            }
        });
        h.put("work", (dd, e) -> c.n++);
        d.spawn(h);
        d.run();
        return c.n;
    }

    /** Timers with these delays (seconds), run until all fired. */
    public static long timersFire(double[] delays) {
        Count c = new Count();
        PlainDispatcher d = new PlainDispatcher();
        d.spawn(Map.of(
                "_start", (dd, e) -> {
                    for (double s : delays) {
                        dd.delaySet("t", s);
                    }
                },
                "t", (dd, e) -> c.n++));
        d.run();
        return c.n;
    }

    /** Timers set a minute ahead plus these delays, then cancelled by ID; returns pairs done. */
    public static long timersCancel(double[] delays) {
        Count c = new Count();
        PlainDispatcher d = new PlainDispatcher();
        d.spawn(Map.of(
                "_start", (dd, e) -> {
                    long base = System.nanoTime() + 60_000_000_000L;
                    long[] ids = new long[delays.length];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = dd.timerAt("t", base + (long) (delays[i] * 1e9));
                    }
                    for (long id : ids) {
                        if (dd.cancel(id)) {
                            c.n++;
                        }
                    }
                },
                "t", (dd, e) -> {
                    throw new IllegalStateException("a cancelled timer fired");
                }));
        d.run();
        return c.n;
    }

    /** A parent creates {@code n} actors, a hundred per event; each is stopped by a queued marker. */
    public static long sessionChurn(int n) {
        Count created = new Count();
        Count stopped = new Count();
        PlainDispatcher d = new PlainDispatcher();
        Map<String, Handler> child = Map.of(
                "_start", (dd, e) -> created.n++,
                "_stop", (dd, e) -> stopped.n++,
                "_gc", (dd, e) -> dd.stop(e.target()));
        d.spawn(Map.of(
                "_start", (dd, e) -> dd.yield("spawn"),
                "spawn", (dd, e) -> {
                    for (int i = 0; i < 100 && created.n < n; i++) {
                        Actor a = dd.spawn(child);
                        dd.post(a, "_gc");
                    }
                    if (created.n < n) {
                        dd.yield("spawn");
                    }
                }));
        d.run();
        return Math.min(created.n, stopped.n);
    }
}
