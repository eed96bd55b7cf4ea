/**
 * What the kernel is measured against in the same run: the plain limit of a POE-style
 * dispatcher ({@link poe.bench.baseline.PlainDispatcher}), Netty's event loop, Vert.x,
 * the JDK's {@code ScheduledThreadPoolExecutor}, and plain NIO for the TCP echo.
 *
 * <pre>{@code
 * long events = PlainWorkloads.yieldChain(1_000_000);
 * try (NettyPeer netty = new NettyPeer()) {
 *     netty.executeChain(1_000_000);
 * }
 * }</pre>
 */
package poe.bench.baseline;
