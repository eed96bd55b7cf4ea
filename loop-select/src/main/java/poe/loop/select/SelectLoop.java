package poe.loop.select;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import poe.loop.IoMode;
import poe.loop.Loop;
import poe.loop.LoopHost;

/**
 * The default loop: a {@link Selector} on the thread that drives the kernel (POE::Loop::Select).
 *
 * <p>The kernel is confined to one thread at a time: the thread that made it, until
 * {@code run()} or {@code runOneTimeslice()} is called from another thread while the loop is
 * not running; that thread then owns it.
 *
 * <p>An interrupt of that thread does not stop the kernel (that is {@code Kernel.stop()}) and
 * does not make it spin: each timeslice keeps the interrupt status aside while it waits and
 * sets it again before it returns, so the caller of {@code run()} still sees it.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create(new SelectLoop());   // same as Kernel.create() by default
 * }</pre>
 */
public final class SelectLoop implements Loop {

    private static final long MAX_WAIT_MILLIS = 3_600_000L;

    private final Selector selector;
    private final Map<SelectableChannel, Registration> registrations = new IdentityHashMap<>();
    private LoopHost host;
    private volatile Thread owner;
    private boolean running;
    private boolean halted;
    /** A key was cancelled since the last select: its channel, if closed, is not really closed until one. */
    private boolean cancelledKeys;

    /** One channel's watched and paused modes. */
    private static final class Registration {
        final SelectableChannel channel;
        SelectionKey key;
        final boolean[] watched = new boolean[2];
        final boolean[] paused = new boolean[2];

        Registration(SelectableChannel channel) {
            this.channel = channel;
        }

        int interest() {
            int ops = 0;
            for (IoMode mode : IoMode.values()) {
                if (watched[mode.ordinal()] && !paused[mode.ordinal()]) {
                    ops |= mode.interestOps(channel.validOps());
                }
            }
            return ops;
        }

        boolean empty() {
            return !watched[0] && !watched[1];
        }
    }

    /** A new select loop with its own {@link Selector}. */
    public SelectLoop() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a java.nio Selector", e);
        }
    }

    @Override
    public String name() {
        return "select";
    }

    @Override
    public void initialize(LoopHost host) {
        if (this.host != null) {
            throw new IllegalStateException("this SelectLoop already belongs to a kernel; make a new one");
        }
        this.host = host;
        this.owner = Thread.currentThread();
    }

    @Override
    public boolean inLoopThread() {
        return Thread.currentThread() == owner;
    }

    @Override
    public String loopThreadName() {
        Thread t = owner;
        return "thread '" + (t == null ? "?" : t.getName()) + "'";
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void armTimer(long dueNanos) {
        // the loop asks the host for its next due time before every wait
    }

    @Override
    public void disarmTimer() {
        // nothing to do, see armTimer
    }

    @Override
    public void watchChannel(SelectableChannel channel, IoMode mode) {
        Registration r = registrations.computeIfAbsent(channel, Registration::new);
        r.watched[mode.ordinal()] = true;
        r.paused[mode.ordinal()] = false;
        update(r);
    }

    @Override
    public void ignoreChannel(SelectableChannel channel, IoMode mode) {
        Registration r = registrations.get(channel);
        if (r == null) {
            return;
        }
        r.watched[mode.ordinal()] = false;
        r.paused[mode.ordinal()] = false;
        if (r.empty()) {
            registrations.remove(channel);
            if (r.key != null) {
                r.key.cancel();
                cancelledKeys = true;
            }
        } else {
            update(r);
        }
    }

    @Override
    public void pauseChannel(SelectableChannel channel, IoMode mode) {
        setPaused(channel, mode, true);
    }

    @Override
    public void resumeChannel(SelectableChannel channel, IoMode mode) {
        setPaused(channel, mode, false);
    }

    private void setPaused(SelectableChannel channel, IoMode mode, boolean paused) {
        Registration r = registrations.get(channel);
        if (r != null && r.watched[mode.ordinal()]) {
            r.paused[mode.ordinal()] = paused;
            update(r);
        }
    }

    private void update(Registration r) {
        int ops = r.interest();
        try {
            if (r.key != null && r.key.isValid()) {
                r.key.interestOps(ops);
                return;
            }
            SelectionKey stale = r.channel.keyFor(selector);
            if (stale != null && !stale.isValid()) {
                // a cancelled key stays until the next select: flush it before registering again
                selector.selectNow();
            }
            r.key = r.channel.register(selector, ops, r);
        } catch (ClosedChannelException | CancelledKeyException e) {
            throw new IllegalArgumentException("cannot watch " + r.channel + ": it is closed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void doTimeslice() {
        claimThread();
        // a thread whose interrupt status is set makes every select() return at once: keep
        // the status aside while this timeslice waits, and give it back to the caller after
        boolean interrupted = Thread.interrupted();
        try {
            waitAndDispatch();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void waitAndDispatch() {
        host.beginTimeslice();
        long due = host.nextDueNanos();
        try {
            int ready;
            if (due == Long.MAX_VALUE) {
                ready = selector.select(MAX_WAIT_MILLIS);
            } else {
                long wait = due - System.nanoTime();
                if (wait <= 0) {
                    ready = selector.selectNow();
                } else {
                    // round up: a timer never fires early
                    ready = selector.select(Math.min(MAX_WAIT_MILLIS, (wait + 999_999) / 1_000_000));
                }
            }
            cancelledKeys = false;
            // selectNow() in update() may already have moved ready keys into the selected set
            if (ready > 0 || !selector.selectedKeys().isEmpty()) {
                dispatchReady();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
        host.dispatchDue();
        if (!host.hasSessions()) {
            settle();
        }
    }

    /**
     * Flushes cancelled keys when the kernel runs out of sessions: the JDK defers closing a
     * channel that is still registered until the next select, so a socket closed by the
     * last handler (a reset with SO_LINGER 0, say) would otherwise stay open until the
     * kernel's next timeslice or close().
     */
    private void settle() {
        if (cancelledKeys && selector.isOpen()) {
            cancelledKeys = false;
            try {
                selector.selectNow();                 // ready keys it selects are checked when dispatched
            } catch (IOException e) {
                throw new UncheckedIOException("select failed", e);
            }
        }
    }

    private void dispatchReady() {
        Set<SelectionKey> selected = selector.selectedKeys();
        List<SelectionKey> keys = new ArrayList<>(selected);
        selected.clear();
        for (SelectionKey key : keys) {
            Registration r = (Registration) key.attachment();
            int ops;
            try {
                ops = key.readyOps();
            } catch (CancelledKeyException e) {
                continue;
            }
            SelectableChannel channel = r.channel;
            if ((ops & IoMode.READ.interestOps(channel.validOps())) != 0 && isActive(r, IoMode.READ)) {
                host.channelReady(channel, IoMode.READ);
            }
            if ((ops & IoMode.WRITE.interestOps(channel.validOps())) != 0 && isActive(r, IoMode.WRITE)) {
                host.channelReady(channel, IoMode.WRITE);
            }
        }
    }

    private boolean isActive(Registration r, IoMode mode) {
        return registrations.get(r.channel) == r && r.watched[mode.ordinal()] && !r.paused[mode.ordinal()];
    }

    @Override
    public void run() {
        claimThread();
        if (running) {
            throw new IllegalStateException("this kernel is already running (run() is not re-entrant)");
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

    private void claimThread() {
        Thread me = Thread.currentThread();
        if (owner != me) {
            if (running) {
                throw new IllegalStateException("this kernel is running on thread '" + owner.getName()
                        + "'; it cannot be driven from '" + me.getName() + "' at the same time");
            }
            owner = me;
        }
    }

    @Override
    public void halt() {
        halted = true;
    }

    @Override
    public List<String> registrations() {
        List<String> out = new ArrayList<>();
        for (Registration r : registrations.values()) {
            for (IoMode mode : IoMode.values()) {
                if (r.watched[mode.ordinal()]) {
                    out.add(r.channel + " " + mode + (r.paused[mode.ordinal()] ? " (paused)" : ""));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        registrations.clear();
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "SelectLoop[" + registrations.size() + " channels]";
    }
}
