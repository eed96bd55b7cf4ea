/**
 * Benchmarks: the kernel on every loop, side by side with the plain limit of a POE-style
 * dispatcher and with its peers (Netty, Vert.x, the JDK's scheduler), in one run.
 *
 * <pre>{@code
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar quick     # table + benchmarks/target/bench-quick.json
 * }</pre>
 */
package poe.bench;
