package poe;

import java.nio.channels.SelectableChannel;

import poe.internal.Inbox;
import poe.loop.IoMode;
import poe.loop.LoopHost;

/**
 * The kernel seen from its loop: the loop calls these to begin a timeslice, report a ready
 * channel, dispatch what is due and ask when it next needs to wake. Each takes the work
 * from other threads (the inbox) first, then hands over to the {@link Dispatcher}. Loop
 * thread only, except {@link #takeFailure}.
 *
 * <pre>{@code
 * loop.initialize(new KernelHost(...));   // done once by the Kernel
 * }</pre>
 */
final class KernelHost implements LoopHost {

    // --- loop thread only (set at construction)
    private final Kernel kernel;
    private final Dispatcher dispatcher;
    private final Inbox inbox;
    private final SessionTable sids;
    private final Sessions sessions;
    private final Watchers watchers;
    private final Signals signals;
    private final ChildProcesses children;
    private final Extrefs extrefs;

    KernelHost(Kernel kernel, Dispatcher dispatcher, Mailbox mailbox, SessionTable sids, Sessions sessions,
               Watchers watchers, Signals signals, ChildProcesses children, Extrefs extrefs) {
        this.kernel = kernel;
        this.dispatcher = dispatcher;
        this.inbox = mailbox.inbox;
        this.sids = sids;
        this.sessions = sessions;
        this.watchers = watchers;
        this.signals = signals;
        this.children = children;
        this.extrefs = extrefs;
    }

    @Override
    public void beginTimeslice() {
        assert dispatcher.onLoopThread() : "LoopHost calls come on the loop's thread";
        drainInbox();
        if (sids.count() > 0 && dispatcher.queue.entries() == 0 && watchers.count() == 0 && !extrefs.any()
                && !awaitsChildren()) {
            // only sessions kept by aliases (or nothing at all) are left: IDLE, then ZOMBIE if
            // IDLE changed nothing (see Dispatcher#dispatchSignal)
            dispatcher.enqueue(null, kernel, "IDLE", new Object[] {"IDLE"}, EventContext.SIGNAL);
        }
    }

    @Override
    public void channelReady(SelectableChannel channel, IoMode mode) {
        assert dispatcher.onLoopThread() : "LoopHost calls come on the loop's thread";
        Watchers.Watch w = watchers.find(channel, mode);
        if (w == null || w.paused) {
            return;
        }
        Object[] args = new Object[2 + w.args.length];
        args[0] = channel;
        args[1] = mode;
        System.arraycopy(w.args, 0, args, 2, w.args.length);
        dispatcher.dispatchReady(w.session, w.event, args);
    }

    @Override
    public void dispatchDue() {
        drainInbox();
        dispatcher.dispatchDue();
    }

    @Override
    public long nextDueNanos() {
        // the loop asks before it waits: from here on, work from other threads (posts,
        // OS signals, child exits) wakes it again, even if a wakeup was lost meanwhile
        // (work left in the inbox: "now", as a clock reading, for loops compare due times
        // by subtraction; Long.MIN_VALUE would overflow into the far future)
        return inbox.readyToWait() && dispatcher.marked.isEmpty() ? dispatcher.queue.nextDue() : dispatcher.now;
    }

    @Override
    public boolean hasSessions() {
        return sids.count() > 0;
    }

    @Override
    public Throwable takeFailure() {
        Throwable t = dispatcher.failure;
        dispatcher.failure = null;
        return t;
    }

    /**
     * Whether the kernel waits for child processes (POE's "kernel awaits pids"): some are
     * running, and some session watches a pid or the CHLD signal.
     */
    private boolean awaitsChildren() {
        return children.pendingChildren() != 0 && signals.watchesChildren();
    }

    /**
     * Takes up to a chunk of work from other threads into the queue. What is left waits for
     * the next timeslice, which the loop then starts at once (see nextDueNanos): so a
     * flood from producer threads moves through the queue a chunk at a time instead of
     * growing it without bound.
     */
    private void drainInbox() {
        // poll, not isEmpty(): finding the inbox empty is what re-enables wakeups
        Inbox.Item item = inbox.poll();
        if (item == null) {
            return;
        }
        int was = dispatcher.beginDrain();
        try {
            // producers feeding one session post to one destination: resolve it once per
            // run of posts (only a request of another kind runs handlers that could move
            // an alias or stop a session)
            Object lastDest = null;
            Session lastSession = null;
            for (int n = 1; item != null; item = n++ < Dispatcher.CHUNK_EVENTS ? inbox.poll() : null) {
                if (item.kind() != Inbox.POST) {
                    lastDest = null;
                    lastSession = null;
                    take(item);
                    continue;
                }
                Object dest = item.dest();
                Session s;
                if (dest == lastDest && dest != null) {
                    s = lastSession;
                } else {
                    s = dispatcher.resolve(dest);
                    lastDest = dest;
                    lastSession = s;
                }
                takePost(s, item);
            }
        } finally {
            dispatcher.endDrain(was);
        }
    }

    /** Queues a post from another thread to its destination, resolved (null: gone, dropped). */
    private void takePost(Session s, Inbox.Item item) {
        if (s != null) {
            dispatcher.enqueue(s, kernel, item.name(), item.args() == null ? EventContext.NO_ARGS : item.args(),
                    EventContext.POST);
        } else {
            Debug.droppedPost(item);
        }
    }

    /** Carries out one request from another thread other than a post. */
    private void take(Inbox.Item item) {
        switch (item.kind()) {
            case Inbox.SIGNAL -> kernel.signal(item.dest(), item.name(), item.args());
            case Inbox.STOP -> sessions.stopAll();
            case Inbox.RELEASE_HOLD -> extrefs.holdReleased((Long) item.dest());
            case Inbox.CHILD_EXIT -> deliverChildExit((Long) item.dest(), (Integer) item.args()[0]);
            default -> throw new AssertionError(item);
        }
    }

    private void deliverChildExit(long pid, int exitCode) {
        if (!children.isWaiting(pid)) {
            return;
        }
        children.exited(pid);
        for (Session s : sids.all()) {
            Session.SignalWatch w = signals.takeChildWatch(s, pid);
            if (w != null) {
                Object[] args = new Object[3 + w.args().length];
                args[0] = "CHLD";
                args[1] = pid;
                args[2] = exitCode;
                System.arraycopy(w.args(), 0, args, 3, w.args().length);
                dispatcher.enqueue(s, kernel, w.event(), args, EventContext.SIG_CHILD);
                signals.childWatchFired(s);
            }
        }
        dispatcher.enqueue(null, kernel, "CHLD", new Object[] {"CHLD", pid, exitCode}, EventContext.SIGNAL);
    }
}
