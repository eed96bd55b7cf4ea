package poe.bench.workload;

import poe.Kernel;
import poe.Session;

/**
 * A handler calls its own session's handler {@code n} times ({@code kernel.call}): the
 * synchronous path, without the queue.
 *
 * <pre>{@code
 * new CallSelf(1_000_000)
 * }</pre>
 */
public final class CallSelf implements KernelWorkload {

    private final int n;
    private int count;

    /** @param n calls to make */
    public CallSelf(int n) {
        this.n = n;
    }

    @Override
    public String name() {
        return "call-self";
    }

    @Override
    public long ops() {
        return n;
    }

    @Override
    public void start(Kernel kernel) {
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("go"))
                .on("go", ev -> {
                    Kernel k = ev.kernel();
                    Session me = ev.session();
                    for (int i = 0; i < n; i++) {
                        k.call(me, "work");
                    }
                })
                .on("work", ev -> count++)
                .create(kernel);
    }

    @Override
    public void verify() {
        KernelWorkload.expect("calls handled", n, count);
    }
}
