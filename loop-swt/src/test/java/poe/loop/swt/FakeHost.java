package poe.loop.swt;

import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import poe.loop.IoMode;
import poe.loop.Loop;
import poe.loop.LoopHost;

/** A minimal kernel stand-in: timers by due time, an inbox for other threads, a session count. */
final class FakeHost implements LoopHost {

    record Timer(long dueNanos, long seq, Runnable action) {
    }

    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            (a, b) -> a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    final List<String> ready = new ArrayList<>();
    BiConsumer<SelectableChannel, IoMode> onReady = (channel, mode) -> { };
    private Loop loop;
    private long seq;
    int sessions = 1;
    int dispatches;
    int wrongThreadCalls;

    void attach(Loop loop) {
        this.loop = loop;
        loop.initialize(this);
    }

    /** Loop thread: runs the action once the delay has passed. */
    void delay(long delayNanos, Runnable action) {
        timers.add(new Timer(System.nanoTime() + delayNanos, seq++, action));
        rearm();
    }

    /** Any thread: hands the action to the loop thread. */
    void post(Runnable action) {
        inbox.add(action);
        loop.wakeup();
    }

    @Override
    public void beginTimeslice() {
        checkThread();
    }

    @Override
    public void channelReady(SelectableChannel channel, IoMode mode) {
        checkThread();
        ready.add(mode.name());
        onReady.accept(channel, mode);
    }

    @Override
    public void dispatchDue() {
        checkThread();
        dispatches++;
        for (Runnable action; (action = inbox.poll()) != null; ) {
            action.run();
        }
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().dueNanos - now <= 0) {
            timers.poll().action.run();
        }
        rearm();
    }

    @Override
    public long nextDueNanos() {
        return timers.isEmpty() ? Long.MAX_VALUE : timers.peek().dueNanos;
    }

    @Override
    public boolean hasSessions() {
        return sessions > 0;
    }

    private void rearm() {
        if (timers.isEmpty()) {
            loop.disarmTimer();
        } else {
            loop.armTimer(timers.peek().dueNanos);
        }
    }

    private void checkThread() {
        if (!loop.inLoopThread()) {
            wrongThreadCalls++;
        }
    }
}
