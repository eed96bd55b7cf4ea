package poe.loop.vertx;

import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import poe.loop.IoMode;
import poe.loop.Loop;
import poe.loop.LoopHost;

/**
 * A small stand-in for the kernel: a timed queue, an MPSC inbox and a session count, with
 * the kernel's calling conventions (re-arm after every change, halt when the last
 * session goes). Every callback checks that it runs where the loop says the kernel lives.
 */
final class FakeHost implements LoopHost {

    private record Timed(long due, long seq, Runnable action) {
    }

    final Loop loop;
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timed> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due - b.due, 0) : Long.compare(a.seq, b.seq));
    private long seq;
    private int sessions = 1;
    volatile int dispatchDueCalls;
    volatile int beginCalls;
    BiConsumer<SelectableChannel, IoMode> onReady = (c, m) -> { };

    FakeHost(Loop loop) {
        this.loop = loop;
    }

    /** Queues an action due at a time (loop thread). */
    void at(long dueNanos, Runnable action) {
        check("at");
        queue.add(new Timed(dueNanos, seq++, action));
        rearm();
    }

    void now(Runnable action) {
        at(System.nanoTime(), action);
    }

    /** Thread-safe hand-off, as kernel.post from a foreign thread. */
    void post(Runnable action) {
        inbox.add(action);
        loop.wakeup();
    }

    /** The last session goes (loop thread). */
    void finish() {
        check("finish");
        sessions = 0;
        queue.clear();
        loop.disarmTimer();
        loop.halt();
    }

    @Override
    public void beginTimeslice() {
        check("beginTimeslice");
        beginCalls++;
        drainInbox();
    }

    @Override
    public void channelReady(SelectableChannel channel, IoMode mode) {
        check("channelReady");
        onReady.accept(channel, mode);
    }

    @Override
    public void dispatchDue() {
        check("dispatchDue");
        dispatchDueCalls++;
        drainInbox();
        long now = System.nanoTime();
        for (int budget = 1000; budget > 0 && !queue.isEmpty() && queue.peek().due - now <= 0; budget--) {
            queue.poll().action.run();
        }
        rearm();
    }

    @Override
    public long nextDueNanos() {
        Timed next = queue.peek();
        return next == null ? Long.MAX_VALUE : next.due;
    }

    @Override
    public boolean hasSessions() {
        return sessions > 0;
    }

    private void drainInbox() {
        Runnable action;
        while ((action = inbox.poll()) != null) {
            queue.add(new Timed(System.nanoTime(), seq++, action));
        }
    }

    private void rearm() {
        if (sessions == 0) {
            return;
        }
        if (queue.isEmpty()) {
            loop.disarmTimer();
        } else {
            loop.armTimer(queue.peek().due);
        }
    }

    private void check(String method) {
        if (!loop.inLoopThread()) {
            violations.add(method + " on " + Thread.currentThread().getName());
        }
    }
}
