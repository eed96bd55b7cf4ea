package poe.loop.javafx;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.application.Platform;

/** Starting the JavaFX toolkit once per JVM, and finding out whether it runs. */
final class FxToolkit {
    private static final long START_TIMEOUT_SECONDS = 30;
    private static boolean started;

    private FxToolkit() {
    }

    /** Whether the JavaFX toolkit has been started in this JVM (by anyone) and not exited. */
    static boolean running() {
        if (Platform.isFxApplicationThread()) {
            return true;
        }
        try {
            Platform.runLater(() -> { });
            return true;
        } catch (IllegalStateException notStarted) {
            return false;
        }
    }

    /**
     * Starts the toolkit unless it runs. When this starts it, it does so from a daemon
     * thread, so the FX Application Thread is a daemon too and does not keep the JVM alive
     * once the program's own threads are done; and it turns implicit exit off, so closing
     * the last window does not end the toolkit under a kernel.
     *
     * @throws IllegalStateException if the toolkit cannot start, with the reason
     */
    static synchronized void ensureStarted() {
        if (started || running()) {
            started = true;
            return;
        }
        CountDownLatch ready = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                Platform.startup(ready::countDown);
            } catch (IllegalStateException alreadyStarted) {
                ready.countDown(); // started by someone else meanwhile
            } catch (Throwable t) {
                failure.set(t);
                ready.countDown();
            }
        }, "poe-javafx-startup");
        starter.setDaemon(true);
        starter.start();
        try {
            if (!ready.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the JavaFX toolkit did not start within "
                        + START_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the JavaFX toolkit", e);
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("the JavaFX toolkit could not start: " + t
                    + "; " + JavaFxLoopProvider.displayAdvice(), t);
        }
        Platform.setImplicitExit(false);
        started = true;
    }
}
