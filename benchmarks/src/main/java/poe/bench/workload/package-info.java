/**
 * The kernel's workloads: each sets up sessions on a fresh kernel, the kernel runs until
 * they are done, and the workload checks that all the work happened.
 *
 * <pre>{@code
 * KernelWorkload w = new YieldChain(1_000_000);
 * LoopDrivers.open("select").run(w);      // makes the kernel, runs it, verifies
 * }</pre>
 */
package poe.bench.workload;
