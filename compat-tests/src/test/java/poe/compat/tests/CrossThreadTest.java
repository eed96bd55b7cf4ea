package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** The kernel's thread-safe entry points: post and stop from other threads; confinement of the rest. */
class CrossThreadTest {

    private static final int THREADS = 4;
    private static final int POSTS = 100_000;

    /** 4 threads x 100,000 posts: none lost or duplicated, each sender's order kept, handlers on the loop thread. */
    @LoopTest(timeoutSeconds = 60)
    void manyThreadsPost(ScenarioContext ctx) throws InterruptedException {
        postFromThreads(ctx, POSTS);
    }

    /**
     * The flood of the cross-thread-post benchmark: 4 threads x 1,000,000 posts (x 250,000 on
     * the GUI loops, whose toolkit threads dispatch a few times slower: a few seconds on a
     * loaded 2-core machine), the producers far ahead of the kernel, so most of them wait in
     * the inbox at once. None lost or duplicated, each sender's order kept.
     */
    @LoopTest(timeoutSeconds = 120)
    void aMillionPostsFromEachOfFourThreads(ScenarioContext ctx) throws InterruptedException {
        boolean gui = ctx.loopName().equals("javafx") || ctx.loopName().equals("swt");
        postFromThreads(ctx, gui ? 250_000 : 1_000_000);
    }

    /** {@link #THREADS} threads post {@code posts} each, by object, ID and alias, started together. */
    private static void postFromThreads(ScenarioContext ctx, int posts) throws InterruptedException {
        Kernel kernel = ctx.kernel();
        int[] next = new int[THREADS];
        long[] received = new long[1];
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Session sink = sink(kernel, (long) THREADS * posts, next, received, problems);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int me = t;
            Object dest = switch (t % 3) {
                case 0 -> sink;
                case 1 -> sink.id();
                default -> "sink";
            };
            Thread s = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < posts; i++) {
                    if (!kernel.post(dest, "n", me, i) && problems.size() < 10) {
                        problems.add("post returned false");
                    }
                }
            }, "poster-" + t);
            senders.add(s);
            s.start();
        }
        go.countDown();
        ctx.drive();
        for (Thread s : senders) {
            s.join();
        }
        assertEquals(List.of(), problems);
        assertEquals((long) THREADS * posts, received[0]);
        for (int t = 0; t < THREADS; t++) {
            assertEquals(posts, next[t], "thread " + t);
        }
    }

    /**
     * Posts from other threads that all wait before the run (more than the kernel takes in
     * one timeslice, with no producer left to wake the loop): every one arrives, in each
     * sender's order. The kernel must come back for the rest by itself.
     */
    @LoopTest(timeoutSeconds = 60)
    void aFloodQueuedBeforeTheRunArrivesWhole(ScenarioContext ctx) throws InterruptedException {
        int each = 5_000;
        Kernel kernel = ctx.kernel();
        int[] next = new int[THREADS];
        long[] received = new long[1];
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        sink(kernel, (long) THREADS * each, next, received, problems);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int me = t;
            Thread s = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    kernel.post("sink", "n", me, i);
                }
            }, "poster-" + t);
            senders.add(s);
            s.start();
        }
        for (Thread s : senders) {
            s.join();
        }
        ctx.drive();
        assertEquals(List.of(), problems);
        assertEquals((long) THREADS * each, received[0]);
    }

    /**
     * Requests from another thread that arrive while a batch runs (here, while a handler
     * waits for the thread that makes them) belong to the next batch: the session that ran
     * out of work in this batch is collected first, as POE collects at a batch's end. A
     * signal among the posts keeps its place between them.
     */
    @LoopTest
    void requestsFromAnotherThreadComeAfterTheBatchsCollectionAndInTheirOrder(ScenarioContext ctx) {
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        Kernel kernel = ctx.kernel();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("sink");
                    ev.kernel().sig("ZAP", "zap");
                })
                .on("p1", ev -> trace.add("sink p1"))
                .on("zap", ev -> {
                    trace.add("sink " + ev.<String>arg(0));
                    ev.kernel().sigHandled();
                })
                .on("p2", ev -> trace.add("sink p2 " + ev.<String>arg(0)))
                .on("done", ev -> {
                    trace.add("sink done");
                    ev.kernel().sig("ZAP");
                    ev.kernel().aliasRemove("sink");
                })
                .on("_stop", ev -> trace.add("sink _stop"))
                .create(kernel);
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("go"))
                .on("go", ev -> {
                    trace.add("worker go");
                    Thread t = new Thread(() -> {
                        kernel.post("sink", "p1");
                        kernel.signal("sink", "ZAP");
                        kernel.post("sink", "p2", "with an argument");
                        kernel.post("sink", "done");
                    }, "poster");
                    t.start();
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    trace.add("worker go returns");
                })
                .on("_stop", ev -> trace.add("worker _stop"))
                .create(kernel);
        ctx.drive();
        assertEquals(List.of("worker go", "worker go returns", "worker _stop", "sink p1", "sink ZAP",
                "sink p2 with an argument", "sink done", "sink _stop"), trace);
    }

    /**
     * A session aliased "sink" that takes "n" (thread, index) events until {@code total}
     * arrived, noting in {@code problems} any out of its sender's order or handled off the
     * loop thread.
     */
    private static Session sink(Kernel kernel, long total, int[] next, long[] received, List<String> problems) {
        return Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("sink");
                    ev.kernel().refcountIncrement(ev.session().id(), "until all arrived");
                })
                .on("n", ev -> {
                    int t = ev.arg(0);
                    int i = ev.arg(1);
                    if (i != next[t] && problems.size() < 10) {
                        problems.add("thread " + t + ": got " + i + ", expected " + next[t]);
                    }
                    next[t] = i + 1;
                    if (++received[0] == total) {
                        ev.kernel().refcountDecrement(ev.session().id(), "until all arrived");
                        ev.kernel().aliasRemove("sink");
                    }
                    if (!ev.kernel().loop().inLoopThread() && problems.size() < 10) {
                        problems.add("handler ran on " + Thread.currentThread().getName());
                    }
                })
                .create(kernel);
    }

    /** stop() from another thread ends the run: every session gets _stop, run returns. */
    @LoopTest
    void stopFromAnotherThread(ScenarioContext ctx) throws InterruptedException {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Kernel kernel = ctx.kernel();
        CountDownLatch started = new CountDownLatch(1);
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().delay("never", 3600);
                    ev.kernel().yield("running");
                })
                .on("running", ev -> started.countDown())
                .on("never", ev -> log.add("a 3600 s timer fired"))
                .on("_stop", ev -> log.add("stop on the loop thread " + ev.kernel().loop().inLoopThread()))
                .create(kernel);
        Thread stopper = new Thread(() -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                return;
            }
            kernel.stop();
        }, "stopper");
        stopper.start();
        ctx.drive();
        stopper.join();
        assertEquals(List.of("stop on the loop thread true"), log);
    }

    /**
     * Everything but post, signal, stop and postbacks refuses other threads, naming the
     * method, the caller and the thread the kernel belongs to.
     */
    @LoopTest
    void otherMethodsAreConfinedToTheLoopThread(ScenarioContext ctx) throws InterruptedException {
        Kernel kernel = ctx.kernel();
        String owner = Thread.currentThread().getName();                  // the scenario thread owns it
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread other = new Thread(() -> thrown.set(assertThrows(IllegalStateException.class,
                () -> kernel.call(1L, "x"))), "intruder");
        other.start();
        other.join();
        ctx.drive();
        assertTrue(thrown.get().getMessage().contains("call()"), thrown.get().getMessage());
        assertTrue(thrown.get().getMessage().contains("intruder"), thrown.get().getMessage());
        assertTrue(thrown.get().getMessage().contains(owner), thrown.get().getMessage());
    }
}
