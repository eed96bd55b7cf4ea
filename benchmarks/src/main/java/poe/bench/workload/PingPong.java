package poe.bench.workload;

import poe.EventContext;
import poe.Kernel;
import poe.Session;

/**
 * Two sessions post a ball to each other by alias, {@code n} events in all.
 *
 * <pre>{@code
 * new PingPong(1_000_000)
 * }</pre>
 */
public final class PingPong implements KernelWorkload {

    private final int n;
    private int count;
    private int quits;

    /** @param n events to dispatch */
    public PingPong(int n) {
        this.n = n;
    }

    @Override
    public String name() {
        return "ping-pong";
    }

    @Override
    public long ops() {
        return n;
    }

    @Override
    public void start(Kernel kernel) {
        player(kernel, "ping", "pong");
        player(kernel, "pong", "ping");
        kernel.post("pong", "ball");
    }

    private void player(Kernel kernel, String me, String other) {
        Session.builder()
                .on("_start", ev -> ev.kernel().aliasSet(me))
                .on("ball", ev -> {
                    if (++count < n) {
                        ev.kernel().post(other, "ball");
                    } else {
                        ev.kernel().post(other, "quit");
                        quit(ev, me);
                    }
                })
                .on("quit", ev -> quit(ev, me))
                .create(kernel);
    }

    private void quit(EventContext ev, String me) {
        quits++;
        ev.kernel().aliasRemove(me);
    }

    @Override
    public void verify() {
        KernelWorkload.expect("balls dispatched", n, count);
        KernelWorkload.expect("players quit", 2, quits);
    }
}
