package poe.bench.workload;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A load generator on a daemon thread of its own: {@link #start()}, then
 * {@link #await(long)} the count it completed, or the failure that stopped it.
 *
 * <pre>{@code
 * HttpLoad load = new HttpLoad(address, 64, 9_600, body);
 * load.start();
 * long answered = load.await(60);
 * }</pre>
 */
public abstract class LoadGenerator {

    private final Thread thread;
    private final String what;
    private final String unit;
    private volatile long completed;
    private volatile Throwable failure;

    /**
     * @param threadName the thread's name
     * @param what       what it is, for messages ("the echo client")
     * @param unit       what it counts, for messages ("round trips done")
     */
    LoadGenerator(String threadName, String what, String unit) {
        this.what = what;
        this.unit = unit;
        this.thread = new Thread(this::runSafely, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts generating. */
    public final void start() {
        thread.start();
    }

    /**
     * Waits for the generator to finish.
     *
     * @param timeoutSeconds how long at most
     * @return what it completed
     * @throws IllegalStateException if it failed or did not finish in time
     */
    public final long await(long timeoutSeconds) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
        if (thread.isAlive()) {
            thread.interrupt();
            throw new IllegalStateException(what + " did not finish in " + timeoutSeconds + " s (" + completed + " "
                    + unit + ")");
        }
        if (failure != null) {
            throw new IllegalStateException(what + " failed: " + failure, failure);
        }
        return completed;
    }

    /** Records how much is done so far (read by {@link #await} and its messages). */
    final void progress(long done) {
        completed = done;
    }

    /** The load itself, on the generator's thread. */
    abstract void generate() throws IOException;

    private void runSafely() {
        try {
            generate();
        } catch (Throwable t) {
            failure = t;
        }
    }
}
