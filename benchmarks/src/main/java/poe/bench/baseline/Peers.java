package poe.bench.baseline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Waiting helpers shared by the peers: bounded waits that turn trouble into exceptions. */
final class Peers {

    static final long TIMEOUT_SECONDS = 120;

    private Peers() {
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the run did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void join(Future<?>[] futures) {
        for (Future<?> f : futures) {
            try {
                f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a producer failed", e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("a producer did not finish in " + TIMEOUT_SECONDS + " s", e);
            }
        }
    }
}
