package poe.loop.javafx;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.application.Platform;

/** Starting the JavaFX toolkit once per JVM, and finding out whether it runs. */
final class FxToolkit {
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final long WATCH_MILLIS = 200;
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
     * Starts the toolkit unless it runs. When this starts it, the toolkit must not keep the
     * JVM alive once the program is done: it is started from a daemon thread (so a Java-made
     * FX thread, as in Monocle, is a daemon) and a daemon watchdog calls
     * {@link Platform#exit()} once no other non-daemon thread is left (GTK attaches a
     * non-daemon FX thread of its own). Implicit exit is turned off, so closing the last
     * window does not end the toolkit under a kernel.
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
        Thread fxThread = fxThread();
        Thread watchdog = new Thread(() -> exitWhenProgramIsDone(fxThread), "poe-javafx-exit-watch");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static Thread fxThread() {
        AtomicReference<Thread> fx = new AtomicReference<>();
        CountDownLatch found = new CountDownLatch(1);
        Platform.runLater(() -> {
            fx.set(Thread.currentThread());
            found.countDown();
        });
        try {
            found.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fx.get();
    }

    /** Ends the toolkit once only it (and the JVM's DestroyJavaVM waiter) keeps the JVM up. */
    private static void exitWhenProgramIsDone(Thread fxThread) {
        try {
            while (fxThread != null && fxThread.isAlive()) {
                Thread.sleep(WATCH_MILLIS);
                if (fxThread.isDaemon() || !otherNonDaemonThreadsAlive(fxThread)) {
                    if (!fxThread.isDaemon()) {
                        Platform.exit();
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean otherNonDaemonThreadsAlive(Thread fxThread) {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != fxThread && t.isAlive() && !t.isDaemon() && !"DestroyJavaVM".equals(t.getName())) {
                return true;
            }
        }
        return false;
    }
}
