package poe.testing;

import java.nio.channels.SelectableChannel;
import java.util.List;

import poe.loop.IoMode;
import poe.loop.Loop;
import poe.loop.LoopHost;

/**
 * A test-only loop for poe-api's own tests (which cannot see loop-select): timers and
 * cross-thread wakeups, no channels. It sleeps on a monitor until the kernel's next due
 * time or a wakeup.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create(new SleepingLoop());
 * }</pre>
 */
public final class SleepingLoop implements Loop {

    private static final long MAX_WAIT_NANOS = 3_600_000_000_000L;

    private final Object lock = new Object();
    private LoopHost host;
    private volatile Thread owner;
    private boolean woken;
    private boolean running;
    private boolean halted;

    @Override
    public String name() {
        return "sleeping";
    }

    @Override
    public void initialize(LoopHost host) {
        if (this.host != null) {
            throw new IllegalStateException("this loop already belongs to a kernel");
        }
        this.host = host;
        this.owner = Thread.currentThread();
    }

    @Override
    public boolean inLoopThread() {
        return Thread.currentThread() == owner;
    }

    @Override
    public void wakeup() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    @Override
    public void armTimer(long dueNanos) {
        // the loop asks the host for its next due time before every wait
    }

    @Override
    public void disarmTimer() {
        // see armTimer
    }

    @Override
    public void watchChannel(SelectableChannel channel, IoMode mode) {
        throw new UnsupportedOperationException("the test-only SleepingLoop watches no channels");
    }

    @Override
    public void ignoreChannel(SelectableChannel channel, IoMode mode) {
        // nothing is ever watched
    }

    @Override
    public void pauseChannel(SelectableChannel channel, IoMode mode) {
        // nothing is ever watched
    }

    @Override
    public void resumeChannel(SelectableChannel channel, IoMode mode) {
        // nothing is ever watched
    }

    @Override
    public void doTimeslice() {
        owner = Thread.currentThread();
        host.beginTimeslice();
        long due = host.nextDueNanos();
        long deadline = due == Long.MAX_VALUE ? System.nanoTime() + MAX_WAIT_NANOS : due;
        synchronized (lock) {
            long wait;
            while (!woken && (wait = deadline - System.nanoTime()) > 0) {
                try {
                    lock.wait(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            woken = false;
        }
        host.dispatchDue();
    }

    @Override
    public void run() {
        if (running) {
            throw new IllegalStateException("run() is not re-entrant");
        }
        running = true;
        halted = false;
        try {
            while (!halted && host.hasSessions()) {
                doTimeslice();
            }
        } finally {
            running = false;
        }
    }

    @Override
    public void halt() {
        halted = true;
    }

    @Override
    public List<String> registrations() {
        return List.of();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
