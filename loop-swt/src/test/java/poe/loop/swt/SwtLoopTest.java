package poe.loop.swt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import poe.loop.FakeHost;
import poe.loop.IoMode;

/** The loop against a stand-in kernel, on the test thread as the Display thread. */
class SwtLoopTest {

    private static Display display;
    private FakeHost host;
    private SwtLoop loop;

    @BeforeAll
    static void openDisplay() {
        display = new Display();
    }

    @AfterAll
    static void closeDisplay() {
        display.dispose();
    }

    @BeforeEach
    void attach() {
        host = new FakeHost();
        loop = new SwtLoop(display);
        host.attach(loop);
    }

    @AfterEach
    void close() {
        loop.close();
        assertFalse(display.isDisposed(), "a loop given a Display leaves it open");
        assertEquals(List.of(), host.violations, "the loop called the host off the Display thread");
    }

    @Test
    void timersFireInDueOrderOnTheDisplayThread() {
        List<String> fired = new ArrayList<>();
        long start = System.nanoTime();
        host.delay(TimeUnit.MILLISECONDS.toNanos(60), () -> {
            fired.add("late");
            host.sessions = 0;
        });
        host.delay(TimeUnit.MILLISECONDS.toNanos(20), () -> fired.add("early"));
        host.delay(0, () -> fired.add("now"));
        loop.run();
        assertEquals(List.of("now", "early", "late"), fired);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(60), "the last timer fired early");
    }

    @Test
    void postsFromOtherThreadsArriveInBatches() throws InterruptedException {
        int threads = 4;
        int perThread = 5_000;
        int[] received = {0};
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread poster = new Thread(() -> {
                awaitQuietly(go);
                for (int i = 0; i < perThread; i++) {
                    host.post(() -> {
                        if (++received[0] == threads * perThread) {
                            host.sessions = 0;
                        }
                    });
                }
            });
            poster.start();
            posters.add(poster);
        }
        go.countDown();
        loop.run();
        for (Thread poster : posters) {
            poster.join();
        }
        assertEquals(threads * perThread, received[0]);
        assertTrue(host.dispatches.get() < threads * perThread,
                "one asyncExec per post instead of one per burst: " + host.dispatches.get() + " dispatches");
    }

    @Test
    void runReturnsWhenHalted() {
        host.delay(TimeUnit.MILLISECONDS.toNanos(5), loop::halt);
        host.delay(TimeUnit.SECONDS.toNanos(30), () -> { });
        loop.run();
        assertTrue(host.hasSessions(), "run() returned for another reason than halt()");
    }

    @Test
    void doTimesliceWaitsForTheNextTimer() {
        AtomicBoolean fired = new AtomicBoolean();
        host.delay(TimeUnit.MILLISECONDS.toNanos(30), () -> fired.set(true));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int slices = 0;
        while (!fired.get() && System.nanoTime() < deadline) {
            loop.doTimeslice();
            slices++;
        }
        assertTrue(fired.get(), "the timer never fired under doTimeslice()");
        assertTrue(slices < 50, "doTimeslice() spun instead of waiting: " + slices + " slices");
    }

    @Test
    void disposingTheShellRunsTheUiDestroyAction() {
        Shell shell = new Shell(display);
        List<String> destroyed = new ArrayList<>();
        loop.attachUiDestroy(shell, () -> destroyed.add("ui destroyed"));
        assertTrue(destroyed.isEmpty());
        shell.dispose();
        assertEquals(List.of("ui destroyed"), destroyed);
    }

    @Test
    void uiDestroyRefusesWhatIsNotAShell() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.attachUiDestroy("a window", () -> { }));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void channelReadinessReachesTheDisplayThread() throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            ByteBuffer received = ByteBuffer.allocate(64);
            host.onReady = (channel, mode) -> {
                try {
                    source.read(received);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (received.position() == 5) {
                    loop.ignoreChannel(source, IoMode.READ);
                    host.sessions = 0;
                }
            };
            loop.watchChannel(source, IoMode.READ);
            assertEquals(1, loop.registrations().size(), loop.registrations().toString());
            Thread writer = new Thread(() -> {
                try {
                    sink.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            host.delay(TimeUnit.MILLISECONDS.toNanos(20), writer::start);
            host.delay(TimeUnit.SECONDS.toNanos(20), () -> host.sessions = 0);   // watchdog
            loop.run();
            writer.join();
            assertEquals("hello", new String(received.array(), 0, received.position(), StandardCharsets.US_ASCII));
            assertTrue(host.ready.stream().allMatch("READ"::equals), host.ready.toString());
            assertTrue(loop.registrations().isEmpty(), "leaked: " + loop.registrations());
        }
    }

    @Test
    void aKernelMadeOffTheDisplayThreadIsRefusedWithAdvice() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                new FakeHost().attach(new SwtLoop(display));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "elsewhere");
        other.start();
        other.join();
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        assertTrue(thrown.get().getMessage().contains("Display thread"), thrown.get().getMessage());
    }

    @Test
    void onlyTheDisplayThreadIsTheLoopThread() throws InterruptedException {
        assertTrue(loop.inLoopThread());
        AtomicBoolean elsewhere = new AtomicBoolean(true);
        Thread other = new Thread(() -> elsewhere.set(loop.inLoopThread()));
        other.start();
        other.join();
        assertFalse(elsewhere.get());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
