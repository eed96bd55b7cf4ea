package poe.bench.workload;

import poe.Kernel;
import poe.Session;
import poe.SessionBuilder;

/**
 * A parent session creates {@code n} child sessions, a hundred per event; each child has
 * nothing to do, so the kernel stops it at once ({@code _stop}, the parent's
 * {@code _child}). Rated as sessions created and stopped per second.
 *
 * <pre>{@code
 * new SessionChurn(100_000)
 * }</pre>
 */
public final class SessionChurn implements KernelWorkload {

    private static final int PER_EVENT = 100;

    private final int n;
    private int created;
    private int stopped;

    /** @param n sessions to create and stop */
    public SessionChurn(int n) {
        this.n = n;
    }

    @Override
    public String name() {
        return "session-churn";
    }

    @Override
    public long ops() {
        return n;
    }

    @Override
    public void start(Kernel kernel) {
        SessionBuilder child = Session.builder()
                .on("_start", ev -> created++)
                .on("_stop", ev -> stopped++);
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("spawn"))
                .on("spawn", ev -> {
                    Kernel k = ev.kernel();
                    for (int i = 0; i < PER_EVENT && created < n; i++) {
                        child.create(k);
                    }
                    if (created < n) {
                        k.yield("spawn");
                    }
                })
                .create(kernel);
    }

    @Override
    public void verify() {
        KernelWorkload.expect("sessions created", n, created);
        KernelWorkload.expect("sessions stopped", n, stopped);
    }
}
