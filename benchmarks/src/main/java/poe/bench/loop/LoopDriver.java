package poe.bench.loop;

import poe.bench.workload.KernelWorkload;

/**
 * Runs kernel workloads on one loop: a fresh kernel per run, the workload's
 * {@link KernelWorkload#start} on the loop's thread, the kernel run until no session is
 * left, then {@link KernelWorkload#verify()}.
 *
 * <pre>{@code
 * try (LoopDriver driver = LoopDrivers.open("select")) {
 *     driver.run(new PingPong(1_000_000));
 * }
 * }</pre>
 */
public interface LoopDriver extends AutoCloseable {

    /** The loop's name. */
    String loop();

    /**
     * One run of a workload, verified.
     *
     * @param workload a workload not run before
     * @throws IllegalStateException if the workload's check fails
     */
    void run(KernelWorkload workload);

    /** Releases what the driver holds (toolkit threads, displays). */
    @Override
    default void close() {
    }
}
