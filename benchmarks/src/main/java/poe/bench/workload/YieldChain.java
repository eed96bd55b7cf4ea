package poe.bench.workload;

import poe.Kernel;
import poe.Session;

/**
 * One session yields to itself {@code n} times: the kernel's dispatch path with no I/O.
 *
 * <pre>{@code
 * new YieldChain(1_000_000)
 * }</pre>
 */
public final class YieldChain implements KernelWorkload {

    private final int n;
    private int count;

    /** @param n events to dispatch */
    public YieldChain(int n) {
        this.n = n;
    }

    @Override
    public String name() {
        return "yield-chain";
    }

    @Override
    public long ops() {
        return n;
    }

    @Override
    public void start(Kernel kernel) {
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("next"))
                .on("next", ev -> {
                    if (++count < n) {
                        ev.kernel().yield("next");
                    }
                })
                .create(kernel);
    }

    @Override
    public void verify() {
        KernelWorkload.expect("yields dispatched", n, count);
    }
}
