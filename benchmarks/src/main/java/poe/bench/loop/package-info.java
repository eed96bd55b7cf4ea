/**
 * How the benchmarks run a kernel on each loop: where the kernel is made, on which thread
 * its sessions are set up, and how it is run until done.
 *
 * <pre>{@code
 * for (String loop : LoopDrivers.available()) {
 *     try (LoopDriver driver = LoopDrivers.open(loop)) {
 *         driver.run(new YieldChain(1_000));
 *     }
 * }
 * }</pre>
 */
package poe.bench.loop;
