package poe.loop.toolkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import poe.loop.IoMode;

/**
 * Channel readiness and the kernel's one timer for a loop whose thread cannot select: a
 * GUI toolkit's thread, a Vert.x context.
 *
 * <p>One daemon bridge thread owns a {@link Selector}. It watches channels for the loop
 * and keeps the loop's timer, and hands what it finds to the loop thread in
 * <em>batches</em>: it runs the loop's {@code onPending} task through the loop's
 * {@link Executor} ({@code Platform::runLater}, {@code display::asyncExec}, a Vert.x
 * context), with at most one such hop pending at a time, never one per event. The task
 * takes the batch with {@link #take()}.
 *
 * <p>Readiness is level-triggered without flooding: a channel and mode that were reported
 * are disarmed until the loop has handled the batch ({@link ReadyBatch#close()}), then
 * re-armed, so a channel that is still ready is reported again in a later batch.
 * {@link #pause} and {@link #resume} keep the registration.
 *
 * <p>Threading: {@link #watch}, {@link #ignore}, {@link #pause}, {@link #resume},
 * {@link #take()}, {@link #registrations()} and {@link ReadyBatch#close()} belong to the
 * loop thread (one thread at a time); {@link #wakeup()}, {@link #armTimer},
 * {@link #disarmTimer()}, {@link #hasPending()} and {@link #close()} may be called from
 * any thread. Requests from the loop thread are queued to the bridge thread, which is
 * woken to apply them. The bridge thread starts with the first watch or future timer and
 * stops in {@link #close()}.
 *
 * <pre>{@code
 * ChannelBridge bridge = new ChannelBridge("javafx", Platform::runLater, () -> {
 *     try (ReadyBatch batch = bridge.take()) {
 *         batch.readiness().forEach(r -> host.channelReady(r.channel(), r.mode()));
 *         host.dispatchDue();
 *     }
 * });
 * bridge.watch(socket, IoMode.READ);
 * bridge.armTimer(System.nanoTime() + 1_000_000);
 * }</pre>
 */
public final class ChannelBridge implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChannelBridge.class.getName());
    private static final long NONE = Long.MAX_VALUE;
    private static final long AWAKE = Long.MIN_VALUE;
    private static final long ONE_MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final IoMode[] MODES = IoMode.values();

    /** What the loop thread asks the bridge thread to do with a registration. */
    enum Op { WATCH, IGNORE, PAUSE, RESUME }

    /** A queued request: a watch change, or a re-arm of a handled batch (op null). */
    private record Command(Op op, SelectableChannel channel, IoMode mode, List<Readiness> rearm) {
    }

    private final String name;
    private final Executor executor;
    private final Runnable onPending;
    private final Runnable hop = this::hop;

    // Any thread.
    private final AtomicBoolean hopScheduled = new AtomicBoolean();
    private final AtomicBoolean woken = new AtomicBoolean();
    private final AtomicBoolean timerExpired = new AtomicBoolean();
    private final AtomicLong timerDue = new AtomicLong(NONE);
    private final Object pendingLock = new Object();
    private List<Readiness> pendingReady = new ArrayList<>();
    private volatile int pendingCount;
    private final Queue<Command> commands = new ConcurrentLinkedQueue<>();
    private volatile long sleepingUntil = AWAKE;
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile Selector selector;

    // The loop thread's view of the registrations (locked: cheap, and safe if a loop
    // calls from more than one thread).
    private final Map<SelectableChannel, WatchState> mirror = new LinkedHashMap<>();

    // Bridge thread only.
    private final Map<SelectableChannel, WatchState> registrations = new HashMap<>();

    /**
     * Makes a bridge; no thread or selector exists until it is needed.
     *
     * @param name      names the bridge thread ({@code poe-bridge-NAME}), e.g. the loop's name
     * @param executor  runs a task on the loop thread, from any thread; called at most once
     *                  per batch
     * @param onPending runs on the loop thread (through {@code executor}) when something is
     *                  pending; it calls {@link #take()} and handles the batch
     */
    public ChannelBridge(String name, Executor executor, Runnable onPending) {
        this.name = Objects.requireNonNull(name, "name");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.onPending = Objects.requireNonNull(onPending, "onPending");
    }

    // ---------------------------------------------------------------- loop thread

    /**
     * Starts watching a channel in one mode (and un-pauses it). The channel must be
     * non-blocking.
     *
     * @throws IllegalArgumentException if the channel is closed
     */
    public void watch(SelectableChannel channel, IoMode mode) {
        if (!Objects.requireNonNull(channel, "channel").isOpen()) {
            throw new IllegalArgumentException("cannot watch " + channel + ": it is closed");
        }
        request(Op.WATCH, channel, mode);
    }

    /** Stops watching a channel in one mode. Unknown registrations are ignored. */
    public void ignore(SelectableChannel channel, IoMode mode) {
        request(Op.IGNORE, channel, mode);
    }

    /** Keeps the registration but reports nothing for this mode until {@link #resume}. */
    public void pause(SelectableChannel channel, IoMode mode) {
        request(Op.PAUSE, channel, mode);
    }

    /** Reports readiness again for a paused mode. */
    public void resume(SelectableChannel channel, IoMode mode) {
        request(Op.RESUME, channel, mode);
    }

    private void request(Op op, SelectableChannel channel, IoMode mode) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(mode, "mode");
        if (closed) {
            if (op == Op.WATCH) {
                throw new IllegalStateException("the " + name + " loop's channel bridge is closed;"
                        + " it cannot watch " + channel);
            }
            return;
        }
        synchronized (mirror) {
            WatchState state = mirror.get(channel);
            if (state == null) {
                if (op != Op.WATCH) {
                    return;
                }
                state = new WatchState(channel);
                mirror.put(channel, state);
            }
            if (!state.apply(op, mode)) {
                return;
            }
            if (!state.anyWatched()) {
                mirror.remove(channel);
            }
        }
        ensureThread();
        commands.add(new Command(op, channel, mode, null));
        wakeBridge();
    }

    /**
     * Takes everything pending: readiness, timer expiry, wakeups. Close the batch once it is
     * handled so that its channels are watched again. Call it on the loop thread, from
     * {@code onPending} or directly (a loop that is about to wait may take what is already
     * pending instead of waiting for the hop).
     *
     * @return the batch, possibly empty
     */
    public ReadyBatch take() {
        List<Readiness> ready;
        synchronized (pendingLock) {
            if (pendingReady.isEmpty()) {
                ready = List.of();
            } else {
                ready = pendingReady;
                pendingReady = new ArrayList<>();
                pendingCount = 0;
            }
        }
        boolean timer = timerExpired.getAndSet(false) | claimExpiredTimer();
        return new ReadyBatch(this, current(ready), ready, timer, woken.getAndSet(false));
    }

    /**
     * The readiness still wanted now, each channel and mode once: the bridge thread may have
     * found a channel ready just before it learned that the loop ignored or paused it, and a
     * channel ignored and watched again before the loop took the batch is a new
     * registration that may be reported again. All of it is re-armed anyway.
     */
    private List<Readiness> current(List<Readiness> ready) {
        if (ready.isEmpty()) {
            return ready;
        }
        List<Readiness> wanted = new ArrayList<>(ready.size());
        Set<Readiness> seen = ready.size() > 1 ? new HashSet<>() : null;
        synchronized (mirror) {
            for (Readiness r : ready) {
                WatchState state = mirror.get(r.channel());
                if (state != null && state.watched(r.mode()) && !state.paused(r.mode())
                        && (seen == null || seen.add(r))) {
                    wanted.add(r);
                }
            }
        }
        return wanted.size() == ready.size() ? ready : wanted;
    }

    /** A timer that came due before the bridge thread noticed: claim it for this batch. */
    private boolean claimExpiredTimer() {
        long due = timerDue.get();
        return due != NONE && System.nanoTime() - due >= 0 && timerDue.compareAndSet(due, NONE);
    }

    /**
     * Describes every registration in place, one entry per channel and mode, e.g.
     * {@code "READ java.nio.channels.Pipe$SourceChannel@1b2c (paused)"}: a leak report.
     */
    public List<String> registrations() {
        List<String> out = new ArrayList<>();
        synchronized (mirror) {
            for (WatchState state : mirror.values()) {
                for (IoMode mode : MODES) {
                    if (state.watched(mode)) {
                        out.add(mode + " " + state.channel + (state.paused(mode) ? " (paused)" : ""));
                    }
                }
            }
        }
        return out;
    }

    void rearm(List<Readiness> handled) {
        if (closed) {
            return;
        }
        commands.add(new Command(null, null, null, handled));
        wakeBridge();
    }

    // ---------------------------------------------------------------- any thread

    /**
     * Makes the loop thread run {@code onPending} soon, with {@link ReadyBatch#woken()} set.
     * Cheap and idempotent while a hop is pending.
     */
    public void wakeup() {
        if (!woken.get()) {
            woken.set(true);
        }
        scheduleHop();
    }

    /**
     * Arms the one timer: once {@code System.nanoTime()} reaches {@code dueNanos}, the next
     * batch has {@link ReadyBatch#timerExpired()} set. Never early; a due time already
     * reached makes a batch at once. Replaces any earlier arming.
     *
     * @param dueNanos due time on the {@link System#nanoTime()} scale
     */
    public void armTimer(long dueNanos) {
        if (closed) {
            return;
        }
        if (dueNanos == NONE) {
            disarmTimer();
            return;
        }
        if (dueNanos - System.nanoTime() <= 0) {
            timerDue.set(NONE);
            timerExpired.set(true);
            scheduleHop();
            return;
        }
        timerDue.set(dueNanos);
        ensureThread();
        long sleeping = sleepingUntil;
        if (sleeping != AWAKE && (sleeping == NONE || dueNanos - sleeping < 0)) {
            wakeBridge();
        }
    }

    /** Disarms the timer. */
    public void disarmTimer() {
        timerDue.set(NONE);
    }

    /** Whether a batch would have something in it now (readiness, a due timer, a wakeup). */
    public boolean hasPending() {
        if (pendingCount > 0 || woken.get() || timerExpired.get()) {
            return true;
        }
        long due = timerDue.get();
        return due != NONE && System.nanoTime() - due >= 0;
    }

    /** Whether the bridge thread is running (it starts with the first watch or future timer). */
    public boolean threadRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /**
     * Stops the bridge thread and closes its selector (the channels stay open: they are not
     * the bridge's). Pending work is dropped and no hop is made afterwards. Idempotent.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
            if (t == null && selector != null) {
                closeSelector();
            }
        }
        wakeBridge();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "bridge thread {0} did not stop within 5 s", t.getName());
            }
        }
    }

    @Override
    public String toString() {
        return "ChannelBridge[" + name + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- hops

    private void scheduleHop() {
        if (closed || hopScheduled.get() || !hopScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(hop);
        } catch (RuntimeException e) {
            hopScheduled.set(false);
            LOG.log(System.Logger.Level.WARNING, "the " + name
                    + " loop's executor refused a hop to the loop thread; pending work waits", e);
        }
    }

    private void hop() {
        hopScheduled.set(false);
        if (!closed) {
            onPending.run();
        }
    }

    // ---------------------------------------------------------------- bridge thread

    private synchronized void ensureThread() {
        if (thread != null || closed) {
            return;
        }
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("the " + name + " loop could not open a selector for its"
                    + " channel bridge: " + e.getMessage(), e);
        }
        Thread t = new Thread(this::runBridge, "poe-bridge-" + name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void wakeBridge() {
        Selector s = selector;
        Thread t = thread;
        if (s != null) {
            s.wakeup();
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void runBridge() {
        Selector s = selector;
        try {
            while (!closed) {
                try {
                    step(s);
                } catch (ClosedSelectorException e) {
                    return;
                } catch (RuntimeException | IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "the " + name + " loop's channel bridge failed a step;"
                            + " it carries on", e);
                }
            }
        } finally {
            synchronized (this) {
                closeSelector();
            }
        }
    }

    private void closeSelector() {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the bridge selector", e);
        }
        registrations.clear();
    }

    /** One round: apply requests, fire a due timer, wait, collect readiness. */
    private void step(Selector s) throws IOException {
        applyCommands(s);
        fireTimerIfDue();
        long due = timerDue.get();
        sleepingUntil = due;
        if (closed || !commands.isEmpty() || timerDue.get() != due) {
            sleepingUntil = AWAKE;
            return;
        }
        if (due == NONE) {
            s.select();
        } else {
            long wait = due - System.nanoTime();
            if (wait >= ONE_MILLI) {
                s.select(wait / ONE_MILLI);
            } else if (wait > 0) {
                if (s.selectNow() == 0 && s.selectedKeys().isEmpty()) {
                    LockSupport.parkNanos(this, wait);
                }
            }
        }
        sleepingUntil = AWAKE;
        collectReady(s);
    }

    private void fireTimerIfDue() {
        long due = timerDue.get();
        if (due != NONE && System.nanoTime() - due >= 0 && timerDue.compareAndSet(due, NONE)) {
            timerExpired.set(true);
            scheduleHop();
        }
    }

    private void applyCommands(Selector s) {
        Command command;
        List<WatchState> touched = null;
        while ((command = commands.poll()) != null) {
            if (command.op() == null) {
                for (Readiness ready : command.rearm()) {
                    WatchState state = registrations.get(ready.channel());
                    if (state != null) {
                        state.inFlight(ready.mode(), false);
                        touched = touch(touched, state);
                    }
                }
                continue;
            }
            WatchState state = registrations.get(command.channel());
            if (state == null) {
                if (command.op() != Op.WATCH) {
                    continue;
                }
                state = new WatchState(command.channel());
                registrations.put(command.channel(), state);
            }
            if (state.apply(command.op(), command.mode())) {
                touched = touch(touched, state);
            }
        }
        if (touched != null) {
            for (WatchState state : touched) {
                sync(s, state);
            }
        }
    }

    private static List<WatchState> touch(List<WatchState> touched, WatchState state) {
        List<WatchState> list = touched == null ? new ArrayList<>() : touched;
        if (!list.contains(state)) {
            list.add(state);
        }
        return list;
    }

    /** Makes the selector's view of one channel match its state. */
    private void sync(Selector s, WatchState state) {
        SelectableChannel channel = state.channel;
        if (!state.anyWatched()) {
            registrations.remove(channel);
            if (state.key != null) {
                state.key.cancel();
                state.key = null;
                flushCancelled(s);
            }
            return;
        }
        if (registrations.get(channel) != state) {
            return;
        }
        int ops = state.interestOps();
        SelectionKey key = state.key;
        if (key != null && key.isValid()) {
            try {
                key.interestOps(ops);
                return;
            } catch (CancelledKeyException e) {
                state.key = null;
            }
        }
        if (!channel.isOpen()) {
            state.dead = true;
            state.key = null;
            return;
        }
        SelectionKey stale = channel.keyFor(s);
        if (stale != null && !stale.isValid()) {
            // A key cancelled but not yet deregistered (the channel was ignored and
            // watched again, or its key was cancelled elsewhere): registering now would
            // throw CancelledKeyException, so let the selector deregister it first.
            flushCancelled(s);
        }
        try {
            state.key = channel.register(s, ops, state);
            state.dead = false;
        } catch (ClosedChannelException e) {
            state.dead = true;
            state.key = null;
        } catch (CancelledKeyException e) {
            flushCancelled(s);
            try {
                state.key = channel.register(s, ops, state);
            } catch (ClosedChannelException | CancelledKeyException again) {
                state.dead = true;
                state.key = null;
            }
        }
    }

    /**
     * Deregisters cancelled keys now. Keys it finds ready stay in the selected set and are
     * collected after the next select.
     */
    private static void flushCancelled(Selector s) {
        try {
            s.selectNow();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "flushing cancelled keys", e);
        }
    }

    private void collectReady(Selector s) {
        Set<SelectionKey> selected = s.selectedKeys();
        if (selected.isEmpty()) {
            return;
        }
        List<Readiness> found = new ArrayList<>();
        for (SelectionKey key : selected) {
            Object attachment = key.attachment();
            if (!(attachment instanceof WatchState)) {
                continue;
            }
            WatchState state = (WatchState) attachment;
            if (state.key != key || !key.isValid()) {
                continue;
            }
            int readyOps;
            try {
                readyOps = key.readyOps();
            } catch (CancelledKeyException e) {
                continue;
            }
            int validOps = state.channel.validOps();
            for (IoMode mode : MODES) {
                if (state.armed(mode) && (readyOps & mode.interestOps(validOps)) != 0) {
                    state.inFlight(mode, true);
                    found.add(new Readiness(state.channel, mode));
                }
            }
            try {
                key.interestOps(state.interestOps());
            } catch (CancelledKeyException e) {
                state.key = null;
            }
        }
        selected.clear();
        if (!found.isEmpty()) {
            synchronized (pendingLock) {
                pendingReady.addAll(found);
                pendingCount = pendingReady.size();
            }
            scheduleHop();
        }
    }

    /** Test hook: how many readiness reports wait for the next batch. */
    int pendingReadiness() {
        return pendingCount;
    }
}
