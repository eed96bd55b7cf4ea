package poe.loop.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import poe.loop.FakeHost;
import poe.loop.Loops;

/** The JavaFX loop against a stand-in kernel, headless (Monocle). One JVM per test class. */
@Timeout(30)
class JavaFxLoopTest {
    private final FakeHost host = new FakeHost();
    private JavaFxLoop loop;

    @AfterEach
    void tearDown() throws Exception {
        if (loop != null) {
            JavaFxLoop l = loop;
            if (Platform.isFxApplicationThread() || !l.inLoopThread()) {
                onFx(() -> {
                    l.close();
                    return null;
                });
            } else {
                l.close();
            }
        }
    }

    private static <T> T onFx(Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(task);
        Platform.runLater(future);
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw new AssertionError(e.getCause());
        }
    }

    /** A loop created off the FX thread: this thread owns the kernel until run(). */
    private JavaFxLoop loopHere() {
        loop = new JavaFxLoop();
        loop.initialize(host);
        return loop;
    }

    private JavaFxLoop loopOnFx() throws Exception {
        loop = new JavaFxLoop();
        onFx(() -> {
            loop.initialize(host);
            return null;
        });
        return loop;
    }

    private void stopAfter(int dispatches) {
        host.onDispatch = () -> {
            if (host.dispatches.get() >= dispatches) {
                host.sessions = 0;
                loop.halt();
            } else {
                loop.armTimer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2));
            }
        };
    }

    @Test
    void startsTheToolkitOnDaemonThreadsAndRunsHandlersOnTheFxThread() throws Exception {
        loopHere();
        Thread fx = onFx(Thread::currentThread);
        assertTrue(fx.isDaemon(), "the FX Application Thread would keep the JVM alive: " + fx);
        assertTrue(loop.inLoopThread(), "the creating thread owns the kernel until run()");
        assertFalse(onFx(loop::inLoopThread));

        stopAfter(5);
        loop.armTimer(System.nanoTime());
        loop.run();
        assertEquals(5, host.dispatches.get());
        assertEquals(Set.of(fx), host.threads);
        assertTrue(loop.inLoopThread(), "run() gave the kernel back");

        assertTrue(new JavaFxLoopProvider().detectRunning(), "a running toolkit is detected");
        assertNull(new JavaFxLoopProvider().unavailableReason());
        assertTrue(Loops.names().contains("javafx"), Loops.names().toString());
    }

    @Test
    void externalDriverRunsOneTimesliceAtATimeOnTheFxThread() throws Exception {
        loopHere();
        stopAfter(3);
        loop.armTimer(System.nanoTime());
        int slices = 0;
        while (host.hasSessions()) {
            loop.doTimeslice();
            slices++;
        }
        assertEquals(3, host.dispatches.get());
        assertTrue(slices >= 3);
        assertEquals(Set.of(onFx(Thread::currentThread)), host.threads);
    }

    @Test
    void runOnTheFxThreadWaitsInANestedEventLoopWhileTheUiStaysAlive() throws Exception {
        loopOnFx();
        AtomicInteger uiEvents = new AtomicInteger();
        host.onDispatch = () -> {
            Platform.runLater(uiEvents::incrementAndGet);
            if (host.dispatches.get() >= 5) {
                host.sessions = 0;
                loop.halt();
            } else {
                loop.armTimer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2));
            }
        };
        onFx(() -> {
            loop.run();
            return null;
        });
        assertEquals(5, host.dispatches.get());
        assertTrue(uiEvents.get() >= 4, "runLater tasks ran during run(): " + uiEvents.get());
    }

    @Test
    void wakeupsAreBatchedIntoFewRunLaterHops() throws Exception {
        loopOnFx();
        CountDownLatch posted = new CountDownLatch(1);
        Thread poster = new Thread(() -> {
            for (int i = 0; i < 100_000; i++) {
                loop.wakeup();
            }
            posted.countDown();
        });
        poster.start();
        assertTrue(posted.await(20, TimeUnit.SECONDS));
        onFx(() -> null);
        int dispatches = host.dispatches.get();
        assertTrue(dispatches >= 1, "no dispatch for the wakeups");
        assertTrue(dispatches < 100_000 / 10, "wakeups were not batched: " + dispatches + " dispatches");
    }

    @Test
    void aTimesliceFromAnAnimationPulseDoesNotWaitAndRunIsRefusedThere() throws Exception {
        loopOnFx();
        AtomicReference<String> runError = new AtomicReference<>();
        AtomicInteger dispatchesInPulse = new AtomicInteger(-1);
        CountDownLatch pulsed = new CountDownLatch(1);
        onFx(() -> {
            loop.armTimer(System.nanoTime() + TimeUnit.SECONDS.toNanos(60)); // nothing due for a minute
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    stop();
                    loop.doTimeslice(); // must not block the pulse
                    dispatchesInPulse.set(host.dispatches.get());
                    try {
                        loop.run();
                    } catch (IllegalStateException e) {
                        runError.set(e.getMessage());
                    }
                    pulsed.countDown();
                }
            }.start();
            return null;
        });
        assertTrue(pulsed.await(20, TimeUnit.SECONDS), "no animation pulse");
        assertEquals(0, dispatchesInPulse.get());
        assertTrue(runError.get() != null && runError.get().contains("runOneTimeslice()"), runError.get());
    }

    @Test
    void closingTheStageSendsUiDestroyAndEndsRun() throws Exception {
        loopHere();
        CountDownLatch shown = new CountDownLatch(1);
        AtomicReference<Stage> stage = new AtomicReference<>();
        AtomicReference<Thread> destroyedOn = new AtomicReference<>();
        onFx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new Label("hello"), 200, 100));
            s.setOnShown(e -> shown.countDown());
            stage.set(s);
            return null;
        });
        loop.attachUiDestroy(stage.get(), () -> {
            destroyedOn.set(Thread.currentThread());
            host.sessions = 0; // the kernel's UIDESTROY stops every session
        });
        onFx(() -> {
            stage.get().show();
            return null;
        });
        assertTrue(shown.await(20, TimeUnit.SECONDS));
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(100);
                Platform.runLater(() -> stage.get().close());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closer.start();
        loop.run(); // returns once the stage is closed
        assertEquals(onFx(Thread::currentThread), destroyedOn.get());
        assertFalse(onFx(() -> stage.get().isShowing()));
    }

    @Test
    void uiDestroyNeedsAWindow() {
        loopHere();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.attachUiDestroy("not a window", () -> { }));
        assertTrue(e.getMessage().contains("javafx.stage.Window"), e.getMessage());
    }

    @Test
    void closeStopsTheBridgeThread() throws Exception {
        loopOnFx();
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        pipe.source().configureBlocking(false);
        try {
            onFx(() -> {
                loop.watchChannel(pipe.source(), poe.loop.IoMode.READ);
                return null;
            });
            CountDownLatch ready = new CountDownLatch(1);
            host.onDispatch = () -> {
                if (host.readies.get() > 0) {
                    ready.countDown();
                }
            };
            pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            assertTrue(ready.await(20, TimeUnit.SECONDS), "readiness did not reach the FX thread");
            assertEquals(1, onFx(loop::registrations).size());
            onFx(() -> {
                loop.ignoreChannel(pipe.source(), poe.loop.IoMode.READ);
                loop.close();
                return null;
            });
            boolean bridgeAlive = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("poe-bridge-javafx") && t.isAlive());
            assertFalse(bridgeAlive, "bridge thread leaked");
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }
}
