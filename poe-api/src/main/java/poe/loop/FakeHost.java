package poe.loop;

import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the kernel, for testing a {@link Loop} without one: the loops' own tests
 * use it (poe-api's toolkit tests and each loop module's), and so can the author of a new
 * loop. It records what the loop calls and on which threads, and it can play a small kernel
 * with the kernel's calling conventions: actions due at a time, an inbox for other threads,
 * a session count, a re-arm after every change and a halt when the last session goes. Not
 * thread-safe beyond what its fields say; a testing aid, not for production use.
 *
 * <pre>{@code
 * FakeHost host = new FakeHost(loop);   // or new FakeHost() and loop.initialize(host)
 * loop.initialize(host);
 * host.delay(TimeUnit.MILLISECONDS.toNanos(20), host::finish);
 * loop.run();
 * assertEquals(List.of(), host.violations);
 * }</pre>
 */
public final class FakeHost implements LoopHost {

    /** How the test reacts to readiness; may throw. */
    public interface ReadyHandler {
        /** @see LoopHost#channelReady */
        void ready(SelectableChannel channel, IoMode mode) throws Exception;
    }

    private record Timed(long due, long seq, Runnable action) {
    }

    /** Host calls in order: {@code begin}, {@code ready READ}, {@code due}, and what tests add. */
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** The threads the loop called the host on. */
    public final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** Calls of {@link #dispatchDue()}. */
    public final AtomicInteger dispatches = new AtomicInteger();
    /** Calls of {@link #beginTimeslice()}. */
    public final AtomicInteger begins = new AtomicInteger();
    /** Calls of {@link #channelReady}. */
    public final AtomicInteger readies = new AtomicInteger();
    /** The modes of each {@link #channelReady} call, in order. */
    public final List<String> ready = Collections.synchronizedList(new ArrayList<>());
    /** Host calls made off the loop's thread (only checked once a loop is known). */
    public final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    /** Sessions left: the loop ends its run when it reaches 0 (see {@link #finish()}). */
    public volatile int sessions = 1;
    /** Runs at the start of every {@link #dispatchDue()}. */
    public volatile Runnable onDispatch = () -> { };
    /** Runs on every {@link #channelReady}. */
    public volatile ReadyHandler onReady = (channel, mode) -> { };

    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timed> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due - b.due, 0) : Long.compare(a.seq, b.seq));
    private long seq;
    private volatile Loop loop;

    /** A host that only records, until {@link #attach} or a constructor with the loop. */
    public FakeHost() {
    }

    /** A host for that loop (the test still calls {@code loop.initialize(host)}). */
    public FakeHost(Loop loop) {
        this.loop = loop;
    }

    /** Tells the loop about this host: {@code loop.initialize(this)}. */
    public void attach(Loop loop) {
        this.loop = loop;
        loop.initialize(this);
    }

    /**
     * Queues an action due at a time, on the loop's thread, and re-arms the loop. Not
     * checked against {@link Loop#inLoopThread()}: SWT's answers under Display's global
     * lock, which the loop's own hand-offs hold at times, and a check here stalled tests
     * that set timers 20 ms apart.
     */
    public void at(long dueNanos, Runnable action) {
        queue.add(new Timed(dueNanos, seq++, action));
        rearm();
    }

    /** {@link #at} now. */
    public void now(Runnable action) {
        at(System.nanoTime(), action);
    }

    /** {@link #at} after a delay. */
    public void delay(long delayNanos, Runnable action) {
        at(System.nanoTime() + delayNanos, action);
    }

    /** From any thread, as {@code kernel.post} from a foreign thread: queued, and the loop woken. */
    public void post(Runnable action) {
        inbox.add(action);
        loop.wakeup();
    }

    /** The last session goes, on the loop's thread: nothing queued, timer disarmed, loop halted. */
    public void finish() {
        check("finish");
        sessions = 0;
        queue.clear();
        loop.disarmTimer();
        loop.halt();
    }

    @Override
    public void beginTimeslice() {
        note("begin", "beginTimeslice");
        begins.incrementAndGet();
        drainInbox();
    }

    @Override
    public void channelReady(SelectableChannel channel, IoMode mode) {
        note("ready " + mode, "channelReady");
        readies.incrementAndGet();
        ready.add(mode.name());
        try {
            onReady.ready(channel, mode);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Override
    public void dispatchDue() {
        note("due", "dispatchDue");
        dispatches.incrementAndGet();
        onDispatch.run();
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

    /** A copy of {@link #calls}. */
    public List<String> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    private void drainInbox() {
        Runnable action;
        while ((action = inbox.poll()) != null) {
            queue.add(new Timed(System.nanoTime(), seq++, action));
        }
    }

    private void rearm() {
        Loop l = loop;
        if (sessions == 0 || l == null) {
            return;
        }
        if (queue.isEmpty()) {
            l.disarmTimer();
        } else {
            l.armTimer(queue.peek().due);
        }
    }

    private void note(String call, String method) {
        threads.add(Thread.currentThread());
        calls.add(call);
        check(method);
    }

    private void check(String method) {
        Loop l = loop;
        if (l != null && !l.inLoopThread()) {
            violations.add(method + " on " + Thread.currentThread().getName());
        }
    }
}
