package poe.bench.baseline;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.util.concurrent.ScheduledFuture;

import poe.bench.workload.EchoClient;

/**
 * Netty's NIO event loop (one thread) doing the kernel's workloads: {@code execute}
 * chains, {@code schedule}/{@code cancel}, cross-thread {@code execute}, an echo server
 * and a line echo server. Each method runs the whole job and returns the count of work done.
 *
 * <pre>{@code
 * try (NettyPeer netty = new NettyPeer()) {
 *     long events = netty.executeChain(1_000_000);
 * }
 * }</pre>
 */
public final class NettyPeer implements AutoCloseable {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();

    /** A task that re-executes itself until it has run {@code n} times. */
    private static final class Chain implements Runnable {
        final EventLoop loop;
        final int n;
        final CountDownLatch done = new CountDownLatch(1);
        Chain partner = this;
        final long[] shared;

        Chain(EventLoop loop, int n, long[] shared) {
            this.loop = loop;
            this.n = n;
            this.shared = shared;
        }

        @Override
        public void run() {
            if (++shared[0] < n) {
                loop.execute(partner);
            } else {
                done.countDown();
                partner.done.countDown();
            }
        }
    }

    /** One task executes itself {@code n} times on the loop. */
    public long executeChain(int n) {
        long[] count = {0};
        Chain c = new Chain(loop, n, count);
        loop.execute(c);
        await(c.done);
        return count[0];
    }

    /** Two tasks execute each other, {@code n} in all. */
    public long pingPong(int n) {
        long[] count = {0};
        Chain ping = new Chain(loop, n, count);
        Chain pong = new Chain(loop, n, count);
        ping.partner = pong;
        pong.partner = ping;
        loop.execute(pong);
        await(ping.done);
        return count[0];
    }

    /** Schedules one task per delay (seconds) from the loop, and waits until all ran. */
    public long scheduleFire(double[] delays) {
        long[] fired = {0};
        CountDownLatch done = new CountDownLatch(1);
        int n = delays.length;
        Runnable task = () -> {
            if (++fired[0] == n) {
                done.countDown();
            }
        };
        loop.execute(() -> {
            for (double d : delays) {
                loop.schedule(task, (long) (d * 1e9), TimeUnit.NANOSECONDS);
            }
        });
        await(done);
        return fired[0];
    }

    /** From the loop: schedules one task per delay, a minute ahead, then cancels each. */
    public long scheduleCancel(double[] delays) {
        long[] cancelled = {0};
        CountDownLatch done = new CountDownLatch(1);
        Runnable task = () -> {
            throw new IllegalStateException("a cancelled task ran");
        };
        loop.execute(() -> {
            ScheduledFuture<?>[] futures = new ScheduledFuture<?>[delays.length];
            for (int i = 0; i < futures.length; i++) {
                futures[i] = loop.schedule(task, 60_000_000_000L + (long) (delays[i] * 1e9), TimeUnit.NANOSECONDS);
            }
            for (ScheduledFuture<?> f : futures) {
                if (f.cancel(false)) {
                    cancelled[0]++;
                }
            }
            done.countDown();
        });
        await(done);
        return cancelled[0];
    }

    /** {@code threads} producers execute {@code n} tasks in all on the loop. */
    public long crossThread(int n, int threads, ExecutorService producers) {
        long[] received = {0};
        CountDownLatch done = new CountDownLatch(1);
        Runnable task = () -> {
            if (++received[0] == n) {
                done.countDown();
            }
        };
        int each = n / threads;
        Future<?>[] running = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
            running[t] = producers.submit(() -> {
                for (int i = 0; i < each; i++) {
                    loop.execute(task);
                }
            });
        }
        Peers.join(running);
        await(done);
        return received[0];
    }

    /** An echo server on the loop, loaded by an {@link EchoClient}; returns round trips. */
    public long echo(int connections, int roundTrips, int messageBytes) {
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new EchoHandler())
                .bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))
                .syncUninterruptibly()
                .channel();
        try {
            EchoClient client = new EchoClient((InetSocketAddress) server.localAddress(), connections, roundTrips,
                    messageBytes);
            client.start();
            return client.await(60);
        } finally {
            server.close().syncUninterruptibly();
        }
    }

    /**
     * A line echo server on the loop, as a Netty program would write one:
     * {@link LineBasedFrameDecoder}, {@link StringDecoder} and {@link StringEncoder}, and a
     * handler that writes each line back with CR LF. Loaded by {@link EchoClient#lines};
     * returns the lines echoed.
     */
    public long lineEcho(int connections, int lines, int lineBytes) {
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(LINE_MAX), new StringDecoder(StandardCharsets.UTF_8),
                                new StringEncoder(StandardCharsets.UTF_8), LINE_ECHO);
                    }
                })
                .bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))
                .syncUninterruptibly()
                .channel();
        try {
            EchoClient client = EchoClient.lines((InetSocketAddress) server.localAddress(), connections, lines,
                    lineBytes);
            client.start();
            return client.await(60);
        } finally {
            server.close().syncUninterruptibly();
        }
    }

    /** Longest line of the line echo, as for the kernel's Line filter it is 1 MiB. */
    private static final int LINE_MAX = 1 << 20;

    private static final LineEchoHandler LINE_ECHO = new LineEchoHandler();

    /** Writes each line back with CR LF; flushes once per read burst. */
    @ChannelHandler.Sharable
    private static final class LineEchoHandler extends SimpleChannelInboundHandler<String> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            ctx.write(line + "\r\n");
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** Writes back what it reads; flushes once per read burst. */
    @ChannelHandler.Sharable
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    private static void await(CountDownLatch latch) {
        Peers.await(latch);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
