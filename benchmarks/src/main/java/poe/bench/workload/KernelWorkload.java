package poe.bench.workload;

import poe.Kernel;

/**
 * One measured job for a kernel. A workload is used for one run: make a new one per run.
 *
 * <pre>{@code
 * KernelWorkload w = new PingPong(1_000_000);
 * w.start(kernel);     // on the kernel's thread
 * kernel.run();
 * w.verify();          // throws if work is missing
 * }</pre>
 */
public interface KernelWorkload {

    /** The workload's name in reports, e.g. {@code "yield-chain"}. */
    String name();

    /** How many operations one run performs (events, timers, sessions, round trips). */
    long ops();

    /**
     * Creates the sessions (and outside helpers) that do the work. Runs on the kernel's
     * thread, before the kernel runs.
     *
     * @param kernel a fresh kernel
     */
    void start(Kernel kernel);

    /**
     * Checks, after the kernel returned, that the run did all its work; releases outside
     * helpers.
     *
     * @throws IllegalStateException if it did not
     */
    void verify();

    /** Throws unless {@code actual == expected}: the shared check of {@link #verify()}. */
    static void expect(String what, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }
}
