package poe.bench.baseline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * Vert.x (one event-loop context) doing the kernel's workloads: {@code runOnContext}
 * chains, {@code setTimer}/{@code cancelTimer} (millisecond resolution, at least 1 ms),
 * and {@code runOnContext} from other threads.
 *
 * <pre>{@code
 * try (VertxPeer vertx = new VertxPeer()) {
 *     long events = vertx.runOnContextChain(1_000_000);
 * }
 * }</pre>
 */
public final class VertxPeer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();

    /** A handler that re-runs itself (or its partner) on the context until {@code n}. */
    private final class Chain implements Handler<Void> {
        final int n;
        final long[] shared;
        final CountDownLatch done;
        Chain partner = this;

        Chain(int n, long[] shared, CountDownLatch done) {
            this.n = n;
            this.shared = shared;
            this.done = done;
        }

        @Override
        public void handle(Void v) {
            if (++shared[0] < n) {
                context.runOnContext(partner);
            } else {
                done.countDown();
            }
        }
    }

    /** One handler runs itself {@code n} times via {@code runOnContext}. */
    public long runOnContextChain(int n) {
        long[] count = {0};
        CountDownLatch done = new CountDownLatch(1);
        context.runOnContext(new Chain(n, count, done));
        Peers.await(done);
        return count[0];
    }

    /** Two handlers run each other, {@code n} in all. */
    public long pingPong(int n) {
        long[] count = {0};
        CountDownLatch done = new CountDownLatch(1);
        Chain ping = new Chain(n, count, done);
        Chain pong = new Chain(n, count, done);
        ping.partner = pong;
        pong.partner = ping;
        context.runOnContext(pong);
        Peers.await(done);
        return count[0];
    }

    /** From the context: one {@code setTimer} per delay, waiting until all fired. */
    public long setTimerFire(double[] delays) {
        long[] fired = {0};
        CountDownLatch done = new CountDownLatch(1);
        int n = delays.length;
        Handler<Long> task = id -> {
            if (++fired[0] == n) {
                done.countDown();
            }
        };
        context.runOnContext(v -> {
            for (double d : delays) {
                vertx.setTimer(Math.max(1, (long) (d * 1000)), task);
            }
        });
        Peers.await(done);
        return fired[0];
    }

    /** From the context: {@code setTimer} a minute ahead, then {@code cancelTimer}, per delay. */
    public long setTimerCancel(double[] delays) {
        long[] cancelled = {0};
        CountDownLatch done = new CountDownLatch(1);
        Handler<Long> task = id -> {
            throw new IllegalStateException("a cancelled timer fired");
        };
        context.runOnContext(v -> {
            long[] ids = new long[delays.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = vertx.setTimer(60_000 + (long) (delays[i] * 1000), task);
            }
            for (long id : ids) {
                if (vertx.cancelTimer(id)) {
                    cancelled[0]++;
                }
            }
            done.countDown();
        });
        Peers.await(done);
        return cancelled[0];
    }

    /** {@code threads} producers {@code runOnContext} {@code n} handlers in all. */
    public long crossThread(int n, int threads, ExecutorService producers) {
        long[] received = {0};
        CountDownLatch done = new CountDownLatch(1);
        Handler<Void> task = v -> {
            if (++received[0] == n) {
                done.countDown();
            }
        };
        int each = n / threads;
        Future<?>[] running = new Future<?>[threads];
        for (int t = 0; t < threads; t++) {
            running[t] = producers.submit(() -> {
                for (int i = 0; i < each; i++) {
                    context.runOnContext(task);
                }
            });
        }
        Peers.join(running);
        Peers.await(done);
        return received[0];
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
