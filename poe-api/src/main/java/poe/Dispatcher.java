package poe;

import java.util.ArrayList;
import java.util.List;

import poe.internal.Inbox;
import poe.loop.Loop;

/**
 * The kernel's engine: the event queue and posting into it (POE::Resource::Events), the
 * batch loop that dispatches what is due ({@code _data_ev_dispatch_due}), the one dispatch
 * wrapper that every handler runs in ({@link #invoke}: begin, run, report a failure, end;
 * events, signals, calls and the kernel's own {@code _start}/{@code _stop}/{@code _child}
 * alike), and the collection of sessions that ran out of work (POE's marks and
 * {@code _data_ses_gc_sweep}). It is the {@link SessionRefs} resources are given.
 *
 * <p>The hot paths, post/yield into the queue and {@link #dispatchChunk} out of it to the
 * handler, live here in one class with final fields, so the JIT compiles each as one piece.
 * Loop thread only, except {@link #failure} (read by the loop's host) and
 * {@link #eventCount} (read anywhere, racy by design).
 *
 * <pre>{@code
 * dispatcher.enqueue(session, sender, "ping", args, EventContext.POST);
 * dispatcher.dispatchDue();   // from the loop, through KernelHost
 * }</pre>
 */
final class Dispatcher implements SessionRefs, TimerQueue, SignalDispatch {

    /**
     * A timeslice dispatches events in chunks of this many, and goes on with another chunk
     * while it has run for less than {@link #TIMESLICE_NANOS}, up to {@link #TIMESLICE_EVENTS}:
     * the loop then polls I/O. (A toolkit loop's hand-off costs tens of microseconds; a
     * millisecond of events per hand-off keeps that small.)
     */
    static final int CHUNK_EVENTS = 1024;
    static final long TIMESLICE_NANOS = 1_000_000;
    static final int TIMESLICE_EVENTS = 64 * CHUNK_EVENTS;

    private static final System.Logger LOG = System.getLogger("poe.Kernel");

    // --- set at construction, read from any thread
    /** The facade: every context names it, and it is the sender of the kernel's own events. */
    private final Kernel kernel;
    private final Loop loop;
    private final Inbox inbox;
    final EventQueue queue;
    private final SessionTable sids;
    /** The aliases resource, made here: the post fast path resolves aliases through it. */
    final Aliases aliases;

    // --- loop thread only: resources that need the dispatcher themselves (set once, by attach)
    private Sessions sessions;
    /** Signal dispatch (made by attach). */
    SignalDelivery delivery;

    // --- loop thread only: dispatch state
    /** The event whose handler runs now (innermost), or null outside handlers. */
    EventContext current;
    private boolean dispatching;
    /**
     * While taking work from other threads: the loop's timer is armed once at the end of
     * the drain (see {@link #endDrain}), not after every request, which would read the
     * inbox (lines producers are writing) once per request.
     */
    private boolean draining;
    /**
     * Whether a post reads the clock (see {@link #toQueue}): outside batches and
     * inbox drains, and while a timer is pending. Set whenever a timer is added, and
     * recomputed only where a batch or drain starts and ends, so it may be true needlessly
     * (a read too many) but never false while a timer is pending.
     */
    boolean postsReadClock = true;
    /**
     * The thread in {@link #dispatchDue()}, else null: a cheap thread check for the hot
     * path. Plain, not volatile: a thread sees its own last write (itself or null) or a
     * later one by another thread (never itself), so it can only match while it dispatches.
     */
    private Thread dispatchThread;
    /**
     * Changes whenever an alias is removed or a session stops: a session's memo of where
     * its last post went ({@link Session#postedTo}) holds only while this is unchanged.
     */
    private int routes;
    /** The clock as last read (see {@link #readClock}). */
    long now;
    /** While dispatching: the context current before the batch (a handler's, if it runs a timeslice itself). */
    private EventContext batchOuter;
    /** While dispatching: the clock up to which events are due in this chunk. */
    private long sliceLimit;
    /**
     * While dispatching: where POE's batch ({@code _data_ev_dispatch_due}) ends. A ring entry
     * at or past this position was posted during the batch, and a timer due after
     * {@link #batchClock} came due during it: reaching one ends the batch, which sweeps the
     * sessions marked for collection (see {@link #sweep}) and starts the next one.
     */
    private long batchEnd;
    private long batchClock;
    private long armedDue = Long.MAX_VALUE;

    // --- loop thread only: collection
    /**
     * Sessions that ran out of work, in marking order (POE's {@code @kr_marked_for_gc}); the
     * end of a batch stops those that still have nothing, last marked first. May hold a
     * session more than once, and sessions revived or stopped since.
     */
    final ArrayList<Session> marked = new ArrayList<>();
    /**
     * The destination of the event being dispatched, if that event was its last work: it
     * counts as marked before anything its handler marks, but is added to {@link #marked}
     * only if it still has nothing once the handler returns (a yield loop then never adds it).
     */
    private Session pendingMark;
    /** The same for the event's sender, marked after its destination (a ping-pong then never adds it). */
    private Session pendingSender;
    /** Counts sweep rounds: a session's {@link Session#sweptIn} tells it was handled in this one. */
    private int sweepRound;

    // --- loop thread only: failures
    boolean catchExceptions = Debug.CATCH_EXCEPTIONS;

    // --- any thread
    /** How many events were dispatched (read racily by Kernel#dispatchedCount). */
    long eventCount;
    /** An exception to rethrow from run()/runOneTimeslice(); the kernel stops everything first. */
    volatile Throwable failure;

    Dispatcher(Kernel kernel, Loop loop, Inbox inbox, SessionTable sids, long nanoBase) {
        this.kernel = kernel;
        this.loop = loop;
        this.inbox = inbox;
        this.sids = sids;
        this.queue = new EventQueue(nanoBase);
        this.now = nanoBase;
        this.aliases = new Aliases(this);
    }

    /** The resources that need the dispatcher themselves, once they are made. */
    void attach(Sessions sessions, Signals signals, Watchers watchers) {
        this.sessions = sessions;
        this.delivery = new SignalDelivery(this, queue, kernel, sessions, sids, signals, watchers);
    }

    // ------------------------------------------------------------------ SessionRefs

    @Override
    public void increment(Session s) {
        s.refs++;
    }

    @Override
    public void decrement(Session s) {
        s.refs--;
        markIfDone(s);
    }

    @Override
    public void routesChanged() {
        routes++;
    }

    @Override
    public boolean onLoopThread() {
        return loop.inLoopThread();
    }

    /** Whether the caller is the thread in {@link #dispatchDue()} (a cheap loop-thread check). */
    boolean inDispatchThread() {
        return Thread.currentThread() == dispatchThread;
    }

    /** Starts taking a chunk of work from other threads; returns what to give {@link #endDrain}. */
    int beginDrain() {
        // one clock reading for the chunk, as for a batch (not one per item)
        now = Math.max(now, System.nanoTime());
        queue.clockMoved(now);
        int was = (postsReadClock ? 1 : 0) | (draining ? 2 : 0);
        postsReadClock = queue.hasTimers();
        draining = true;
        return was;
    }

    void endDrain(int was) {
        postsReadClock = (was & 1) != 0 || queue.hasTimers();
        draining = (was & 2) != 0;
        armIfIdle();
    }

    /**
     * Runs an I/O watcher's handler, ready now (POE dispatches those as calls outside the
     * queue), then collects as POE does after its I/O dispatches.
     */
    void dispatchReady(Session s, String event, Object[] args) {
        eventCount++;
        try {
            invoke(s, new EventContext(kernel, s, s, event, args, EventContext.CALL, currentEvent()));
            markIfDone(s);
            if (current == null) {
                // POE sweeps after its I/O dispatches (FileHandles' _data_handle_enqueue_ready)
                sweep();
                if (sids.count() == 0) {
                    loop.halt();
                }
            }
        } catch (Fatal f) {
            recordFailure(f.getCause());
        }
        if (failure != null) {
            sessions.stopAll();
        }
    }

    // ------------------------------------------------------------------ posting and the queue

    // post and yield are kept small: the JIT inlines a method into its callers (handlers)
    // only while its compiled code is small (2.5 KB for an already compiled one), and a
    // handler often posts in two or three places. Inline is only the common case: a post
    // from a handler while the kernel dispatches, to a live session or a cached alias;
    // everything else is a call.
    boolean post(Object dest, String event, Object[] args) {
        EventContext cur = current;
        if (Thread.currentThread() == dispatchThread && cur != null && args != null && args.length == 0) {
            // the sender's last argument-less post, repeated (see Session.postedTo)
            Session from = cur.session;
            EventContext ev = from.postedContext;
            if (ev != null && from.postedTo == dest && ev.state == event && ev.fromState == cur.activeState()
                    && from.postedRoutes == routes) {
                ev.session.queued++;
                from.queued++;
                toQueue(ev);
                return true;
            }
        }
        return postFromHandler(dest, event, args);
    }

    private boolean postFromHandler(Object dest, String event, Object[] args) {
        EventContext cur = current;
        Session s;
        if (Thread.currentThread() == dispatchThread && cur != null && event != null && args != null
                && (s = dest instanceof String alias ? aliases.resolve(alias) : liveOrNull(dest)) != null) {
            Session from = cur.session;
            EventContext ev = enqueueFromHandler(s, from, event, args, cur.activeState());
            if (ev.args == EventContext.NO_ARGS) {
                from.postedTo = dest;
                from.postedContext = ev;
                from.postedRoutes = routes;
            }
            return true;
        }
        return false;
    }

    /** The live session of this kernel that a reference names (session, ID or alias), or null. */
    public Session resolve(Object ref) {
        if (ref instanceof Session) {
            return liveOrNull(ref);
        }
        if (ref instanceof String alias) {
            return aliases.resolve(alias);
        }
        if (ref instanceof Number n) {
            return sids.byId(n.longValue());
        }
        return null;
    }

    private Session liveOrNull(Object dest) {
        return dest instanceof Session s && s.alive && s.kernel == kernel ? s : null;
    }

    /**
     * A post or yield from a handler while the kernel dispatches (so the loop needs no
     * arming): {@link #enqueue} cut down to what that case needs.
     */
    private EventContext enqueueFromHandler(Session dest, Session sender, String event, Object[] args, String from) {
        EventContext ev = dest.lastContext;
        if (args.length != 0 || ev == null || ev.state != event || ev.sender != sender || ev.kind != EventContext.POST
                || ev.fromState != from) {
            ev = newContext(dest, sender, event, args.length == 0 ? EventContext.NO_ARGS : args, EventContext.POST, from);
        }
        dest.queued++;
        sender.queued++;
        toQueue(ev);
        return ev;
    }

    /**
     * Queues a ring entry due now. With no timer pending ({@link #postsReadClock} false)
     * nothing can come due between posted events, so it neither reads the clock nor
     * stores a due time (see {@link EventQueue#postUntimed}).
     */
    private void toQueue(EventContext ev) {
        if (postsReadClock) {
            queue.post(ev, readClock());
        } else {
            queue.postUntimed(ev);
        }
    }

    /**
     * The clock at posting, so that a timer that came due earlier goes first. Inside a
     * batch with no timer pending the order cannot change, and reading the clock (over
     * 100 ns on some virtual machines) would cost more than the whole dispatch.
     */
    private long readClock() {
        return now = Math.max(now, System.nanoTime());
    }

    /** A yield from a handler while the kernel dispatches; false: the caller takes the slow path. */
    boolean yield(String event, Object[] args) {
        EventContext cur = current;
        if (Thread.currentThread() == dispatchThread && cur != null && event != null && args != null) {
            Session s = cur.session;
            enqueueFromHandler(s, s, event, args, cur.activeState());
            return true;
        }
        return false;
    }

    /** POE's {@code call}: the handler at once, through {@link #invoke}. */
    Object call(Session s, String event, Object[] args) {
        EventContext cur = current;
        boolean outside = cur == null;
        EventContext ev = context(s, active(), event, args == null || args.length == 0 ? EventContext.NO_ARGS : args,
                !outside && cur.session == s ? EventContext.SELF_CALL : EventContext.CALL);
        Object value;
        try {
            // a call changes no count: POE marks nobody for it (a session with nothing left
            // was marked when its last work went, and the batch's end collects it)
            value = invoke(s, ev);
        } catch (Fatal f) {
            if (outside) {
                // called from outside any handler: nothing else would rethrow it
                Fatal.<RuntimeException>sneakyThrow(f.getCause());
            }
            throw f;
        }
        if (outside) {
            rethrowFailure();
        }
        return value;
    }

    public void enqueue(Session dest, Target sender, String event, Object[] args, byte kind) {
        // a queued event keeps its arguments: share the empty array rather than the caller's
        // (once inlined, the caller's empty varargs array is then not allocated at all)
        Object[] kept = args.length == 0 ? EventContext.NO_ARGS : args;
        EventContext ev = context(dest, sender, event, kept, kind);
        if (dest != null) {
            dest.queued++;
        }
        if (sender instanceof Session ss) {
            ss.queued++;
        }
        toQueue(ev);
        armIfIdle();
    }

    /** Queues a GC marker: when it comes up, the session is stopped if nothing keeps it. */
    void enqueueGcMark(Session s) {
        s.queued++;
        toQueue(new EventContext(kernel, s, kernel, "_gc", EventContext.NO_ARGS, EventContext.GC_MARK, currentEvent()));
        queue.markPosted();
        armIfIdle();
    }

    /**
     * The context for a queued event. Events without arguments that repeat the session's
     * previous one (same sender, name, kind and caller, as in a yield loop or a repeating
     * timer) share its context: a context is immutable, so sharing cannot be observed, and
     * the hot path allocates nothing.
     */
    public EventContext context(Session dest, Target sender, String event, Object[] args, byte kind) {
        return context(dest, sender, event, args, kind, currentEvent());
    }

    /** {@link #context(Session, Target, String, Object[], byte)} for a caller state given ({@code from}). */
    private EventContext context(Session dest, Target sender, String event, Object[] args, byte kind, String from) {
        if (args == EventContext.NO_ARGS && dest != null) {
            EventContext last = dest.lastContext;
            if (last != null && last.state == event && last.sender == sender && last.kind == kind
                    && last.fromState == from) {
                return last;
            }
        }
        return newContext(dest, sender, event, args, kind, from);
    }

    /** A new context, remembered for sharing if it has no arguments (kept out of post's inlined code). */
    private EventContext newContext(Session dest, Target sender, String event, Object[] args, byte kind, String from) {
        EventContext ev = new EventContext(kernel, dest, sender, event, args, kind, from);
        if (args == EventContext.NO_ARGS && dest != null) {
            dest.lastContext = ev;
        }
        return ev;
    }

    /** Undoes the reference counts of a queue entry that will not be dispatched. */
    public void unqueued(EventContext ev) {
        Session d = ev.session;
        if (d != null) {
            d.queued--;
            if (ev.kind == EventContext.TIMER) {
                d.timers--;
            }
        }
        if (ev.sender instanceof Session ss) {
            ss.queued--;
        }
    }

    /** Timers' part: posts read the clock while a timer is pending, and the wait is re-armed. */
    public void timerAdded() {
        postsReadClock = true;
        armIfIdle();
    }

    public void armIfIdle() {
        if (!dispatching && !draining) {
            arm();
        }
    }

    void arm() {
        // work left in the inbox (a drain takes a chunk at a time): come back at once,
        // whether or not the loop asks nextDueNanos() before it waits
        // so do sessions marked for collection outside a batch: the next batch sweeps them
        // (readyToWait, not isEmpty: a dispatch that took posts straight from the inbox
        // leaves wakeups off, and a loop that waits on its timer alone must get them back)
        long due = marked.isEmpty() && inbox.readyToWait() ? queue.nextDue() : now;
        if (due != armedDue) {
            armedDue = due;
            if (due == Long.MAX_VALUE) {
                loop.disarmTimer();
            } else {
                loop.armTimer(due);
            }
        }
    }

    // ------------------------------------------------------------------ the batch loop

    void dispatchDue() {
        assert loop.inLoopThread() : "dispatchDue() off the loop thread";
        long start = System.nanoTime();
        now = Math.max(now, start);
        queue.clockMoved(now);
        // a handler may run a timeslice itself (runOneTimeslice): its session stays busy
        EventContext outer = current;
        EventContext wasOuter = batchOuter;
        long wasLimit = sliceLimit;
        long wasBatchEnd = batchEnd;
        long wasBatchClock = batchClock;
        if (pendingMark != null || pendingSender != null) {
            // a handler runs a timeslice itself: its event's marks come before the nested ones
            flushPendingMark();
        }
        boolean wasDispatching = dispatching;
        Thread wasDispatchThread = dispatchThread;
        if (outer != null) {
            outer.session.dispatchDepth++;
        }
        boolean wasReading = postsReadClock;
        dispatching = true;
        postsReadClock = queue.hasTimers();
        dispatchThread = Thread.currentThread();
        batchOuter = outer;
        sliceLimit = start;
        batchEnd = queue.tail();
        batchClock = start;
        try {
            for (int dispatched = CHUNK_EVENTS; dispatchChunk(); dispatched += CHUNK_EVENTS) {
                long clock = System.nanoTime();
                if (clock - start >= TIMESLICE_NANOS || dispatched >= TIMESLICE_EVENTS) {
                    break;
                }
                sliceLimit = clock;
            }
            flushPendingMark();
            current = outer;
            // the end of the batch (POE's _data_ev_dispatch_due): sweep
            sweep();
        } catch (Fatal f) {
            recordFailure(f.getCause());
        } finally {
            current = outer;
            batchOuter = wasOuter;
            sliceLimit = wasLimit;
            batchEnd = wasBatchEnd;
            batchClock = wasBatchClock;
            pendingMark = null;
            pendingSender = null;
            dispatching = wasDispatching;
            postsReadClock = wasReading || queue.hasTimers();
            dispatchThread = wasDispatchThread;
            if (outer != null) {
                outer.session.dispatchDepth--;
            }
        }
        if (failure != null) {
            // an unhandled exception stops the kernel; run() rethrows it
            sessions.stopAll();
        }
        // the loop asks again when to come back; with no session left, run() returns
        armedDue = Long.MIN_VALUE;
        arm();
        if (sids.count() == 0) {
            loop.halt();
        }
    }

    /**
     * Dispatches up to {@link #CHUNK_EVENTS} events due by {@link #sliceLimit}; false once
     * nothing more is due or a handler failed. A method of its own so that the JIT has few
     * values to keep across the inlined handlers (the timeslice's stay in the caller).
     */
    private boolean dispatchChunk() {
        long limit = sliceLimit;
        for (int budget = CHUNK_EVENTS; budget > 0; budget--) {
            if (Debug.ONE_BATCH_PER_TIMESLICE && queue.nextIsAfterBatch(limit, batchEnd, batchClock)) {
                return false;                               // POE's next batch: the loop polls I/O first
            }
            EventContext ev = queue.poll(limit);
            if (ev == null) {
                if (Debug.ONE_BATCH_PER_TIMESLICE) {
                    return false;
                }
                if ((ev = postFromInbox(limit)) == null) {
                    // empty, or the head was posted (or came due) during this batch: go on
                    // while something is due by now
                    long clock = System.nanoTime();
                    if (clock == limit || (ev = queue.poll(clock)) == null) {
                        return false;
                    }
                    sliceLimit = limit = clock;
                }
            }
            if (queue.head() > batchEnd || ev.kind == EventContext.TIMER && queue.polledTimerDue() > batchClock) {
                // the first event of POE's next batch: end this one first
                nextBatch(limit);
            }
            Session s = ev.session;
            if (s != null && ev.handlerGen == s.cacheKey) {
                // The common case, kept in this loop so that the JIT compiles it as one
                // piece: a posted event to a plain, live, untraced session whose handler
                // the (often shared) context has cached (see EventContext.handlerKey). The
                // session is protected from collection by being current's (see
                // collectIfDone); nothing but the context stays live across the handler.
                // Between such events current keeps the last one (a yield loop then never
                // writes it): whatever else runs here puts it back first.
                // POE counts the event off before dispatching it: the destination, then the
                // sender, are marked if it was their last work (see pendingMark)
                Target sender = ev.sender;
                if (sender == s) {
                    if ((s.queued -= 2) + s.refs <= 0) {
                        pendingMark = s;
                    }
                } else {
                    if (--s.queued + s.refs <= 0) {
                        pendingMark = s;
                    }
                    if (sender instanceof Session ss && --ss.queued + ss.refs <= 0) {
                        pendingSender = ss;
                    }
                }
                eventCount++;
                if (Debug.TRACE_EVENTS) {
                    Debug.traceDispatch(s, ev);
                }
                if (current != ev) {
                    current = ev;
                }
                try {
                    ev.handler.invoke(ev);
                } catch (Fatal f) {
                    throw f;
                } catch (Throwable t) {
                    handlerFailed(ev.session, ev, t);
                }
                if (pendingMark != null || pendingSender != null) {
                    flushPendingMark();
                }
            } else {
                current = batchOuter;
                dispatchQueued(ev);
            }
            if (failure != null) {
                return false;
            }
        }
        return true;
    }

    /**
     * With nothing queued, the next post from another thread, taken from the inbox and
     * dispatched as if queued and polled at once (a flood from producer threads then
     * skips the ring): counted as queued, and the first event of a new batch, as is a post
     * that arrives while a batch runs. Null if anything is queued (the inbox waits its
     * turn, as a drain would have put it behind), the inbox is empty, or its next request
     * is not a post (the next drain takes it). A post to a session that is gone is dropped.
     */
    private EventContext postFromInbox(long clock) {
        Inbox.Item item;
        Session s;
        do {
            if (!queue.idle() || (item = inbox.pollPost()) == null) {
                return null;
            }
            s = resolve(item.dest());
            if (s == null) {
                Debug.droppedPost(item);
            }
        } while (s == null);
        Object[] args = item.args();
        // outside any handler: the caller state is "", as for a post the drain queues
        EventContext ev = context(s, kernel, item.name(),
                args == null || args.length == 0 ? EventContext.NO_ARGS : args, EventContext.POST, "");
        s.queued++;
        nextBatch(clock);
        return ev;
    }

    /**
     * POE's batch boundary, met inside one {@link #dispatchDue}: sweeps what the batch
     * marked and starts the next batch, made of what is queued now. Runs with the first
     * event of the next batch taken off the queue but not yet counted off, so the sessions
     * it names cannot be collected here.
     */
    private void nextBatch(long clock) {
        if (!marked.isEmpty()) {
            current = batchOuter;
            sweep();
        }
        batchEnd = queue.tail();
        batchClock = clock;
    }

    /** Whether every marked session has work again or is gone (the common case: a ping-pong). */
    private boolean nothingToSweep() {
        for (int i = 0, n = marked.size(); i < n; i++) {
            Session s = marked.get(i);
            if (s.refs + s.queued <= 0 && s.alive && !s.stopping) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ collection

    /** A session ran out of work (POE's {@code _data_ses_refcount_dec} reaching zero): mark it. */
    private void mark(Session s) {
        if (pendingMark != null || pendingSender != null) {
            flushPendingMark();
        }
        marked.add(s);
        // outside a batch: make sure one comes to sweep it
        armIfIdle();
    }

    /** Marks the session if nothing keeps it (POE marks where a count drops to zero). */
    public void markIfDone(Session s) {
        if (s.refs + s.queued <= 0 && s.alive) {
            mark(s);
        }
    }

    /**
     * Adds {@link #pendingMark}, then {@link #pendingSender}, to the marked sessions if they
     * still have nothing to do.
     */
    private void flushPendingMark() {
        Session p = pendingMark;
        if (p != null) {
            pendingMark = null;
            if (p.refs + p.queued <= 0 && p.alive) {
                marked.add(p);
            }
        }
        p = pendingSender;
        if (p != null) {
            pendingSender = null;
            if (p.refs + p.queued <= 0 && p.alive) {
                marked.add(p);
            }
        }
    }

    /**
     * POE's {@code _data_ses_gc_sweep}: stops the marked sessions that still have nothing to
     * do, last marked first, in rounds until stopping them marks no one else (a parent
     * that lost its last child, a sender whose events went with the stopped session). A
     * session whose handler is still on the stack (a handler running a timeslice itself)
     * stays marked for a later sweep.
     */
    void sweep() {
        if (marked.isEmpty()) {
            return;
        }
        if (nothingToSweep()) {
            marked.clear();
            return;
        }
        List<Session> busy = null;
        while (!marked.isEmpty()) {
            Session[] todo = marked.toArray(new Session[0]);
            marked.clear();
            int round = ++sweepRound;
            for (int i = todo.length - 1; i >= 0; i--) {
                Session s = todo[i];
                if (s.sweptIn == round) {
                    continue;
                }
                s.sweptIn = round;
                if (!s.alive || s.stopping || s.refs + s.queued > 0) {
                    continue;
                }
                if (isRunning(s)) {
                    if (busy == null) {
                        busy = new ArrayList<>();
                    }
                    busy.add(s);
                    continue;
                }
                sessions.stop(s);
            }
        }
        if (busy != null) {
            marked.addAll(busy);
        }
    }

    /** Whether a handler of the session is running: the current one, or one a call interrupted. */
    private boolean isRunning(Session s) {
        EventContext cur = current;
        return s.dispatchDepth > 0 || cur != null && cur.session == s;
    }

    private void dispatchQueued(EventContext ev) {
        unqueued(ev);
        Session d = ev.session;
        if (d != null && d.refs + d.queued <= 0 && d.alive) {
            pendingMark = d;
        }
        if (ev.sender != d && ev.sender instanceof Session ss) {
            markIfDone(ss);
        }
        eventCount++;
        Session s = ev.session;
        switch (ev.kind) {
            case EventContext.POST, EventContext.TIMER, EventContext.SIG_CHILD -> invoke(s, ev);
            case EventContext.SIGNAL -> delivery.deliver(ev);
            default -> queue.markTaken();   // a GC marker: only the count above
        }
        flushPendingMark();
    }

    public Object invoke(Session s, EventContext ev) {
        if (!s.alive) {
            return null;
        }
        Session.State st = ev.handler;
        int key = ev.handlerKey();
        if (ev.handlerGen != key) {
            st = s.lookup(ev.state);
            if (st == null) {
                return invokeDefault(s, ev);
            }
            if (s.cacheKey != Session.NO_CACHE) {
                ev.handlerGen = key;
            }
        }
        return invokeHandler(s, ev, st, ev);
    }

    /** No handler for the event: {@code _default} gets it, or it is dropped (off the hot path). */
    private Object invokeDefault(Session s, EventContext ev) {
        Session.State st = s.lookup("_default");
        if (st == null) {
            if (Debug.ASSERT_DEFAULT || s.option("default", false)) {
                LOG.log(System.Logger.Level.WARNING, "{0} has no handler for ''{1}'' and no _default; dropped",
                        s, ev.state);
            }
            return null;
        }
        // _default keeps the event's name as the active event (a self call's, the caller's), as POE
        byte kind = ev.kind == EventContext.SELF_CALL ? EventContext.SELF_CALL : EventContext.DEFAULT;
        return invokeHandler(s, new EventContext(kernel, s, ev.sender, "_default", new Object[] {ev.state, ev.args()},
                kind, ev.fromState), st, ev);
    }

    /** Runs a handler; {@code original} is the event as dispatched, for failures (see handlerFailed). */
    private Object invokeHandler(Session s, EventContext ev, Session.State st, EventContext original) {
        if (ev.handler != st) {
            ev.handler = st;
        }
        // the running session is current's; one this call interrupts counts its depth
        EventContext prev = current;
        if (prev != null) {
            prev.session.dispatchDepth++;
        }
        current = ev;
        if (Debug.TRACE_EVENTS || s.tracing()) {
            Debug.traceDispatch(s, ev);
        }
        try {
            return st.invoke(ev);
        } catch (Fatal f) {
            throw f;
        } catch (Throwable t) {
            if (original.kind == EventContext.SELF_CALL) {
                // run in place, as POE's _invoke_state: the exception goes up into the calling
                // handler, and DIE names the event the kernel dispatched
                Fatal.<RuntimeException>sneakyThrow(t);
            }
            return handlerFailed(s, original, t);
        } finally {
            current = prev;
            if (prev != null) {
                prev.session.dispatchDepth--;
            }
        }
    }

    /** The session whose handler runs now, or this kernel outside handlers. */
    public Target active() {
        EventContext cur = current;
        return cur == null ? kernel : cur.session;
    }

    /**
     * The name of the event being handled now (POE's active event: see
     * {@link EventContext#activeState}), or "" outside handlers.
     */
    String currentEvent() {
        EventContext cur = current;
        return cur == null ? "" : cur.activeState();
    }

    /**
     * A new context for an event the kernel dispatches itself: a signal to a watcher, or its
     * own call of {@code _start}, {@code _stop}, {@code _child} or {@code _parent} (those with
     * no caller state, {@code from} null, as POE dispatches them with an undefined
     * {@code from_state}: a DIE from {@code _start} reports none).
     */
    public EventContext newEvent(Session s, Target sender, String event, Object[] args, byte kind, String from) {
        return new EventContext(kernel, s, sender, event, args, kind, from);
    }

    /**
     * A handler threw. {@code ev} is the event as dispatched (before any redirection to
     * {@code _default}), so a {@code _stop} or DIE handler reached through {@code _default}
     * is still one.
     */
    private Object handlerFailed(Session s, EventContext ev, Throwable t) {
        if (ev.kind == EventContext.SIGNAL && delivery.dieHandlerFailed(ev, t)) {
            return null;
        }
        if ("_stop".equals(ev.state) || !s.alive || s.stopping || sessions.stoppingAll()) {
            // the session is going away: a DIE could not reach it; run() rethrows this
            recordFailure(t);
            return null;
        }
        if (!catchExceptions) {
            throw new Fatal(t);
        }
        if (Debug.TRACE_SIGNALS) {
            LOG.log(System.Logger.Level.INFO, "handler ''{0}'' of {1} threw {2}; DIE queued", ev.state, s, t);
        }
        enqueue(s, kernel, "DIE", new Object[] {"DIE", DieInfo.of(t, s, ev)}, EventContext.SIGNAL);
        return null;
    }

    public void recordFailure(Throwable t) {
        if (failure == null) {
            failure = t;
        } else if (failure != t) {
            failure.addSuppressed(t);
        }
    }

    /** Records an exception ahead of any recorded so far (those become suppressed by it). */
    public void recordFailureFirst(Throwable t) {
        Throwable earlier = failure;
        if (earlier != null && earlier != t) {
            t.addSuppressed(earlier);
        }
        failure = t;
    }

    void rethrowFailure() {
        Throwable t = failure;
        if (t != null) {
            failure = null;
            Fatal.<RuntimeException>sneakyThrow(t);
        }
    }
}
