package poe.bench.baseline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@link ScheduledThreadPoolExecutor} (one thread, remove-on-cancel on) doing
 * the timer workloads, scheduling from its own thread as the kernel's sessions do.
 *
 * <pre>{@code
 * try (StpePeer stpe = new StpePeer()) {
 *     long fired = stpe.scheduleFire(RandomDelays.seconds(1_000_000));
 * }
 * }</pre>
 */
public final class StpePeer implements AutoCloseable {

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);

    /** A new one-thread executor. */
    public StpePeer() {
        executor.setRemoveOnCancelPolicy(true);
    }

    /** One task per delay (seconds), run until all ran. */
    public long scheduleFire(double[] delays) {
        long[] fired = {0};
        CountDownLatch done = new CountDownLatch(1);
        int n = delays.length;
        Runnable task = () -> {
            if (++fired[0] == n) {
                done.countDown();
            }
        };
        executor.execute(() -> {
            for (double d : delays) {
                executor.schedule(task, (long) (d * 1e9), TimeUnit.NANOSECONDS);
            }
        });
        Peers.await(done);
        return fired[0];
    }

    /** One task per delay a minute ahead, then each cancelled. */
    public long scheduleCancel(double[] delays) {
        long[] cancelled = {0};
        CountDownLatch done = new CountDownLatch(1);
        Runnable task = () -> {
            throw new IllegalStateException("a cancelled task ran");
        };
        executor.execute(() -> {
            ScheduledFuture<?>[] futures = new ScheduledFuture<?>[delays.length];
            for (int i = 0; i < futures.length; i++) {
                futures[i] = executor.schedule(task, 60_000_000_000L + (long) (delays[i] * 1e9),
                        TimeUnit.NANOSECONDS);
            }
            for (ScheduledFuture<?> f : futures) {
                if (f.cancel(false)) {
                    cancelled[0]++;
                }
            }
            done.countDown();
        });
        Peers.await(done);
        return cancelled[0];
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
