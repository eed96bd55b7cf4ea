package poe.wheel;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where host names are looked up, off every kernel's thread: at most four daemon threads
 * ({@code poe-resolver-N}), made on demand and ended after a second without work.
 */
final class Resolver {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(4, 4, 1, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "poe-resolver-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    static {
        POOL.allowCoreThreadTimeOut(true);
    }

    private Resolver() {
    }

    static void submit(Runnable lookup) {
        POOL.execute(lookup);
    }
}
