/**
 * The JMH benchmarks. Every class measures the same workloads under the same method
 * names ({@code yieldChain}, {@code pingPong}, ...), so results line up by name: the
 * kernel on each loop ({@link poe.bench.jmh.KernelBench}, {@code @Param loop}) and each
 * baseline. Scores are operations (events, timers, sessions, round trips) per second.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar 'KernelBench.yieldChain' -p loop=select
 * }</pre>
 */
package poe.bench.jmh;
