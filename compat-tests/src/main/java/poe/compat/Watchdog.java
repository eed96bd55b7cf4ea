package poe.compat;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The harness's one timer thread: wall-clock watchdogs for scenarios and drives. */
final class Watchdog {

    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "poe-compat-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
        TIMER.prestartAllCoreThreads();
    }

    private Watchdog() {
    }

    static ScheduledFuture<?> schedule(Runnable action, Duration after) {
        return TIMER.schedule(() -> {
            try {
                action.run();
            } catch (Throwable t) {
                System.err.println("[poe-compat] watchdog action failed: " + t);
            }
        }, Math.max(0, after.toNanos()), TimeUnit.NANOSECONDS);
    }
}
