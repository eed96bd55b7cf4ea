package poe.loop.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import poe.loop.FakeHost;
import poe.loop.IoMode;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class VertxLoopTest {

    private static Vertx vertx;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private VertxLoop driven() {
        VertxLoop loop = VertxLoop.create(vertx);
        cleanup.add(loop);
        return loop;
    }

    private static <T> T onContext(Context context, java.util.concurrent.Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void timersFireInOrderOnTheContextAndNeverEarly() {
        VertxLoop loop = driven();
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        List<String> early = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long[] delays = {20_000_000L, 300_000L, 0L, 2_000_000L, 50_000L};
        for (long delay : delays) {
            long due = start + delay;
            host.at(due, () -> {
                long now = System.nanoTime();
                if (now - due < 0) {
                    early.add(delay + " ns timer ran " + (due - now) + " ns early");
                }
                if (Vertx.currentContext() != loop.context()) {
                    early.add("timer not on the loop's context: " + Vertx.currentContext());
                }
                fired.add(Long.toString(delay));
            });
        }
        host.at(start + 25_000_000L, host::finish);

        loop.run();

        assertEquals(List.of("0", "50000", "300000", "2000000", "20000000"), fired);
        assertEquals(List.of(), early);
        assertEquals(List.of(), host.violations);
        assertFalse(host.hasSessions());
    }

    /**
     * Vert.x's own timers round anything under a millisecond up to one. A systematic floor
     * shows as every sample taking a millisecond or more, so the test looks for one sample
     * well under it: noise on a busy machine can only delay samples, never hide a floor.
     */
    private static long fastestLatencyNanos(long delayNanos) {
        VertxLoop loop = VertxLoop.create(vertx);
        try {
            FakeHost host = new FakeHost(loop);
            loop.initialize(host);
            long[] fastest = {Long.MAX_VALUE};
            AtomicInteger left = new AtomicInteger(200);
            Runnable[] step = new Runnable[1];
            step[0] = () -> {
                long due = System.nanoTime() + delayNanos;
                host.at(due, () -> {
                    fastest[0] = Math.min(fastest[0], System.nanoTime() - due);
                    if (left.decrementAndGet() == 0 || fastest[0] < 300_000L) {
                        host.finish();
                    } else {
                        step[0].run();
                    }
                });
            };
            host.now(step[0]);
            loop.run();
            assertEquals(List.of(), host.violations);
            return fastest[0];
        } finally {
            loop.close();
        }
    }

    @Test
    void aDueNowTimerIsOneHopNotAMillisecond() {
        long fastest = fastestLatencyNanos(0);
        assertTrue(fastest < 900_000L, "every due-now timer waited at least " + fastest + " ns");
    }

    @Test
    void subMillisecondTimersAreNotRoundedUpToAMillisecond() {
        long fastest = fastestLatencyNanos(200_000L);
        // latency is measured from the due time: a 1 ms floor would make it 0.8 ms or more every time
        assertTrue(fastest < 700_000L, "every 0.2 ms timer fired at least " + fastest + " ns late");
    }

    @Test
    void wakeupsFromOtherThreadsAreBatchedIntoOneHop() throws Exception {
        VertxLoop loop = driven();
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        int posts = 1000;
        AtomicInteger handled = new AtomicInteger();
        List<Boolean> onContext = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger callsBefore = new AtomicInteger();
        host.now(() -> {
            callsBefore.set(host.dispatches.get());
            // Keep the context busy while another thread posts: every post must end up in one hop.
            Thread poster = new Thread(() -> {
                for (int i = 0; i < posts; i++) {
                    host.post(() -> {
                        onContext.add(Vertx.currentContext() == loop.context());
                        if (handled.incrementAndGet() == posts) {
                            host.finish();
                        }
                    });
                }
                blocked.countDown();
            });
            poster.start();
            try {
                assertTrue(blocked.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            release.countDown();
        });

        loop.run();

        assertEquals(0, release.getCount());
        assertEquals(posts, handled.get());
        assertFalse(onContext.contains(false));
        int hops = host.dispatches.get() - callsBefore.get();
        assertTrue(hops <= 2, posts + " posts made " + hops + " dispatches; expected one batch");
        assertEquals(List.of(), host.violations);
    }

    @Test
    void readinessIsDeliveredOnTheContextThread() throws Exception {
        VertxLoop loop = driven();
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        Pipe pipe = Pipe.open();
        cleanup.add(pipe.source());
        cleanup.add(pipe.sink());
        pipe.source().configureBlocking(false);
        AtomicReference<String> thread = new AtomicReference<>();
        StringBuilder received = new StringBuilder();
        host.onReady = (channel, mode) -> {
            assertEquals(IoMode.READ, mode);
            thread.set(Thread.currentThread().getName());
            assertSame(loop.context(), Vertx.currentContext());
            ByteBuffer buffer = ByteBuffer.allocate(64);
            try {
                int n = pipe.source().read(buffer);
                received.append(new String(buffer.array(), 0, Math.max(n, 0), java.nio.charset.StandardCharsets.US_ASCII));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (received.toString().equals("hello")) {
                loop.ignoreChannel(channel, IoMode.READ);
                host.finish();
            }
        };
        loop.watchChannel(pipe.source(), IoMode.READ);
        assertEquals(1, loop.registrations().size());
        Thread writer = new Thread(() -> {
            try {
                pipe.sink().write(ByteBuffer.wrap("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();

        loop.run();

        writer.join();
        assertEquals("hello", received.toString());
        assertTrue(Context.isOnEventLoopThread() == false);
        assertNotNull(thread.get());
        assertEquals(onContext(loop.context(), () -> Thread.currentThread().getName()), thread.get());
        assertEquals(List.of(), loop.registrations());
        assertEquals(List.of(), host.violations);
    }

    @Test
    void pauseAndResumeKeepTheRegistrationAndStopReadiness() throws Exception {
        VertxLoop loop = driven();
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        Pipe pipe = Pipe.open();
        cleanup.add(pipe.source());
        cleanup.add(pipe.sink());
        pipe.source().configureBlocking(false);
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Object> keyBefore = new AtomicReference<>();
        host.onReady = (channel, mode) -> {
            events.add("ready");
            if (events.size() == 1) {
                // Data stays unread: level-triggered readiness would fire again at once.
                keyBefore.set(loop.selectionKey(channel));
                loop.pauseChannel(channel, IoMode.READ);
                long resumeAt = System.nanoTime() + 30_000_000L;
                host.at(resumeAt, () -> {
                    events.add("resume");
                    assertSame(keyBefore.get(), loop.selectionKey(channel), "resume re-registered the channel");
                    loop.resumeChannel(channel, IoMode.READ);
                });
            } else {
                loop.ignoreChannel(channel, IoMode.READ);
                host.finish();
            }
        };
        loop.watchChannel(pipe.source(), IoMode.READ);

        loop.run();

        assertEquals(List.of("ready", "resume", "ready"), events);
        assertNotNull(keyBefore.get());
        assertEquals(List.of(), host.violations);
        assertNull(onContext(loop.context(), () -> loop.selectionKey(pipe.source())));
    }

    @Test
    void oneTimesliceWaitsForOneReasonAndHandsTheKernelBack() {
        VertxLoop loop = driven();
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        host.at(start + 5_000_000L, () -> fired.add("a:" + loop.inLoopThread()));
        // b is far enough behind a that a slice slowed by a loaded machine still ends before it is due
        host.at(start + 3_000_000_000L, () -> fired.add("b"));

        assertTrue(loop.inLoopThread(), "the creating thread owns a driven kernel between timeslices");
        loop.doTimeslice();
        assertEquals(List.of("a:true"), fired, "one timeslice waits for the first timer only");
        assertTrue(System.nanoTime() - start >= 5_000_000L);
        assertTrue(loop.inLoopThread());
        loop.doTimeslice();
        assertEquals(List.of("a:true", "b"), fired);
        assertTrue(System.nanoTime() - start >= 3_000_000_000L);
        // Owner-thread setup between slices: queue work, then one more slice runs it.
        host.now(() -> fired.add("c:" + Thread.currentThread().getName().contains("eventloop")));
        loop.doTimeslice();
        assertEquals(List.of("a:true", "b", "c:true"), fired);
        assertEquals(List.of(), host.violations);
    }

    @Test
    void aTimesliceWakesForAPostFromAnotherThread() throws Exception {
        VertxLoop loop = driven();
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        Thread poster = new Thread(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            assertFalse(loop.inLoopThread());
            host.post(() -> fired.add("posted"));
        });
        poster.start();

        loop.doTimeslice();

        poster.join();
        assertEquals(List.of("posted"), fired);
        assertEquals(List.of(), host.violations);
    }

    @Test
    void otherThreadsAreNotTheLoopThread() throws Exception {
        VertxLoop loop = driven();
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        AtomicReference<Boolean> elsewhere = new AtomicReference<>();
        Thread other = new Thread(() -> elsewhere.set(loop.inLoopThread()));
        other.start();
        other.join();
        assertFalse(elsewhere.get());
        assertFalse(onContext(loop.context(), loop::inLoopThread), "the context does not own an idle driven kernel");
        host.now(() -> elsewhere.set(loop.inLoopThread()));
        host.at(System.nanoTime() + 1_000_000L, host::finish);
        loop.run();
        assertTrue(elsewhere.get(), "the context owns a running kernel");
    }

    @Test
    void runOnAnEventLoopThreadPointsToEmbedding() throws Exception {
        VertxLoop loop = driven();
        loop.initialize(new FakeHost(loop));
        Context other = vertx.getOrCreateContext();
        Throwable failure = onContext(other, () -> {
            try {
                loop.run();
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertNotNull(failure, "run() on an event-loop thread must be refused");
        assertTrue(failure.getMessage().contains("embed"), failure.getMessage());
    }

    @Test
    void runRethrowsWhatTheKernelThrewOnTheContext() {
        VertxLoop loop = driven();
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        host.now(() -> {
            throw boom;
        });
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, loop::run);
        assertSame(boom, thrown);
        // The kernel can run again afterwards.
        host.now(host::finish);
        loop.run();
        assertFalse(host.hasSessions());
    }

    @Test
    void runReturnsAtOnceWithoutSessions() {
        VertxLoop loop = driven();
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        host.now(host::finish);
        loop.run();
        loop.run();
        assertFalse(host.hasSessions());
    }

    @Test
    void anEmbeddedKernelRunsAsWorkComesAndCompletesDone() throws Exception {
        Context context = vertx.getOrCreateContext();
        VertxLoop loop = VertxLoop.embed(context);
        cleanup.add(() -> onContext(context, () -> {
            loop.close();
            return null;
        }));
        FakeHost host = new FakeHost(loop);
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        onContext(context, () -> {
            loop.initialize(host);
            assertTrue(loop.isEmbedded());
            host.at(System.nanoTime() + 2_000_000L, () -> {
                fired.add("timer");
                if (fired.size() == 2) {
                    host.finish();
                }
            });
            return null;
        });
        assertFalse(loop.inLoopThread());
        Thread poster = new Thread(() -> host.post(() -> {
            fired.add("posted");
            if (fired.size() == 2) {
                host.finish();
            }
        }));
        poster.start();
        poster.join();
        loop.done().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(fired.containsAll(List.of("timer", "posted")), fired.toString());
        assertEquals(List.of(), host.violations);
        Throwable refused = onContext(context, () -> {
            try {
                loop.run();
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertNotNull(refused);
    }

    @Test
    void aKernelCreatedOnTheContextIsEmbedded() throws Exception {
        Context context = vertx.getOrCreateContext();
        VertxLoop loop = VertxLoop.create(context);
        FakeHost host = new FakeHost(loop);
        assertTrue(onContext(context, () -> {
            loop.initialize(host);
            return loop.isEmbedded() && loop.inLoopThread();
        }));
        onContext(context, () -> {
            loop.close();
            return null;
        });
        assertTrue(loop.done().isComplete());
    }

    @Test
    void anEmbeddedFailureFailsDone() throws Exception {
        Context context = vertx.getOrCreateContext();
        context.exceptionHandler(t -> { });
        VertxLoop loop = VertxLoop.embed(context);
        cleanup.add(() -> onContext(context, () -> {
            loop.close();
            return null;
        }));
        FakeHost host = new FakeHost(loop);
        IllegalStateException boom = new IllegalStateException("boom");
        onContext(context, () -> {
            loop.initialize(host);
            host.now(() -> {
                throw boom;
            });
            return null;
        });
        CompletableFuture<Void> done = loop.done().toCompletionStage().toCompletableFuture();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> done.get(10, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
    }

    @Test
    void closeCancelsRegistrationsButLeavesTheChannelOpen() throws Exception {
        VertxLoop loop = VertxLoop.create(vertx);
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        Pipe pipe = Pipe.open();
        cleanup.add(pipe.source());
        cleanup.add(pipe.sink());
        pipe.source().configureBlocking(false);
        loop.watchChannel(pipe.source(), IoMode.READ);
        host.at(System.nanoTime() + 60_000_000_000L, () -> { });
        java.nio.channels.SelectionKey key = (java.nio.channels.SelectionKey)
                onContext(loop.context(), () -> loop.selectionKey(pipe.source()));
        assertTrue(key.isValid());
        assertEquals(1, loop.registrations().size());

        loop.close();

        assertFalse(key.isValid(), "close must cancel the registration");
        assertTrue(pipe.source().isOpen(), "closing the loop must not close the program's channel");
        assertTrue(loop.done().isComplete());
        assertThrows(IllegalStateException.class, loop::run);
        assertFalse(((ContextInternal) loop.context()).nettyEventLoop().isShuttingDown(),
                "a Vert.x instance the program gave stays open");
    }

    @Test
    void aLoopClosesItsOwnVertx() throws Exception {
        VertxLoop loop = VertxLoop.create();
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        Pipe pipe = Pipe.open();
        cleanup.add(pipe.source());
        cleanup.add(pipe.sink());
        pipe.source().configureBlocking(false);
        loop.watchChannel(pipe.source(), IoMode.READ);
        host.now(() -> { });
        loop.doTimeslice();
        assertTrue(pipe.source().isRegistered());

        loop.close();

        assertTrue(((ContextInternal) loop.context()).nettyEventLoop().isShuttingDown());
        assertFalse(pipe.source().isRegistered(), "the selector is gone with Vert.x");
        assertTrue(pipe.source().isOpen());
    }

    @Test
    void readinessBetweenTimeslicesWaitsForTheNextOne() throws Exception {
        VertxLoop loop = driven();
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        Pipe pipe = Pipe.open();
        cleanup.add(pipe.source());
        cleanup.add(pipe.sink());
        pipe.source().configureBlocking(false);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        host.onReady = (channel, mode) -> {
            events.add(mode + " on context " + (Vertx.currentContext() == loop.context()));
            loop.ignoreChannel(channel, mode);
        };
        loop.watchChannel(pipe.source(), IoMode.READ);
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        Thread.sleep(50);
        assertEquals(List.of(), events, "nothing is dispatched while no one drives the kernel");

        loop.doTimeslice();

        assertEquals(List.of("READ on context true"), events);
        assertEquals(List.of(), host.violations);
    }

    @Test
    void runLetsGoWhenVertxIsClosedUnderIt() {
        Vertx own = Vertx.vertx();
        VertxLoop loop = VertxLoop.create(own);
        FakeHost host = new FakeHost(loop);
        loop.initialize(host);
        host.at(System.nanoTime() + TimeUnit.MINUTES.toNanos(10), () -> { });
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            own.close();
        });
        closer.start();
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::run);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        loop.close();
    }
}
