package poe;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import java.nio.channels.SelectableChannel;

import poe.loop.IoMode;
import poe.loop.Loop;
import poe.loop.LoopHost;

/**
 * A channel-less loop for the kernel's own signal and DIE tests (poe-api cannot see
 * loop-select): waits on a condition until the next due time or a wakeup.
 */
final class SignalsTestLoop implements Loop {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeups;
    private LoopHost host;
    private volatile Thread owner;
    private boolean halted;

    static Kernel kernel() {
        return Kernel.create(new SignalsTestLoop());
    }

    /** The kernel's side, for tests that drive a timeslice by hand. */
    LoopHost host() {
        return host;
    }

    @Override
    public String name() {
        return "signals-test";
    }

    @Override
    public void initialize(LoopHost host) {
        this.host = host;
        this.owner = Thread.currentThread();
    }

    @Override
    public boolean inLoopThread() {
        return Thread.currentThread() == owner;
    }

    @Override
    public void wakeup() {
        lock.lock();
        try {
            wakeups = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void armTimer(long dueNanos) {
    }

    @Override
    public void disarmTimer() {
    }

    @Override
    public void watchChannel(SelectableChannel channel, IoMode mode) {
        throw new UnsupportedOperationException("no channels in the signals test loop");
    }

    @Override
    public void ignoreChannel(SelectableChannel channel, IoMode mode) {
    }

    @Override
    public void pauseChannel(SelectableChannel channel, IoMode mode) {
    }

    @Override
    public void resumeChannel(SelectableChannel channel, IoMode mode) {
    }

    @Override
    public void doTimeslice() {
        owner = Thread.currentThread();
        host.beginTimeslice();
        long due = host.nextDueNanos();
        lock.lock();
        try {
            long wait = due == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(30) : due - System.nanoTime();
            while (!wakeups && wait > 0) {
                wait = woken.awaitNanos(wait);
            }
            wakeups = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            lock.unlock();
        }
        host.dispatchDue();
    }

    @Override
    public void run() {
        halted = false;
        while (!halted && host.hasSessions()) {
            doTimeslice();
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
    }
}
