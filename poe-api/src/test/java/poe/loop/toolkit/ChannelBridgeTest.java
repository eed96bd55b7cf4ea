package poe.loop.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import poe.loop.IoMode;

class ChannelBridgeTest {
    private static final long WAIT_SECONDS = 10;

    private QueueToolkit toolkit;
    private ChannelBridge bridge;
    /** Batches taken on the toolkit thread, with the nanoTime they were taken at. */
    private final BlockingQueue<ReadyBatch> batches = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> takenAt = new LinkedBlockingQueue<>();
    private final List<Pipe> pipes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        toolkit = new QueueToolkit();
        bridge = new ChannelBridge("test", toolkit::execute, () -> {
            if (!toolkit.isToolkitThread()) {
                fail("onPending ran off the loop thread");
            }
            ReadyBatch batch = bridge.take();
            if (batch.isEmpty()) {
                batch.close(); // re-arms what was dropped as no longer wanted
            } else {
                takenAt.add(System.nanoTime());
                batches.add(batch);
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        bridge.close();
        toolkit.close();
        for (Pipe pipe : pipes) {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    private Pipe pipe() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        pipes.add(pipe);
        return pipe;
    }

    private static void write(Pipe pipe, int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        while (buffer.hasRemaining()) {
            pipe.sink().write(buffer);
        }
    }

    private static int drain(Pipe pipe) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int total = 0;
        int n;
        while ((n = pipe.source().read(buffer)) > 0) {
            total += n;
            buffer.clear();
        }
        return total;
    }

    private ReadyBatch nextBatch() throws InterruptedException {
        ReadyBatch batch = batches.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(batch, "no batch within " + WAIT_SECONDS + " s");
        return batch;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    @Test
    void readinessOfManyChannelsReachesTheLoopInOneHop() throws Exception {
        List<Pipe> ready = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Pipe pipe = pipe();
            bridge.watch(pipe.source(), IoMode.READ);
            ready.add(pipe);
        }
        toolkit.hold();
        int before = toolkit.submitted();
        for (Pipe pipe : ready) {
            write(pipe, 1);
        }
        await(() -> bridge.pendingReadiness() == 5, "five channels reported");
        toolkit.release();

        ReadyBatch batch = nextBatch();
        Set<Readiness> expected = new HashSet<>();
        for (Pipe pipe : ready) {
            expected.add(new Readiness(pipe.source(), IoMode.READ));
        }
        assertEquals(expected, new HashSet<>(batch.readiness()));
        assertEquals(5, batch.readiness().size(), "each channel once");
        assertEquals(1, toolkit.submitted() - before, "one hop for the whole batch");
        batch.close();
    }

    @Test
    void readyChannelIsDisarmedUntilTheBatchIsHandledThenReportedAgain() throws Exception {
        Pipe pipe = pipe();
        bridge.watch(pipe.source(), IoMode.READ);
        write(pipe, 10);

        ReadyBatch first = nextBatch();
        assertEquals(List.of(new Readiness(pipe.source(), IoMode.READ)), first.readiness());
        write(pipe, 10); // more data while the batch is not handled: no new report
        assertNull(batches.poll(300, TimeUnit.MILLISECONDS), "reported again before the batch was handled");

        first.close(); // handled without reading: still readable, so reported again
        ReadyBatch second = nextBatch();
        assertEquals(List.of(new Readiness(pipe.source(), IoMode.READ)), second.readiness());

        assertEquals(20, drain(pipe));
        second.close();
        assertNull(batches.poll(300, TimeUnit.MILLISECONDS), "reported though nothing was left to read");

        write(pipe, 1);
        nextBatch().close();
    }

    @Test
    void readAndWriteOfOneChannelAreReportedSeparately() throws Exception {
        java.nio.channels.SocketChannel[] pair = socketPair();
        try {
            bridge.watch(pair[0], IoMode.WRITE);
            ReadyBatch writable = nextBatch();
            assertEquals(List.of(new Readiness(pair[0], IoMode.WRITE)), writable.readiness());
            bridge.ignore(pair[0], IoMode.WRITE);
            writable.close();

            bridge.watch(pair[0], IoMode.READ);
            pair[1].write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            ReadyBatch readable = nextBatch();
            assertEquals(List.of(new Readiness(pair[0], IoMode.READ)), readable.readiness());
            readable.close();
            bridge.ignore(pair[0], IoMode.READ);
            assertEquals(List.of(), bridge.registrations());
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    private static java.nio.channels.SocketChannel[] socketPair() throws IOException {
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open()) {
            server.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            java.nio.channels.SocketChannel client = java.nio.channels.SocketChannel.open(server.getLocalAddress());
            java.nio.channels.SocketChannel accepted = server.accept();
            client.configureBlocking(false);
            accepted.configureBlocking(false);
            return new java.nio.channels.SocketChannel[] {client, accepted};
        }
    }

    @Test
    void pauseKeepsTheRegistrationAndResumeReportsAgain() throws Exception {
        Pipe pipe = pipe();
        bridge.watch(pipe.source(), IoMode.READ);
        bridge.pause(pipe.source(), IoMode.READ);
        assertEquals(List.of("READ " + pipe.source() + " (paused)"), bridge.registrations());
        write(pipe, 1);
        assertNull(batches.poll(300, TimeUnit.MILLISECONDS), "a paused channel was reported");

        bridge.resume(pipe.source(), IoMode.READ);
        assertEquals(List.of("READ " + pipe.source()), bridge.registrations());
        ReadyBatch batch = nextBatch();
        assertEquals(List.of(new Readiness(pipe.source(), IoMode.READ)), batch.readiness());
        batch.close();
    }

    @Test
    void readinessFoundBeforeAPauseIsDroppedAndResumeReportsItAgain() throws Exception {
        Pipe pipe = pipe();
        bridge.watch(pipe.source(), IoMode.READ);
        toolkit.hold();
        write(pipe, 1);
        await(() -> bridge.pendingReadiness() == 1, "the channel reported");
        bridge.pause(pipe.source(), IoMode.READ); // after the bridge found it ready
        toolkit.release();
        assertNull(batches.poll(300, TimeUnit.MILLISECONDS), "readiness of a paused channel was handed over");
        bridge.resume(pipe.source(), IoMode.READ);
        ReadyBatch batch = nextBatch();
        assertEquals(List.of(new Readiness(pipe.source(), IoMode.READ)), batch.readiness());
        batch.close();
    }

    @Test
    void ignoredChannelIsNotReportedAndLeavesNoRegistration() throws Exception {
        Pipe pipe = pipe();
        bridge.watch(pipe.source(), IoMode.READ);
        bridge.ignore(pipe.source(), IoMode.READ);
        bridge.ignore(pipe.source(), IoMode.WRITE); // unknown: ignored
        assertEquals(List.of(), bridge.registrations());
        write(pipe, 1);
        assertNull(batches.poll(300, TimeUnit.MILLISECONDS), "an ignored channel was reported");
    }

    @Test
    void watchersTornDownAndRebuiltKeepWorking() throws Exception {
        // z_rt53302: the same channel ignored (its key cancelled) and watched again, many
        // times, each time after the bridge has acted on the ignore.
        Pipe pipe = pipe();
        write(pipe, 1);
        for (int i = 0; i < 100; i++) {
            bridge.watch(pipe.source(), IoMode.READ);
            ReadyBatch batch = nextBatch();
            assertEquals(List.of(new Readiness(pipe.source(), IoMode.READ)), batch.readiness(), "round " + i);
            bridge.ignore(pipe.source(), IoMode.READ);
            batch.close();
        }
        // ... and in quick succession, without waiting for the bridge in between.
        for (int i = 0; i < 1000; i++) {
            bridge.watch(pipe.source(), IoMode.READ);
            bridge.ignore(pipe.source(), IoMode.READ);
        }
        bridge.watch(pipe.source(), IoMode.READ);
        ReadyBatch last = nextBatch();
        assertEquals(List.of(new Readiness(pipe.source(), IoMode.READ)), last.readiness());
        last.close();
    }

    @Test
    void closedChannelsAndReusedDescriptorsDoNotConfuseTheBridge() throws Exception {
        for (int i = 0; i < 20; i++) {
            Pipe old = Pipe.open();
            old.source().configureBlocking(false);
            bridge.watch(old.source(), IoMode.READ);
            old.source().close(); // closed while watched, ignored only afterwards
            old.sink().close();
            bridge.ignore(old.source(), IoMode.READ);

            Pipe fresh = pipe(); // likely reuses the closed pipe's descriptors
            bridge.watch(fresh.source(), IoMode.READ);
            write(fresh, 1);
            ReadyBatch batch = nextBatch();
            assertEquals(List.of(new Readiness(fresh.source(), IoMode.READ)), batch.readiness(), "round " + i);
            bridge.ignore(fresh.source(), IoMode.READ);
            batch.close();
        }
        assertEquals(List.of(), bridge.registrations());
    }

    @Test
    void channelClosedWhileWatchedIsListedUntilIgnoredAndNeverReported() throws Exception {
        Pipe pipe = pipe();
        bridge.watch(pipe.source(), IoMode.READ);
        pipe.sink().close(); // end of stream: readable
        ReadyBatch batch = nextBatch();
        pipe.source().close();
        batch.close(); // re-arm a closed channel: no exception, no report
        assertNull(batches.poll(300, TimeUnit.MILLISECONDS), "a closed channel was reported");
        assertEquals(1, bridge.registrations().size(), "still registered: the leak check sees it");
        bridge.ignore(pipe.source(), IoMode.READ);
        assertEquals(List.of(), bridge.registrations());
    }

    @Test
    void timerFiresOnceAndNeverEarly() throws Exception {
        long[] delays = {0, 200_000, 700_000, 1_500_000, 5_000_000, 30_000_000};
        for (long delay : delays) {
            long due = System.nanoTime() + delay;
            bridge.armTimer(due);
            ReadyBatch batch = nextBatch();
            long at = takenAt.take();
            assertTrue(batch.timerExpired(), "timer batch for " + delay);
            assertTrue(at - due >= 0, "fired " + (due - at) + " ns early for a " + delay + " ns timer");
            batch.close();
        }
        assertNull(batches.poll(200, TimeUnit.MILLISECONDS), "a one-shot timer fired twice");
    }

    @Test
    void armingAgainReplacesTheEarlierTimeAndDisarmCancels() throws Exception {
        bridge.armTimer(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        bridge.armTimer(due);
        ReadyBatch batch = nextBatch();
        assertTrue(batch.timerExpired());
        assertTrue(takenAt.take() - due >= 0);

        bridge.armTimer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
        bridge.disarmTimer();
        assertNull(batches.poll(400, TimeUnit.MILLISECONDS), "a disarmed timer fired");
    }

    @Test
    void wakeupsFromManyThreadsMakeOneHop() throws Exception {
        toolkit.hold();
        int before = toolkit.submitted();
        int threads = 8;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    bridge.wakeup();
                }
                done.countDown();
            }).start();
        }
        assertTrue(done.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, toolkit.submitted() - before, "8000 wakeups, one hop");
        toolkit.release();
        ReadyBatch batch = nextBatch();
        assertTrue(batch.woken());
        assertTrue(batch.readiness().isEmpty());
        assertNull(batches.poll(200, TimeUnit.MILLISECONDS), "more than one batch for one burst");
        assertEquals(1, toolkit.submitted() - before);
    }

    @Test
    void takeHandsOverWhatIsPendingWithoutWaitingForTheHop() throws Exception {
        toolkit.hold();
        bridge.wakeup();
        bridge.armTimer(System.nanoTime() - 1);
        assertTrue(bridge.hasPending());
        ReadyBatch batch = bridge.take();
        assertTrue(batch.woken());
        assertTrue(batch.timerExpired());
        assertFalse(bridge.hasPending());
        toolkit.release();
        assertNull(batches.poll(200, TimeUnit.MILLISECONDS), "the hop found work that was already taken");
    }

    @Test
    void threadStartsOnlyWhenNeededAndStopsOnClose() throws Exception {
        bridge.wakeup();
        bridge.armTimer(System.nanoTime() - 1);
        nextBatch();
        assertFalse(bridge.threadRunning(), "no thread is needed for wakeups and due timers");

        Pipe pipe = pipe();
        bridge.watch(pipe.source(), IoMode.READ);
        assertTrue(bridge.threadRunning());
        bridge.close();
        assertFalse(bridge.threadRunning(), "bridge thread still alive after close");

        int before = toolkit.submitted();
        bridge.wakeup();
        bridge.armTimer(System.nanoTime() - 1);
        assertEquals(before, toolkit.submitted(), "a closed bridge made a hop");
    }

    @Test
    void watchingOnAClosedBridgeIsAClearError() {
        bridge.close();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> bridge.watch(pipe().source(), IoMode.READ));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
