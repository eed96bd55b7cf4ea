package poe.loop.toolkit;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A stand-in GUI toolkit for tests: one thread running tasks from a queue, with a way to
 * pump the queue from inside a task (a nested event loop) and to hold the thread.
 */
final class QueueToolkit implements AutoCloseable {
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicInteger submitted = new AtomicInteger();
    private volatile boolean stopped;
    private CountDownLatch gate;

    QueueToolkit() {
        thread = new Thread(this::loop, "test-toolkit");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a task on the toolkit thread later, counting it. */
    void execute(Runnable task) {
        submitted.incrementAndGet();
        queue.add(task);
    }

    /** How many tasks were handed to {@link #execute} so far. */
    int submitted() {
        return submitted.get();
    }

    boolean isToolkitThread() {
        return Thread.currentThread() == thread;
    }

    Thread thread() {
        return thread;
    }

    /** A nested event loop: runs queued tasks until done. */
    void pumpUntil(BooleanSupplier done) {
        if (!isToolkitThread()) {
            throw new IllegalStateException("pumpUntil off the toolkit thread");
        }
        while (!done.getAsBoolean() && !stopped) {
            runNext(5);
        }
    }

    /** Holds the toolkit thread (tasks queue up) until {@link #release()}. */
    void hold() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch g = new CountDownLatch(1);
        gate = g;
        queue.add(() -> {
            entered.countDown();
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        entered.await();
    }

    void release() {
        gate.countDown();
    }

    /** Runs a task on the toolkit thread and waits for its result. */
    <T> T call(Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(task);
        queue.add(future);
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError("the toolkit thread did not run the task within 10 s", e);
        }
    }

    private void loop() {
        while (!stopped) {
            runNext(50);
        }
    }

    private void runNext(long waitMillis) {
        Runnable task;
        try {
            task = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return;
        }
        if (task != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                uncaught.add(e);
            }
        }
    }

    /** What tasks threw (a toolkit's uncaught-exception handler). */
    final BlockingQueue<Throwable> uncaught = new LinkedBlockingQueue<>();

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        if (gate != null) {
            gate.countDown();
        }
        thread.join(5000);
    }
}
