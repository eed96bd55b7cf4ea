package poe;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import poe.internal.Inbox;
import poe.internal.Timer;
import poe.loop.IoMode;
import poe.loop.Loop;
import poe.loop.LoopHost;
import poe.loop.Loops;

/**
 * The kernel (POE::Kernel): dispatches events to sessions, keeps timers, watches channels,
 * delivers signals, and runs on a {@link Loop}.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create();                      // the startup choice of loop
 * Session.builder()
 *     .on("_start", ev -> ev.kernel().delay("tick", 0.5))
 *     .on("tick", ev -> System.out.println("tick"))
 *     .create(kernel);
 * kernel.run();                                         // returns when no session is left
 * }</pre>
 *
 * <h2>Threads</h2>
 * A kernel is confined to its loop's thread: every handler runs there and the dispatch path
 * takes no locks. {@link #post}, {@link #signal}, {@link #stop()} and invoking a
 * {@link Postback} may be called from any thread; they go through one inbox and wake the
 * loop. Every other method called from another thread throws
 * {@link IllegalStateException} naming the method and the loop's thread.
 *
 * <h2>Errors</h2>
 * Lookups that may fail in normal operation return {@link Optional} or {@code false};
 * misuse throws {@link KernelException} with POE's error code, or
 * {@link IllegalArgumentException}.
 *
 * <h2>Order</h2>
 * One total order by (due time, sequence): posted events are first-in, first-out; timers
 * fire in due order, equal due times in the order they were set; a timer whose time has
 * passed goes before events posted after it came due. A timeslice dispatches what is due
 * when it starts, then goes on with events posted meanwhile up to a fairness budget, so a
 * busy chain of events does not pay a poll of the loop per event (the order is the same).
 */
public final class Kernel implements Target, AutoCloseable {

    /** The kernel's own ID: it can be addressed like a session. */
    public static final long KERNEL_ID = 0;

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

    private final Loop loop;
    private final EventQueue queue;
    private final SessionTable sessions = new SessionTable();
    private final Aliases aliases = new Aliases();
    private final Watchers watchers;
    private final Signals signals = new Signals(this);
    private final ChildProcesses children = new ChildProcesses(this);
    private final Inbox inbox = new Inbox();
    private final Host host = new Host();
    /** See {@link #kernelId()}. */
    private final String name;
    /** K3-RUN-6; {@link #ran} saves the session-creation path a call once the kernel has run. */
    private final RunWarning runWarning = new RunWarning(this::kernelId);
    private boolean ran;

    private final long nanoBase;
    private final Instant epochBase;
    private long now;

    /** The event whose handler runs now (innermost), or null outside handlers. */
    private EventContext current;
    private boolean dispatching;
    /**
     * Whether a post reads the clock (see {@link #toQueue}): outside batches and
     * inbox drains, and while a timer is pending. Set whenever a timer is added, and
     * recomputed only where a batch or drain starts and ends, so it may be true needlessly
     * (a read too many) but never false while a timer is pending.
     */
    private boolean postsReadClock = true;
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
    /**
     * Sessions that ran out of work, in marking order (POE's {@code @kr_marked_for_gc}); the
     * end of a batch stops those that still have nothing, last marked first. May hold a
     * session more than once, and sessions revived or stopped since.
     */
    private final ArrayList<Session> marked = new ArrayList<>();
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
    private long armedDue = Long.MAX_VALUE;
    private long eventCount;

    private int nonzeroExtraRefs;
    private int holds;

    private boolean sigHandled;
    private int signalDepth;
    /** What DIE handlers threw during the DIE dispatch in progress (not signalled again). */
    private Throwable dieHandlerFailure;
    private boolean stoppingAll;

    private boolean catchExceptions = Debug.CATCH_EXCEPTIONS;
    /** An exception to rethrow from run()/runOneTimeslice(); the kernel stops everything first. */
    private volatile Throwable failure;
    /** Set by {@link #close()}: every later use is an error saying so. */
    private volatile boolean closed;

    private Kernel(Loop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.name = KernelName.next();
        this.watchers = new Watchers(loop);
        this.nanoBase = System.nanoTime();
        this.queue = new EventQueue(nanoBase);
        this.epochBase = Instant.now();
        this.now = nanoBase;
        loop.initialize(host);
    }

    /** A kernel on the startup choice of loop (see {@link Loops}). */
    public static Kernel create() {
        return new Kernel(Loops.open(null));
    }

    /**
     * A kernel on the named loop.
     *
     * @param loopName e.g. {@code "select"}, {@code "vertx"}, {@code "javafx"}, {@code "swt"}
     * @throws IllegalArgumentException if no such loop is available; the message lists them
     */
    public static Kernel create(String loopName) {
        return new Kernel(Loops.open(Objects.requireNonNull(loopName, "loopName")));
    }

    /**
     * A kernel on this loop, which must be new (not initialized by another kernel).
     *
     * @param loop the loop
     */
    public static Kernel create(Loop loop) {
        return new Kernel(loop);
    }

    /**
     * The kernel's address among session IDs, {@link #KERNEL_ID} for every kernel (so
     * {@code idToSession(0)} and {@code post(0L, ...)} reach it). For the kernel's own
     * identity use {@link #kernelId()}.
     */
    @Override
    public long id() {
        return KERNEL_ID;
    }

    /**
     * This kernel's unique name, as POE's {@code $kernel->ID}: the host name, then the
     * creation time, the process ID and a sequence number, each in hex
     * ({@code myhost-6b15d31c-000011c8-00000001}). Unique among the kernels of a process and
     * across processes of a host; {@link #signal} accepts it as the kernel's address.
     *
     * <pre>{@code
     * log.info("kernel " + kernel.kernelId() + " started");
     * }</pre>
     *
     * @return the name, the same for the kernel's whole life
     */
    public String kernelId() {
        return name;
    }

    /** The loop this kernel runs on. */
    public Loop loop() {
        return loop;
    }

    /** The loop's name (POE's {@code poe_kernel_loop}). */
    public String loopName() {
        return loop.name();
    }

    // ------------------------------------------------------------------ running

    /**
     * Runs until no session is left, then returns. Returns at once if there is none. If a
     * handler's exception went unhandled (see {@link #sig}), it is rethrown here, after
     * every session has stopped; the kernel can run again afterwards. An interrupt of the
     * running thread does not end the kernel (that is {@link #stop()}); its status is kept
     * for the caller.
     *
     * @throws IllegalStateException inside a handler (a nested run would return only once
     *                               every session had stopped: use {@link #runOneTimeslice()}),
     *                               or after {@link #close()}
     */
    public void run() {
        checkOpen("run");
        markRan();
        if (current != null && loop.inLoopThread()) {
            throw new IllegalStateException("run() was called inside a handler (of '" + current.state + "' in "
                    + current.session + "): the kernel is already running, and a nested run() would return only"
                    + " once every session, this one included, had stopped. Return from the handler instead;"
                    + " to let other events through while it waits, call runOneTimeslice() or runWhile(...).");
        }
        if (failure != null) {
            stopAll();
        }
        if (sessions.count() > 0) {
            loop.run();
        }
        rethrowFailure();
    }

    /**
     * Runs one timeslice: waits until something is due (timers, ready channels, work from
     * other threads), then dispatches it. For programs that drive the kernel from their
     * own loop.
     *
     * @return false once no session is left (then it returns at once)
     */
    public boolean runOneTimeslice() {
        checkOpen("runOneTimeslice");
        markRan();
        if (failure != null) {
            stopAll();
        }
        if (sessions.count() == 0) {
            rethrowFailure();
            return false;
        }
        loop.doTimeslice();
        rethrowFailure();
        return sessions.count() > 0;
    }

    /**
     * Runs timeslices while the condition holds and sessions are left.
     *
     * @param condition checked before each timeslice
     */
    public void runWhile(BooleanSupplier condition) {
        while (condition.getAsBoolean() && runOneTimeslice()) {
            // keep going
        }
    }

    /**
     * Stops every session, descendants first (each gets {@code _stop}, and its parent
     * {@code _child("lose")}), empties the queue and releases every resource; {@link #run()}
     * then returns. Harmless when nothing runs. Thread-safe: from another thread it is
     * handed to the kernel's thread.
     */
    public void stop() {
        if (!loop.inLoopThread()) {
            handOver(new Inbox.Item(Inbox.STOP, null, null, null));
            return;
        }
        stopAll();
    }

    /**
     * Turns POE's exception catching on (the default) or off. Off, a handler's exception
     * does not become a DIE signal: it unwinds through any {@link #call} in progress, no
     * other event is dispatched, every session is stopped (as POE does) and
     * {@link #run()} or {@link #runOneTimeslice()} rethrows it. Defaults to the system
     * property {@code poe.catch.exceptions}.
     *
     * @param on whether to catch
     */
    public void catchExceptions(boolean on) {
        checkThread("catchExceptions");
        this.catchExceptions = on;
    }

    /** Releases the loop (and any OS signal still hooked). The kernel cannot be used afterwards. */
    @Override
    public void close() {
        runWarning.closed();
        closed = true;
        signals.releaseOsSignals();
        loop.close();
    }

    private void markRan() {
        if (!ran) {
            ran = true;
            runWarning.ran();
        }
    }

    // ------------------------------------------------------------------ accessors

    /** The session whose handler is running, or the kernel outside handlers. */
    public Target activeSession() {
        checkThread("activeSession");
        return active();
    }

    /** The name of the event being handled, or the empty string outside handlers. */
    public String activeEvent() {
        checkThread("activeEvent");
        return currentEvent();
    }

    /** How many events are queued (timers and signals included). */
    public int eventCount() {
        checkThread("eventCount");
        return queue.userEntries();
    }

    /** When the next queued event is due, or empty if none is queued. */
    public Optional<Instant> nextEventTime() {
        checkThread("nextEventTime");
        long due = queue.exactNextDue();
        return due == Long.MAX_VALUE ? Optional.empty() : Optional.of(toInstant(due));
    }

    /** How many events this kernel has dispatched. */
    public long dispatchedCount() {
        return eventCount;
    }

    /** How many sessions are alive. */
    public int sessionCount() {
        checkThread("sessionCount");
        return sessions.count();
    }

    // ------------------------------------------------------------------ events

    /**
     * Posts an event: it is queued, first-in first-out. Thread-safe.
     *
     * @param dest  a {@link Session}, a session ID ({@code Long}/{@code Integer}), or an alias
     * @param event the event name
     * @param args  its arguments (the array is passed on as it is)
     * @return false if the destination is unknown (with {@code poe.assert.usage} on, that
     *         throws instead); from another thread, always true (resolved later)
     */
    public boolean post(Object dest, String event, Object... args) {
        return post0(dest, event, args);
    }

    /**
     * {@link #post(Object, String, Object...)} without arguments. Calls with none bind here,
     * so they allocate no empty varargs array (which the JIT does not always elide).
     *
     * @param dest  a {@link Session}, a session ID, or an alias
     * @param event the event name
     * @return false if the destination is unknown
     */
    public boolean post(Object dest, String event) {
        return post0(dest, event, EventContext.NO_ARGS);
    }

    // post and yield are kept small: the JIT inlines a method into its callers (handlers)
    // only while its compiled code is small (2.5 KB for an already compiled one), and a
    // handler often posts in two or three places. Inline is only the common case: a post
    // from a handler while the kernel dispatches, to a live session or a cached alias;
    // everything else is a call.
    private boolean post0(Object dest, String event, Object[] args) {
        EventContext cur = current;
        if (Thread.currentThread() == dispatchThread && cur != null && args != null && args.length == 0) {
            // the sender's last argument-less post, repeated (see Session.postedTo)
            Session from = cur.session;
            EventContext ev = from.postedContext;
            if (ev != null && from.postedTo == dest && ev.state == event && ev.fromState == cur.state
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
            EventContext ev = enqueueFromHandler(s, from, event, args, cur.state);
            if (ev.args == EventContext.NO_ARGS) {
                from.postedTo = dest;
                from.postedContext = ev;
                from.postedRoutes = routes;
            }
            return true;
        }
        return postSlow(dest, event, args);
    }

    private Session liveOrNull(Object dest) {
        return dest instanceof Session s && s.alive && s.kernel == this ? s : null;
    }

    private boolean postSlow(Object dest, String event, Object[] args) {
        if (Thread.currentThread() != dispatchThread && !loop.inLoopThread()) {
            return handOverPost(dest, event, args);
        }
        checkOpen("post");
        requireEvent(event);
        Session s = resolveOrNull(dest);
        if (s == null) {
            return unknownDestination("post", dest);
        }
        enqueue(s, active(), event, args == null ? EventContext.NO_ARGS : args, EventContext.POST);
        return true;
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

    /**
     * Posts an event to the active session (POE's {@code yield}). Call it qualified:
     * {@code kernel.yield(...)} ({@code yield} is a restricted identifier).
     *
     * @param event the event name
     * @param args  its arguments
     */
    public void yield(String event, Object... args) {
        yield0(event, args);
    }

    /**
     * {@link #yield(String, Object...)} without arguments, allocating no varargs array.
     *
     * @param event the event name
     */
    public void yield(String event) {
        yield0(event, EventContext.NO_ARGS);
    }

    private boolean handOverPost(Object dest, String event, Object[] args) {
        checkOpen("post");
        requireEvent(event);
        handOver(new Inbox.Item(Inbox.POST, dest, event, args));
        return true;
    }

    private void yield0(String event, Object[] args) {
        EventContext cur = current;
        if (Thread.currentThread() == dispatchThread && cur != null && event != null && args != null) {
            Session s = cur.session;
            enqueueFromHandler(s, s, event, args, cur.state);
            return;
        }
        yieldSlow(event, args);
    }

    private void yieldSlow(String event, Object[] args) {
        if (Thread.currentThread() != dispatchThread) {
            checkThread("yield");
        }
        requireEvent(event);
        EventContext cur = current;
        if (cur == null) {
            throw new IllegalStateException("yield(\"" + event + "\") needs an active session: call it from a handler,"
                    + " or use post(session, ...) outside handlers");
        }
        Session s = cur.session;
        enqueue(s, s, event, args == null ? EventContext.NO_ARGS : args, EventContext.POST);
    }

    /**
     * Calls an event's handler at once, ahead of everything queued, and returns its value.
     * With exception catching on, a handler's exception becomes a DIE signal to that
     * session and this returns null.
     *
     * @param dest  a {@link Session}, a session ID, or an alias
     * @param event the event name
     * @param args  its arguments
     * @return the handler's value ({@code _default}'s, if the event lands there), or null
     * @throws KernelException with {@link Errno#ESRCH} if the destination is unknown
     */
    public Object call(Object dest, String event, Object... args) {
        return call0(dest, event, args);
    }

    /**
     * {@link #call(Object, String, Object...)} without arguments, allocating no varargs array.
     *
     * @param dest  a {@link Session}, a session ID, or an alias
     * @param event the event name
     * @return the handler's value, or null
     */
    public Object call(Object dest, String event) {
        return call0(dest, event, EventContext.NO_ARGS);
    }

    private Object call0(Object dest, String event, Object[] args) {
        checkThread("call");
        requireEvent(event);
        Session s = resolveOrNull(dest);
        if (s == null) {
            throw new KernelException(Errno.ESRCH, "cannot call '" + event + "' on " + describe(dest)
                    + ": no such session");
        }
        boolean outside = current == null;
        EventContext ev = context(s, active(), event, args == null || args.length == 0 ? EventContext.NO_ARGS : args,
                EventContext.CALL);
        Object value;
        try {
            // a call changes no count: POE marks nobody for it (a session with nothing left
            // was marked when its last work went, and the batch's end collects it)
            value = invoke(s, ev);
        } catch (Fatal f) {
            if (outside) {
                // called from outside any handler: nothing else would rethrow it
                Kernel.<RuntimeException>sneakyThrow(f.getCause());
            }
            throw f;
        }
        if (outside) {
            rethrowFailure();
        }
        return value;
    }

    // ------------------------------------------------------------------ timers

    /**
     * Sets a timer by name at a wall-clock time, clearing the active session's other
     * timers of that name (POE's {@code alarm}).
     *
     * @param event        the event (and timer name)
     * @param epochSeconds when, in seconds since the epoch (a past time fires as soon as possible)
     * @param args         the event's arguments
     */
    public void alarm(String event, double epochSeconds, Object... args) {
        replaceNamedTimers("alarm", event, epochToNanos(epochSeconds), args);
    }

    /** {@link #alarm(String, double, Object...)} with an {@link Instant}. */
    public void alarm(String event, Instant when, Object... args) {
        replaceNamedTimers("alarm", event, toNanos(when), args);
    }

    /**
     * Clears the active session's timers of this name (POE's {@code alarm(name)} with no time).
     *
     * @param event the timer name
     */
    public void alarm(String event) {
        clearNamedTimers(timerSession("alarm", event), event);
    }

    /**
     * Adds a timer by name at a wall-clock time, keeping others of that name.
     *
     * @param event        the event
     * @param epochSeconds when
     * @param args         the event's arguments
     */
    public void alarmAdd(String event, double epochSeconds, Object... args) {
        addTimer(timerSession("alarmAdd", event), event, epochToNanos(epochSeconds), args);
    }

    /** {@link #alarmAdd(String, double, Object...)} with an {@link Instant}. */
    public void alarmAdd(String event, Instant when, Object... args) {
        addTimer(timerSession("alarmAdd", event), event, toNanos(when), args);
    }

    /**
     * Sets a timer by name some seconds from now, clearing the active session's other
     * timers of that name (POE's {@code delay}).
     *
     * @param event   the event
     * @param seconds how long from now
     * @param args    the event's arguments
     */
    public void delay(String event, double seconds, Object... args) {
        replaceNamedTimers("delay", event, fromNow(seconds), args);
    }

    /** {@link #delay(String, double, Object...)} with a {@link Duration}. */
    public void delay(String event, Duration delay, Object... args) {
        replaceNamedTimers("delay", event, fromNow(delay), args);
    }

    /**
     * Clears the active session's timers of this name.
     *
     * @param event the timer name
     */
    public void delay(String event) {
        clearNamedTimers(timerSession("delay", event), event);
    }

    /**
     * Adds a timer by name some seconds from now, keeping others of that name.
     *
     * @param event   the event
     * @param seconds how long from now
     * @param args    the event's arguments
     */
    public void delayAdd(String event, double seconds, Object... args) {
        addTimer(timerSession("delayAdd", event), event, fromNow(seconds), args);
    }

    /** {@link #delayAdd(String, double, Object...)} with a {@link Duration}. */
    public void delayAdd(String event, Duration delay, Object... args) {
        addTimer(timerSession("delayAdd", event), event, fromNow(delay), args);
    }

    /**
     * Sets a timer at a wall-clock time and returns its ID (POE's {@code alarm_set}).
     *
     * @param event        the event
     * @param epochSeconds when
     * @param args         the event's arguments
     * @return the timer's ID, for {@link #alarmRemove}, {@link #alarmAdjust}, {@link #delayAdjust}
     */
    public long alarmSet(String event, double epochSeconds, Object... args) {
        return addTimer(timerSession("alarmSet", event), event, epochToNanos(epochSeconds), args);
    }

    /** {@link #alarmSet(String, double, Object...)} with an {@link Instant}. */
    public long alarmSet(String event, Instant when, Object... args) {
        return addTimer(timerSession("alarmSet", event), event, toNanos(when), args);
    }

    /**
     * Sets a timer some seconds from now and returns its ID (POE's {@code delay_set}).
     *
     * @param event   the event
     * @param seconds how long from now
     * @param args    the event's arguments
     * @return the timer's ID
     */
    public long delaySet(String event, double seconds, Object... args) {
        return addTimer(timerSession("delaySet", event), event, fromNow(seconds), args);
    }

    /** {@link #delaySet(String, double, Object...)} with a {@link Duration}. */
    public long delaySet(String event, Duration delay, Object... args) {
        return addTimer(timerSession("delaySet", event), event, fromNow(delay), args);
    }

    /**
     * Moves a timer by some seconds (POE's {@code alarm_adjust}).
     *
     * @param timerId      the timer
     * @param deltaSeconds how far (negative: earlier)
     * @return the new due time, or empty if no such timer is pending
     * @throws KernelException with {@link Errno#EPERM} if the timer is another session's
     */
    public Optional<Instant> alarmAdjust(long timerId, double deltaSeconds) {
        Timer t = ownTimer("alarmAdjust", timerId);
        if (t == null) {
            return Optional.empty();
        }
        queue.adjustTimer(t, queue.due(t) + secondsToNanos(deltaSeconds));
        armIfIdle();
        return Optional.of(toInstant(queue.due(t)));
    }

    /**
     * Re-aims a timer at some seconds from now (POE's {@code delay_adjust}); works on
     * timers made by {@link #alarmSet} too.
     *
     * @param timerId the timer
     * @param seconds how long from now
     * @return the new due time, or empty if no such timer is pending
     */
    public Optional<Instant> delayAdjust(long timerId, double seconds) {
        Timer t = ownTimer("delayAdjust", timerId);
        if (t == null) {
            return Optional.empty();
        }
        queue.adjustTimer(t, fromNow(seconds));
        armIfIdle();
        return Optional.of(toInstant(queue.due(t)));
    }

    /**
     * Removes a timer by ID (POE's {@code alarm_remove}).
     *
     * @param timerId the timer
     * @return what it was, or empty if no such timer is pending (it fired or never was)
     * @throws KernelException with {@link Errno#EPERM} if the timer is another session's
     */
    public Optional<AlarmInfo> alarmRemove(long timerId) {
        Timer t = ownTimer("alarmRemove", timerId);
        if (t == null) {
            return Optional.empty();
        }
        AlarmInfo info = info(t);
        queue.removeTimer(t);
        unqueued(t.event);
        markIfDone(t.event.session);
        armIfIdle();
        return Optional.of(info);
    }

    /**
     * Removes every timer of the active session (POE's {@code alarm_remove_all}).
     *
     * @return what they were, in due order
     */
    public List<AlarmInfo> alarmRemoveAll() {
        Session s = timerSession("alarmRemoveAll", "*");
        if (s.timers == 0) {
            return List.of();
        }
        List<Timer> removed = queue.timers(t -> t.event.session == s);
        List<AlarmInfo> infos = new ArrayList<>(removed.size());
        for (Timer t : removed) {
            infos.add(info(t));
            queue.removeTimer(t);
            unqueued(t.event);
        }
        markIfDone(s);
        armIfIdle();
        return infos;
    }

    /**
     * The active session's pending timers, in due order (for tests and debugging).
     *
     * @return the timers
     */
    public List<AlarmInfo> alarmsPending() {
        Session s = timerSession("alarmsPending", "*");
        List<AlarmInfo> infos = new ArrayList<>();
        for (Timer t : queue.timers(t -> t.event.session == s)) {
            infos.add(info(t));
        }
        return infos;
    }

    // ------------------------------------------------------------------ aliases and IDs

    /**
     * Gives the active session an alias. Setting one it already has does nothing.
     *
     * @param alias the name
     * @throws KernelException with {@link Errno#EEXIST} if another session has it
     */
    public void aliasSet(String alias) {
        Session s = activeSession("aliasSet");
        requireName(alias, "alias");
        if (aliases.add(s, alias)) {
            s.refs++;
        }
    }

    /**
     * Removes one of the active session's aliases.
     *
     * @param alias the name
     * @throws KernelException {@link Errno#ESRCH} if unknown, {@link Errno#EPERM} if another
     *                         session's
     */
    public void aliasRemove(String alias) {
        Session s = activeSession("aliasRemove");
        requireName(alias, "alias");
        aliases.remove(s, alias);
        routes++;
        s.refs--;
        markIfDone(s);
    }

    /**
     * Finds the session an alias names.
     *
     * @param alias the name
     * @return the session, if any
     */
    public Optional<Session> aliasResolve(String alias) {
        checkThread("aliasResolve");
        return Optional.ofNullable(aliases.resolve(alias));
    }

    /**
     * Finds a session by anything that names one: a {@link Session}, an ID, or an alias.
     *
     * @param ref the reference
     * @return the session, if any
     */
    public Optional<Session> resolve(Object ref) {
        checkThread("resolve");
        return Optional.ofNullable(resolveOrNull(ref));
    }

    /** The active session's aliases, in no particular order. */
    public List<String> aliasList() {
        return Aliases.of(activeSession("aliasList"));
    }

    /**
     * A session's aliases, in no particular order.
     *
     * @param session a session, an ID or an alias
     * @return the aliases (empty for an unknown session)
     */
    public List<String> aliasList(Object session) {
        checkThread("aliasList");
        Session s = resolveOrNull(session);
        return s == null ? List.of() : Aliases.of(s);
    }

    /**
     * The session (or the kernel) with this ID.
     *
     * @param id an ID
     * @return the session or the kernel, if any
     */
    public Optional<Target> idToSession(long id) {
        checkThread("idToSession");
        if (id == KERNEL_ID) {
            return Optional.of(this);
        }
        return Optional.ofNullable(sessions.byId(id));
    }

    // ------------------------------------------------------------------ extra references

    /**
     * Adds one to a session's named reference count: while any count is non-zero the
     * session stays alive and the program does not go idle.
     *
     * @param sessionId the session
     * @param tag       the count's name
     * @return the new count
     * @throws KernelException with {@link Errno#ESRCH} for an unknown session
     */
    public int refcountIncrement(long sessionId, String tag) {
        return refcountAdd("refcountIncrement", sessionId, tag, 1);
    }

    /**
     * Subtracts one from a session's named reference count (it may go negative).
     *
     * @param sessionId the session
     * @param tag       the count's name
     * @return the new count
     * @throws KernelException with {@link Errno#ESRCH} for an unknown session
     */
    public int refcountDecrement(long sessionId, String tag) {
        return refcountAdd("refcountDecrement", sessionId, tag, -1);
    }

    // ------------------------------------------------------------------ session tree

    /**
     * Detaches the active session from its parent; it becomes a child of the kernel, with
     * its whole subtree. The old parent gets {@code _child("lose")}, then the session gets
     * {@code _parent(old, kernel)}.
     *
     * @throws KernelException with {@link Errno#EPERM} if its parent is the kernel already
     */
    public void detachMyself() {
        Session s = activeSession("detachMyself");
        if (!(s.parent instanceof Session)) {
            throw new KernelException(Errno.EPERM, s + " is already a child of the kernel");
        }
        // POE skips the _child(lose) when the active event is a _start (the parent never had _child(create))
        detach(s, "_start".equals(currentEvent()));
    }

    /**
     * Detaches a child of the active session; it becomes a child of the kernel.
     *
     * @param child a session, an ID or an alias
     * @throws KernelException {@link Errno#ESRCH} if unknown, {@link Errno#EPERM} if not a child
     *                         of the active session
     */
    public void detachChild(Object child) {
        Session s = activeSession("detachChild");
        Session c = resolveOrNull(child);
        if (c == null) {
            throw new KernelException(Errno.ESRCH, "cannot detach " + describe(child) + ": no such session");
        }
        if (c.parent != s) {
            throw new KernelException(Errno.EPERM, "cannot detach " + c + ": it is not a child of " + s);
        }
        detach(c, false);
    }

    /**
     * The active session's children.
     *
     * @return the children, in creation order
     */
    public List<Session> children() {
        Session s = activeSession("children");
        return s.children == null ? List.of() : List.copyOf(s.children);
    }

    /**
     * Adds, replaces or (with a null handler) removes a handler of the active session.
     *
     * @param event   the event
     * @param handler the new handler, or null to remove it
     */
    public void state(String event, Handler handler) {
        Session s = activeSession("state");
        requireEvent(event);
        if (handler == null) {
            s.ownStates().remove(event);
            return;
        }
        warnRedefined(s, event);
        s.ownStates().put(event, Session.State.of(handler));
    }

    /**
     * Adds or replaces a value-returning handler of the active session.
     *
     * @param event   the event
     * @param handler the new handler
     */
    public void stateValue(String event, ValueHandler handler) {
        Session s = activeSession("stateValue");
        requireEvent(event);
        warnRedefined(s, event);
        s.ownStates().put(event, new Session.State(Objects.requireNonNull(handler, "handler"), null));
    }

    /**
     * Adds or replaces a handler of the active session with a method of an object.
     *
     * @param event  the event
     * @param target the object
     * @param method the method's name (null: the event's name)
     */
    public void state(String event, Object target, String method) {
        Session s = activeSession("state");
        requireEvent(event);
        Class<?> type = target instanceof Class<?> c ? c : target.getClass();
        Object instance = target instanceof Class<?> ? null : target;
        warnRedefined(s, event);
        s.ownStates().put(event, new Session.State(
                SessionBuilder.methodHandler(type, instance, method == null ? event : method), target));
    }

    /**
     * Ties a resource to the active session: it is closed when the session stops, after
     * its {@code _stop} handler and its parent's {@code _child lose}, once its watchers,
     * timers and handlers are gone. This is how a stopped session's wheels go away, as
     * POE frees a stopped session's heap and the wheels in it. Tying a resource again is
     * harmless; {@link #untieFromSession} unties it (a wheel closed by hand does).
     *
     * <pre>{@code
     * SocketChannel socket = ...;
     * ev.kernel().tieToSession(socket);     // closed when this session stops
     * }</pre>
     *
     * @param resource the resource; its {@code close()} exceptions are logged
     * @throws KernelException (ESRCH) outside a handler
     */
    public void tieToSession(AutoCloseable resource) {
        Objects.requireNonNull(resource, "resource");
        Session s = activeSession("tieToSession");
        if (s.closeOnStop == null) {
            s.closeOnStop = new LinkedHashSet<>();
        }
        s.closeOnStop.add(resource);
    }

    /**
     * Unties a resource from the session it was tied to with {@link #tieToSession}; it
     * will not be closed when that session stops. Untying a resource that is not tied
     * does nothing.
     *
     * @param session  the session it was tied to
     * @param resource the resource
     */
    public void untieFromSession(Session session, AutoCloseable resource) {
        checkThread("untieFromSession");
        if (session.closeOnStop != null) {
            session.closeOnStop.remove(resource);
        }
    }

    /** Closes what was tied to a session that has stopped. */
    private void closeTied(Session s) {
        LinkedHashSet<AutoCloseable> tied = s.closeOnStop;
        s.closeOnStop = null;
        if (tied == null) {
            return;
        }
        for (AutoCloseable resource : tied) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + resource + " of stopped " + s + " failed", e);
            }
        }
    }

    // ------------------------------------------------------------------ I/O watchers

    /**
     * Watches a channel for read (or accept) readiness: while it is ready, the event is
     * dispatched with {@code arg(0)} the channel, {@code arg(1)} {@link IoMode#READ}, then
     * {@code args}. Registering again re-aims and resumes the watcher. The channel is made
     * non-blocking.
     *
     * @param channel the channel
     * @param event   the event
     * @param args    extra arguments
     */
    public void selectRead(SelectableChannel channel, String event, Object... args) {
        select("selectRead", channel, IoMode.READ, event, args);
    }

    /** Stops watching a channel for reading. */
    public void selectRead(SelectableChannel channel) {
        select("selectRead", channel, IoMode.READ, null, null);
    }

    /**
     * Watches a channel for write (or connect) readiness; see {@link #selectRead}.
     *
     * @param channel the channel
     * @param event   the event
     * @param args    extra arguments
     */
    public void selectWrite(SelectableChannel channel, String event, Object... args) {
        select("selectWrite", channel, IoMode.WRITE, event, args);
    }

    /** Stops watching a channel for writing. */
    public void selectWrite(SelectableChannel channel) {
        select("selectWrite", channel, IoMode.WRITE, null, null);
    }

    /**
     * Sets or clears both modes at once (POE's {@code select}); a null event clears that mode.
     *
     * @param channel    the channel
     * @param readEvent  the read event, or null
     * @param writeEvent the write event, or null
     * @param args       extra arguments for both
     */
    public void select(SelectableChannel channel, String readEvent, String writeEvent, Object... args) {
        select("select", channel, IoMode.READ, readEvent, args);
        select("select", channel, IoMode.WRITE, writeEvent, args);
    }

    /**
     * POE's out-of-band watcher: NIO has no equivalent.
     *
     * @param channel ignored
     * @param event   ignored
     * @param args    ignored
     * @throws UnsupportedOperationException always
     */
    public void selectExpedite(SelectableChannel channel, String event, Object... args) {
        throw new UnsupportedOperationException("selectExpedite: java.nio has no out-of-band (expedite) readiness;"
                + " watch the channel with selectRead instead");
    }

    /** Pauses a read watcher: it stays registered (and keeps its session alive). */
    public void selectPauseRead(SelectableChannel channel) {
        pause("selectPauseRead", channel, IoMode.READ, true);
    }

    /** Resumes a paused read watcher. */
    public void selectResumeRead(SelectableChannel channel) {
        pause("selectResumeRead", channel, IoMode.READ, false);
    }

    /** Pauses a write watcher. */
    public void selectPauseWrite(SelectableChannel channel) {
        pause("selectPauseWrite", channel, IoMode.WRITE, true);
    }

    /** Resumes a paused write watcher. */
    public void selectResumeWrite(SelectableChannel channel) {
        pause("selectResumeWrite", channel, IoMode.WRITE, false);
    }

    // ------------------------------------------------------------------ signals

    /**
     * Watches a signal for the active session: when it arrives, {@code event} is dispatched
     * with {@code arg(0)} the signal name, then the signal's arguments, then {@code args}.
     * Watching does not keep the session alive. Watching INT, TERM, HUP, USR1, USR2 or
     * WINCH hooks the OS signal too, while any session watches it.
     *
     * @param name  the signal, without "SIG"
     * @param event the event
     * @param args  extra arguments
     * @throws IllegalArgumentException if the JVM refuses the OS signal
     */
    public void sig(String name, String event, Object... args) {
        Session s = activeSession("sig");
        requireName(name, "signal name");
        if (event == null) {
            signals.unwatch(s, name);
            return;
        }
        signals.watch(s, name, event, args == null ? EventContext.NO_ARGS : args);
    }

    /**
     * Stops watching a signal.
     *
     * @param name the signal
     */
    public void sig(String name) {
        Session s = activeSession("sig");
        signals.unwatch(s, name);
    }

    /**
     * Marks the signal being dispatched as handled: a terminal signal then stops nobody.
     * Only meaningful inside a signal handler.
     */
    public void sigHandled() {
        checkThread("sigHandled");
        if (signalDepth > 0) {
            sigHandled = true;
        }
    }

    /**
     * Sends a signal to a session and its descendants, or (with the kernel as destination)
     * to every session. It is queued. Thread-safe.
     *
     * @param dest the kernel, a session, an ID or an alias
     * @param name the signal
     * @param args its arguments
     * @return false if the destination is unknown
     */
    public boolean signal(Object dest, String name, Object... args) {
        requireName(name, "signal name");
        if (!loop.inLoopThread()) {
            checkOpen("signal");
            handOver(new Inbox.Item(Inbox.SIGNAL, dest, name, args));
            return true;
        }
        Object[] sigArgs = prepend(name, args);
        // queued with the active session as its sender, which it keeps alive until the
        // signal is dispatched, as POE does (the watchers still see the kernel as SENDER)
        if (dest == this || (dest instanceof Number n && n.longValue() == KERNEL_ID) || this.name.equals(dest)) {
            enqueue(null, active(), name, sigArgs, EventContext.SIGNAL);
            return true;
        }
        Session s = resolveOrNull(dest);
        if (s == null) {
            return unknownDestination("signal", dest);
        }
        enqueue(s, active(), name, sigArgs, EventContext.SIGNAL);
        return true;
    }

    /**
     * Links a GUI window to the UIDESTROY signal: when it is closed, every session stops
     * and {@link #run()} returns. Needs a GUI loop.
     *
     * @param widget the window (JavaFX {@code Stage}, SWT {@code Shell})
     */
    public void signalUiDestroy(Object widget) {
        checkThread("signalUiDestroy");
        loop.attachUiDestroy(Objects.requireNonNull(widget, "widget"), () -> signal(this, "UIDESTROY", widget));
    }

    /**
     * Waits for a child process (POE's {@code sig_child}): when it exits, {@code event} is
     * posted to the active session with {@code arg(0)} "CHLD", {@code arg(1)} the pid,
     * {@code arg(2)} the exit code, then {@code args}. The watcher fires once and keeps the
     * session alive until then; one watcher per pid per session (registering again replaces
     * it). Every exit is also sent to the kernel as a CHLD signal (pid, exit code), see
     * {@link #watchProcess}.
     *
     * <pre>{@code
     * Process p = new ProcessBuilder("sh", "-c", "exit 3").start();
     * ev.kernel().sigChild(p, "reaped");     // later: reaped("CHLD", pid, 3)
     * }</pre>
     *
     * @param process the process
     * @param event   the event
     * @param args    extra arguments
     */
    public void sigChild(Process process, String event, Object... args) {
        Session s = activeSession("sigChild");
        Objects.requireNonNull(process, "process");
        requireEvent(event);
        children.waitFor(process);
        watchChild(s, process.pid(), event, args);
    }

    /**
     * Waits for any process by pid, as {@link #sigChild(Process, String, Object...)}. Java
     * can tell a process's exit code only through its {@link Process}: the code is -1
     * unless the process was also given to {@link #watchProcess} or
     * {@link #sigChild(Process, String, Object...)}.
     *
     * @param pid   the process ID
     * @param event the event
     * @param args  extra arguments
     */
    public void sigChild(long pid, String event, Object... args) {
        Session s = activeSession("sigChild");
        requireEvent(event);
        children.waitFor(pid);
        watchChild(s, pid, event, args);
    }

    /**
     * Stops the active session's wait for a child process; the session no longer stays
     * alive for it.
     *
     * @param pid the process ID
     */
    public void sigChild(long pid) {
        Session s = activeSession("sigChild");
        if (s.childWatches != null && s.childWatches.remove(pid) != null) {
            s.refs--;
            markIfDone(s);
        }
    }

    /**
     * Tells the kernel about a child process, so that its exit is sent to the kernel as a
     * {@code CHLD} signal with {@code arg(1)} the pid and {@code arg(2)} the exit code, which
     * sessions watch with {@code sig("CHLD", event)}. POE reaps every child of its process;
     * a JVM can only report the processes it is told about (wheels that start processes
     * do this for theirs). While such a process runs and some session watches CHLD or a
     * pid, the kernel is not idle. Watching alone keeps no session alive.
     *
     * <pre>{@code
     * ev.kernel().sig("CHLD", "child_exited");
     * ev.kernel().watchProcess(new ProcessBuilder("true").start());
     * }</pre>
     *
     * @param process the process
     */
    public void watchProcess(Process process) {
        checkThread("watchProcess");
        children.waitFor(Objects.requireNonNull(process, "process"));
    }

    // ================================================================== internals

    void checkThread(String method) {
        checkOpen(method);
        if (!loop.inLoopThread()) {
            throw new IllegalStateException(method + "() was called on thread '" + Thread.currentThread().getName()
                    + "', but this kernel belongs to " + loop.loopThreadName() + " (" + loop.name()
                    + " loop). From other threads use post(), signal(), stop() or a Postback.");
        }
    }

    Session createSession(HashMap<String, Session.State> states, HashMap<String, Object> options, Object heap,
                          Object[] args) {
        checkThread("SessionBuilder.create");
        if (!ran) {
            runWarning.sessionCreated();
        }
        Session s = new Session(this, sessions.nextId(), heap, states, options);
        Target parent = active();
        adopt(parent, s);
        sessions.add(s);
        if (Debug.TRACE_SESSIONS) {
            LOG.log(System.Logger.Level.INFO, "{0} created, parent {1}", s, parent);
        }
        EventContext start = new EventContext(this, s, parent, "_start", args, EventContext.CALL, currentEvent());
        s.starting = true;
        Object value;
        try {
            value = invoke(s, start);
        } catch (Fatal f) {
            // exception catching is off: _start threw; leave the session collectable
            s.starting = false;
            if (s.alive) {
                enqueueGcMark(s);
            }
            if (parent == this) {
                Kernel.<RuntimeException>sneakyThrow(f.getCause());
            }
            throw f;
        } finally {
            s.starting = false;
        }
        if (s.alive && s.parent == parent && parent instanceof Session p && p.alive) {
            invokeInternal(p, "_child", "create", s, value);
        }
        if (s.alive) {
            // POE's _garbage_collect, always: it keeps the session until it is dispatched,
            // and the batch that dispatches it collects the session if nothing else keeps it
            enqueueGcMark(s);
        }
        return s;
    }

    /** Called by postbacks and callbacks when made. */
    void holdAcquired(Session s) {
        s.refs++;
        s.holds++;
        holds++;
    }

    /** Called by postbacks and callbacks when released, from any thread. */
    void holdReleased(long sessionId) {
        if (!loop.inLoopThread()) {
            handOver(new Inbox.Item(Inbox.RELEASE_HOLD, sessionId, null, null));
            return;
        }
        Session s = sessions.byId(sessionId);
        if (s != null && s.holds > 0) {
            s.holds--;
            holds--;
            s.refs--;
            markIfDone(s);
        }
    }

    /** OS signal handler thread. */
    void signalFromOs(String name) {
        handOver(new Inbox.Item(Inbox.SIGNAL, this, name, EventContext.NO_ARGS));
    }

    /** An onExit() completion, on a JVM thread. */
    void childExited(long pid, int exitCode) {
        handOver(new Inbox.Item(Inbox.CHILD_EXIT, pid, null, new Object[] {exitCode}));
    }

    private void handOver(Inbox.Item item) {
        if (inbox.offer(item)) {
            loop.wakeup();
        }
    }

    /**
     * Takes up to a chunk of work from other threads into the queue. What is left waits for
     * the next timeslice, which the loop then starts at once (see Host.nextDueNanos): so a
     * flood from producer threads moves through the queue a chunk at a time instead of
     * growing it without bound.
     */
    private void drainInbox() {
        // poll, not isEmpty(): finding the inbox empty is what re-enables wakeups
        Inbox.Item item = inbox.poll();
        if (item == null) {
            return;
        }
        // one clock reading for the chunk, as for a batch (not one per item)
        now = Math.max(now, System.nanoTime());
        queue.clockMoved(now);
        boolean wasReading = postsReadClock;
        postsReadClock = queue.hasTimers();
        try {
            for (int n = 1; item != null; item = n++ < CHUNK_EVENTS ? inbox.poll() : null) {
                take(item);
            }
        } finally {
            postsReadClock = wasReading || queue.hasTimers();
        }
    }

    /** Carries out one request from another thread. */
    private void take(Inbox.Item item) {
        switch (item.kind()) {
            case Inbox.POST -> {
                Session s = resolveOrNull(item.dest());
                if (s != null) {
                    enqueue(s, this, item.name(), item.args() == null ? EventContext.NO_ARGS : item.args(),
                            EventContext.POST);
                } else if (Debug.TRACE_EVENTS || Debug.ASSERT_USAGE) {
                    LOG.log(System.Logger.Level.WARNING, "post of ''{0}'' from another thread to unknown {1} dropped",
                            item.name(), describe(item.dest()));
                }
            }
            case Inbox.SIGNAL -> signal(item.dest(), item.name(), item.args());
            case Inbox.STOP -> stopAll();
            case Inbox.RELEASE_HOLD -> holdReleased((Long) item.dest());
            case Inbox.CHILD_EXIT -> deliverChildExit((Long) item.dest(), (Integer) item.args()[0]);
            default -> throw new AssertionError(item);
        }
    }

    private void deliverChildExit(long pid, int exitCode) {
        if (!children.isWaiting(pid)) {
            return;
        }
        children.exited(pid);
        for (Session s : sessions.all()) {
            Session.SignalWatch w = s.childWatches == null ? null : s.childWatches.remove(pid);
            if (w != null) {
                Object[] args = new Object[3 + w.args().length];
                args[0] = "CHLD";
                args[1] = pid;
                args[2] = exitCode;
                System.arraycopy(w.args(), 0, args, 3, w.args().length);
                enqueue(s, this, w.event(), args, EventContext.SIG_CHILD);
                s.refs--;
            }
        }
        enqueue(null, this, "CHLD", new Object[] {"CHLD", pid, exitCode}, EventContext.SIGNAL);
    }

    private void watchChild(Session s, long pid, String event, Object[] args) {
        if (s.childWatches == null) {
            s.childWatches = new HashMap<>();
        }
        if (s.childWatches.put(pid, new Session.SignalWatch(event, args == null ? EventContext.NO_ARGS : args))
                == null) {
            s.refs++;
        }
    }

    // --- queueing

    private void enqueue(Session dest, Target sender, String event, Object[] args, byte kind) {
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
    private void enqueueGcMark(Session s) {
        s.queued++;
        toQueue(new EventContext(this, s, this, "_gc", EventContext.NO_ARGS, EventContext.GC_MARK, currentEvent()));
        queue.markPosted();
        armIfIdle();
    }

    private long addTimer(Session s, String event, long due, Object[] args) {
        // a pending timer keeps its arguments: share the empty array rather than the caller's
        Object[] kept = args == null || args.length == 0 ? EventContext.NO_ARGS : args;
        EventContext ev = context(s, s, event, kept, EventContext.TIMER);
        s.queued += 2;
        s.timers++;
        long id = queue.addTimer(ev, due).id;
        postsReadClock = true;
        armIfIdle();
        return id;
    }

    /**
     * The context for a queued event. Events without arguments that repeat the session's
     * previous one (same sender, name, kind and caller, as in a yield loop or a repeating
     * timer) share its context: a context is immutable, so sharing cannot be observed, and
     * the hot path allocates nothing.
     */
    private EventContext context(Session dest, Target sender, String event, Object[] args, byte kind) {
        String from = currentEvent();
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
        EventContext ev = new EventContext(this, dest, sender, event, args, kind, from);
        if (args == EventContext.NO_ARGS && dest != null) {
            dest.lastContext = ev;
        }
        return ev;
    }

    /** Undoes the reference counts of a queue entry that will not be dispatched. */
    private void unqueued(EventContext ev) {
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

    /** POE's alarm/delay: the active session's timers of that name give way to one new timer. */
    private void replaceNamedTimers(String method, String event, long due, Object[] args) {
        Session s = timerSession(method, event);
        clearNamedTimers(s, event);
        addTimer(s, event, due, args);
    }

    private void clearNamedTimers(Session s, String event) {
        if (s.timers == 0) {
            return;
        }
        List<Timer> removed = queue.removeTimersIf(t -> t.event.session == s && t.event.state.equals(event));
        for (Timer t : removed) {
            unqueued(t.event);
        }
        if (!removed.isEmpty()) {
            markIfDone(s);
        }
    }

    private void armIfIdle() {
        if (!dispatching) {
            arm();
        }
    }

    private void arm() {
        // work left in the inbox (a drain takes a chunk at a time): come back at once,
        // whether or not the loop asks nextDueNanos() before it waits
        // so do sessions marked for collection outside a batch: the next batch sweeps them
        long due = inbox.isEmpty() && marked.isEmpty() ? queue.nextDue() : now;
        if (due != armedDue) {
            armedDue = due;
            if (due == Long.MAX_VALUE) {
                loop.disarmTimer();
            } else {
                loop.armTimer(due);
            }
        }
    }

    // --- dispatching

    private void dispatchDue() {
        drainInbox();
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
            stopAll();
        }
        afterDispatch();
    }

    /**
     * Dispatches up to {@link #CHUNK_EVENTS} events due by {@link #sliceLimit}; false once
     * nothing more is due or a handler failed. A method of its own so that the JIT has few
     * values to keep across the inlined handlers (the timeslice's stay in the caller).
     */
    private boolean dispatchChunk() {
        long limit = sliceLimit;
        for (int budget = CHUNK_EVENTS; budget > 0; budget--) {
            EventContext ev = queue.poll(limit);
            if (ev == null) {
                // empty, or the head was posted (or came due) during this batch: go on
                // while something is due by now
                long clock = System.nanoTime();
                if (clock == limit || (ev = queue.poll(clock)) == null) {
                    return false;
                }
                sliceLimit = limit = clock;
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
                    traceDispatch(s, ev);
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

    /** A session ran out of work (POE's {@code _data_ses_refcount_dec} reaching zero): mark it. */
    private void mark(Session s) {
        if (pendingMark != null || pendingSender != null) {
            flushPendingMark();
        }
        marked.add(s);
        if (!dispatching) {
            // outside a batch: make sure one comes to sweep it
            arm();
        }
    }

    /** Marks the session if nothing keeps it (POE marks where a count drops to zero). */
    private void markIfDone(Session s) {
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
    private void sweep() {
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
                stopSession(s);
            }
        }
        if (busy != null) {
            marked.addAll(busy);
        }
    }

    private void afterDispatch() {
        armedDue = Long.MIN_VALUE;
        arm();
        if (sessions.count() == 0) {
            loop.halt();
        }
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
            case EventContext.SIGNAL -> dispatchSignal(ev);
            default -> queue.markTaken();   // a GC marker: only the count above
        }
        flushPendingMark();
    }

    private Object invoke(Session s, EventContext ev) {
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
        return invokeHandler(s, new EventContext(this, s, ev.sender, "_default", new Object[] {ev.state, ev.args()},
                EventContext.CALL, ev.fromState), st, ev);
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
            traceDispatch(s, ev);
        }
        try {
            return st.invoke(ev);
        } catch (Fatal f) {
            throw f;
        } catch (Throwable t) {
            return handlerFailed(s, original, t);
        } finally {
            current = prev;
            if (prev != null) {
                prev.session.dispatchDepth--;
            }
        }
    }

    private static void traceDispatch(Session s, EventContext ev) {
        LOG.log(System.Logger.Level.INFO, "dispatching ''{0}'' to {1} from {2}", ev.state, s, ev.sender);
    }

    /** The session whose handler runs now, or this kernel outside handlers. */
    private Target active() {
        EventContext cur = current;
        return cur == null ? this : cur.session;
    }

    /** The name of the event being handled now, or "" outside handlers. */
    private String currentEvent() {
        EventContext cur = current;
        return cur == null ? "" : cur.state;
    }

    private void invokeInternal(Session s, String event, Object... args) {
        invoke(s, new EventContext(this, s, this, event, args, EventContext.CALL, currentEvent()));
    }

    /**
     * A handler threw. {@code ev} is the event as dispatched (before any redirection to
     * {@code _default}), so a {@code _stop} or DIE handler reached through {@code _default}
     * is still one.
     */
    private Object handlerFailed(Session s, EventContext ev, Throwable t) {
        if (ev.kind == EventContext.SIGNAL && signalDepth > 0 && ev.args.length > 0 && "DIE".equals(ev.args[0])) {
            // a DIE handler failed: never signalled again (no loop); combined after the dispatch
            if (dieHandlerFailure == null) {
                dieHandlerFailure = t;
            } else if (dieHandlerFailure != t) {
                dieHandlerFailure.addSuppressed(t);
            }
            return null;
        }
        if ("_stop".equals(ev.state) || !s.alive || s.stopping || stoppingAll) {
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
        enqueue(s, this, "DIE", new Object[] {"DIE", DieInfo.of(t, s, ev)}, EventContext.SIGNAL);
        return null;
    }

    private void dispatchSignal(EventContext ev) {
        String name = (String) ev.args[0];
        Session target = ev.session;
        if (target != null && !target.alive) {
            return;
        }
        List<Session> set = new ArrayList<>();
        if (target == null) {
            set.addAll(sessions.roots());
        } else {
            set.add(target);
        }
        for (int i = 0; i < set.size(); i++) {
            LinkedHashSet<Session> kids = set.get(i).children;
            if (kids != null) {
                set.addAll(kids);
            }
        }
        int descendants = set.size();
        if ("DIE".equals(name) && target != null) {
            for (Target p = target.parent; p instanceof Session ps; p = ps.parent) {
                set.add(ps);
            }
        }
        boolean savedHandled = sigHandled;
        Throwable savedDieFailure = dieHandlerFailure;
        sigHandled = false;
        dieHandlerFailure = null;
        signalDepth++;
        boolean handled;
        Throwable dieFailure;
        try {
            // ancestors (DIE) last; descendants deepest first
            List<Session> order = new ArrayList<>(set.size());
            for (int i = descendants - 1; i >= 0; i--) {
                order.add(set.get(i));
            }
            order.addAll(set.subList(descendants, set.size()));
            // the watchers as they are now (POE copies its table before the walk): a handler
            // that stops or starts watching does not change who gets this signal
            Session.SignalWatch[] watches = new Session.SignalWatch[order.size()];
            for (int i = 0; i < watches.length; i++) {
                watches[i] = signals.watchOf(order.get(i), name);
            }
            for (int i = 0; i < watches.length; i++) {
                Session s = order.get(i);
                Session.SignalWatch w = watches[i];
                if (w == null || !s.alive) {
                    continue;
                }
                Object[] args = new Object[ev.args.length + w.args().length];
                System.arraycopy(ev.args, 0, args, 0, ev.args.length);
                System.arraycopy(w.args(), 0, args, ev.args.length, w.args().length);
                invoke(s, new EventContext(this, s, this, w.event(), args, EventContext.SIGNAL, ev.fromState));
            }
            handled = sigHandled;
            dieFailure = dieHandlerFailure;
        } finally {
            signalDepth--;
            sigHandled = savedHandled;
            dieHandlerFailure = savedDieFailure;
        }
        if ("IDLE".equals(name) && target == null && queue.entries() == 0 && watchers.count() == 0) {
            // IDLE changed nothing: the sessions left are zombies (POE checks the queue, GC
            // markers included, and the I/O watchers only)
            enqueue(null, this, "ZOMBIE", new Object[] {"ZOMBIE"}, EventContext.SIGNAL);
        }
        if ("DIE".equals(name)) {
            DieInfo die = ev.args.length > 1 && ev.args[1] instanceof DieInfo d ? d : null;
            if (!handled && die != null) {
                // unhandled: the original error first, then what DIE handlers threw
                if (dieFailure != null && dieFailure != die.error()) {
                    die.error().addSuppressed(dieFailure);
                }
                recordFailureFirst(die.error());
            } else if (dieFailure != null) {
                recordFailure(dieFailure);
            }
        }
        if (Signals.isNonmaskable(name) || (Signals.isTerminal(name) && !handled)) {
            // children before parents, then (DIE) the ancestors, nearest first
            for (int i = descendants - 1; i >= 0; i--) {
                stopSession(set.get(i));
            }
            for (int i = descendants; i < set.size(); i++) {
                stopSession(set.get(i));
            }
        }
    }

    // --- session lifetime

    private void adopt(Target parent, Session child) {
        child.parent = parent;
        if (parent instanceof Session p) {
            if (p.children == null) {
                p.children = new LinkedHashSet<>();
            }
            p.children.add(child);
            p.refs++;
        } else {
            sessions.roots().add(child);
        }
    }

    private void disown(Session child) {
        if (child.parent instanceof Session p) {
            p.children.remove(child);
            p.refs--;
        } else {
            sessions.roots().remove(child);
        }
        child.parent = null;
    }

    /**
     * Moves a child to the kernel, then notifies: {@code _child("lose")} to the old parent
     * (except for {@code detachMyself} from the child's own {@code _start}, as POE), and
     * {@code _parent} to the child. POE notifies before it moves, so a {@code _child}
     * handler that detaches again recurses without end there; moving first is a
     * deliberate difference (see compat-tests/README.md, "Deliberate differences").
     */
    private void detach(Session s, boolean fromOwnStart) {
        Session old = (Session) s.parent;
        disown(s);
        adopt(this, s);
        if (!fromOwnStart) {
            invokeInternal(old, "_child", "lose", s, null);
        }
        invokeInternal(s, "_parent", old, this);
        markIfDone(old);
    }

    /** Whether a handler of the session is running: the current one, or one a call interrupted. */
    private boolean isRunning(Session s) {
        EventContext cur = current;
        return s.dispatchDepth > 0 || cur != null && cur.session == s;
    }

    /**
     * Stops one session now (POE's {@code _data_ses_stop}); package-private for the NFA
     * machine's {@code stop()}. Its children hear of their new parent first, then it gets
     * {@code _stop} (SENDER the active session: the kernel in a sweep), then its parent
     * {@code _child("lose")}; then it is freed, and every child it still has (those made in
     * {@code _stop} too) moves to its parent. Sessions this leaves without work are marked,
     * and go in the same sweep.
     */
    void stopSession(Session s) {
        if (!s.alive || s.stopping) {
            return;
        }
        s.stopping = true;
        Target parent = s.parent;
        if (s.children != null) {
            for (Session c : new ArrayList<>(s.children)) {
                if (parent instanceof Session p && p.alive) {
                    invokeWhileStopping(p, new EventContext(this, p, this, "_child", new Object[] {"gain", c},
                            EventContext.CALL, currentEvent()));
                }
                invokeWhileStopping(c, new EventContext(this, c, this, "_parent", new Object[] {c.parent, parent},
                        EventContext.CALL, currentEvent()));
            }
        }
        Object value = invokeWhileStopping(s, new EventContext(this, s, active(), "_stop", EventContext.NO_ARGS,
                EventContext.CALL, currentEvent()));
        if (parent instanceof Session p && p.alive) {
            invokeWhileStopping(p, new EventContext(this, p, this, "_child", new Object[] {"lose", s, value},
                    EventContext.CALL, currentEvent()));
        }
        release(s);
        closeTied(s);
        if (Debug.TRACE_SESSIONS) {
            LOG.log(System.Logger.Level.INFO, "{0} stopped", s);
        }
    }

    /**
     * Invokes a handler on the way of a stop: a stop always completes, so an exception
     * unwinding with exception catching off is kept for run() to rethrow instead.
     */
    private Object invokeWhileStopping(Session s, EventContext ev) {
        try {
            return invoke(s, ev);
        } catch (Fatal f) {
            recordFailure(f.getCause());
            return null;
        }
    }

    /**
     * Frees a stopping session, in POE's order ({@code _data_ses_free}): off its parent
     * (which may run out of work), its children to that parent, then its watchers,
     * aliases, references and queued events. Sessions left without work are marked.
     */
    private void release(Session s) {
        Target parent = s.parent;
        disown(s);
        if (parent instanceof Session p) {
            markIfDone(p);
        }
        if (s.children != null) {
            for (Session c : new ArrayList<>(s.children)) {
                disown(c);
                adopt(parent, c);
            }
        }
        s.lastContext = null;
        watchers.removeAll(s);
        signals.unwatchAll(s);
        s.childWatches = null;
        aliases.removeAll(s);
        routes++;
        s.postedTo = null;
        s.postedContext = null;
        if (s.extraRefs != null) {
            for (int count : s.extraRefs.values()) {
                if (count != 0) {
                    nonzeroExtraRefs--;
                }
            }
            s.extraRefs = null;
        }
        holds -= s.holds;
        s.holds = 0;
        if (s.queued > 0) {
            for (EventContext ev : queue.removeIf(e -> e.session == s || e.sender == s)) {
                unqueued(ev);
                Session other = ev.session == s ? (ev.sender instanceof Session ss ? ss : null) : ev.session;
                if (other != null && other != s) {
                    markIfDone(other);
                }
            }
        }
        s.stopped();
        s.refs = 0;
        s.queued = 0;
        sessions.remove(s);
    }

    private void stopAll() {
        boolean saved = stoppingAll;
        stoppingAll = true;
        try {
            for (Session root : new ArrayList<>(sessions.roots())) {
                stopTree(root);
            }
        } finally {
            stoppingAll = saved;
        }
        queue.clear();
        if (!dispatching) {
            arm();
        }
        if (sessions.count() == 0) {
            loop.halt();
        }
    }

    private void stopTree(Session s) {
        if (s.children != null) {
            for (Session c : new ArrayList<>(s.children)) {
                stopTree(c);
            }
        }
        try {
            stopSession(s);
        } catch (Fatal f) {
            recordFailure(f.getCause());
        }
    }

    // --- failures

    private void recordFailure(Throwable t) {
        if (failure == null) {
            failure = t;
        } else if (failure != t) {
            failure.addSuppressed(t);
        }
    }

    /** Records an exception ahead of any recorded so far (those become suppressed by it). */
    private void recordFailureFirst(Throwable t) {
        Throwable earlier = failure;
        if (earlier != null && earlier != t) {
            t.addSuppressed(earlier);
        }
        failure = t;
    }

    private void rethrowFailure() {
        Throwable t = failure;
        if (t != null) {
            failure = null;
            Kernel.<RuntimeException>sneakyThrow(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    /** Carries a handler's exception past the catch that would turn it into DIE. */
    static final class Fatal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fatal(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    // --- helpers

    private Session resolveOrNull(Object ref) {
        if (ref instanceof Session) {
            return liveOrNull(ref);
        }
        if (ref instanceof String alias) {
            return aliases.resolve(alias);
        }
        if (ref instanceof Number n) {
            return sessions.byId(n.longValue());
        }
        return null;
    }

    private boolean unknownDestination(String what, Object dest) {
        if (Debug.ASSERT_USAGE) {
            throw new KernelException(Errno.ESRCH, what + " to " + describe(dest) + ": no such session");
        }
        return false;
    }

    private static String describe(Object ref) {
        if (ref instanceof String s) {
            return "alias '" + s + "'";
        }
        if (ref instanceof Number n) {
            return "session ID " + n;
        }
        return String.valueOf(ref);
    }

    private void checkOpen(String method) {
        if (closed) {
            throw new IllegalStateException("this kernel is closed: " + method + "() cannot be used after close();"
                    + " make a new one with Kernel.create()");
        }
    }

    private Session activeSession(String method) {
        checkThread(method);
        if (current != null) {
            Session s = current.session;
            return s;
        }
        throw new KernelException(Errno.ESRCH, method + "() works on the active session, and none is active:"
                + " call it from a handler");
    }

    private Session timerSession(String method, String event) {
        Session s = activeSession(method);
        requireName(event, "timer event");
        return s;
    }

    private Timer ownTimer(String method, long timerId) {
        Session s = activeSession(method);
        Timer t = queue.timer(timerId);
        if (t == null) {
            return null;
        }
        if (t.event.session != s) {
            throw new KernelException(Errno.EPERM, method + ": timer " + timerId + " belongs to " + t.event.session
                    + ", not to " + s);
        }
        return t;
    }

    /** What a pending timer is; call before removing it. */
    private AlarmInfo info(Timer t) {
        return new AlarmInfo(t.id, t.event.state, toInstant(queue.due(t)), t.event.args());
    }

    private int refcountAdd(String method, long sessionId, String tag, int delta) {
        checkThread(method);
        requireName(tag, "refcount tag");
        Session s = sessions.byId(sessionId);
        if (s == null) {
            throw new KernelException(Errno.ESRCH, method + ": no session with ID " + sessionId);
        }
        if (s.extraRefs == null) {
            s.extraRefs = new HashMap<>();
        }
        int before = s.extraRefs.getOrDefault(tag, 0);
        int after = before + delta;
        if (after == 0) {
            s.extraRefs.remove(tag);
        } else {
            s.extraRefs.put(tag, after);
        }
        if (before == 0 && after != 0) {
            nonzeroExtraRefs++;
            s.refs++;
        } else if (before != 0 && after == 0) {
            nonzeroExtraRefs--;
            s.refs--;
            markIfDone(s);
        }
        return after;
    }

    private void select(String method, SelectableChannel channel, IoMode mode, String event, Object[] args) {
        Session s = activeSession(method);
        Objects.requireNonNull(channel, "channel");
        if (event == null) {
            Session owner = watchers.ignore(channel, mode);
            if (owner != null) {
                // POE marks on every count that drops to zero, the active session's too
                markIfDone(owner);
            }
            return;
        }
        watchers.watch(s, channel, mode, event, args == null ? EventContext.NO_ARGS : args);
    }

    private void pause(String method, SelectableChannel channel, IoMode mode, boolean pause) {
        checkThread(method);
        watchers.pause(channel, mode, pause);
    }

    private void channelReady(SelectableChannel channel, IoMode mode) {
        Watchers.Watch w = watchers.find(channel, mode);
        if (w == null || w.paused) {
            return;
        }
        Object[] args = new Object[2 + w.args.length];
        args[0] = channel;
        args[1] = mode;
        System.arraycopy(w.args, 0, args, 2, w.args.length);
        Session s = w.session;
        eventCount++;
        try {
            invoke(s, new EventContext(this, s, s, w.event, args, EventContext.CALL, currentEvent()));
            markIfDone(s);
            if (current == null) {
                // POE sweeps after its I/O dispatches (FileHandles' _data_handle_enqueue_ready)
                sweep();
                if (sessions.count() == 0) {
                    loop.halt();
                }
            }
        } catch (Fatal f) {
            recordFailure(f.getCause());
        }
        if (failure != null) {
            stopAll();
        }
    }

    private void beginTimeslice() {
        drainInbox();
        if (sessions.count() > 0 && queue.entries() == 0 && watchers.count() == 0 && nonzeroExtraRefs == 0
                && holds == 0 && !awaitsChildren()) {
            // only sessions kept by aliases (or nothing at all) are left: IDLE, then ZOMBIE if
            // IDLE changed nothing (see dispatchSignal)
            enqueue(null, this, "IDLE", new Object[] {"IDLE"}, EventContext.SIGNAL);
        }
    }

    /**
     * Whether the kernel waits for child processes (POE's "kernel awaits pids"): some are
     * running, and some session watches a pid or the CHLD signal.
     */
    private boolean awaitsChildren() {
        if (children.pendingChildren() == 0) {
            return false;
        }
        if (!signals.watchersOf("CHLD").isEmpty()) {
            return true;
        }
        for (Session s : sessions.all()) {
            if (s.childWatches != null && !s.childWatches.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void warnRedefined(Session s, String event) {
        if (s.states.containsKey(event) && s.option("debug", false)) {
            LOG.log(System.Logger.Level.WARNING, "{0}: handler for ''{1}'' redefined", s, event);
        }
    }

    private static void requireEvent(String event) {
        if (event == null || event.isEmpty()) {
            throw new IllegalArgumentException("an event name is required (got " + (event == null ? "null" : "\"\"")
                    + ")");
        }
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new KernelException(Errno.EINVAL, "a " + what + " is required");
        }
    }

    private static Object[] prepend(String first, Object[] rest) {
        if (rest == null || rest.length == 0) {
            return new Object[] {first};
        }
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    // --- time

    /** How far from now a timer may be set: 100 years, well inside the nanosecond clock's range. */
    private static final double MAX_TIMER_SECONDS = 100 * 365.25 * 86_400;

    private long fromNow(double seconds) {
        return System.nanoTime() + secondsToNanos(seconds);
    }

    private long fromNow(Duration delay) {
        if (delay.abs().getSeconds() > MAX_TIMER_SECONDS) {
            throw absurdTime("a delay of " + delay);
        }
        return System.nanoTime() + delay.toNanos();
    }

    private static long secondsToNanos(double seconds) {
        if (!(Math.abs(seconds) <= MAX_TIMER_SECONDS)) {   // also NaN
            throw absurdTime("a delay of " + seconds + " seconds");
        }
        return (long) (seconds * 1e9);
    }

    private long epochToNanos(double epochSeconds) {
        if (!(Math.abs(epochSeconds - epochBase.getEpochSecond()) <= MAX_TIMER_SECONDS)) {   // also NaN
            throw absurdTime("an alarm at " + epochSeconds + " seconds since the epoch");
        }
        long whole = (long) Math.floor(epochSeconds);
        long nanos = (long) Math.round((epochSeconds - whole) * 1e9);
        return toNanos(Instant.ofEpochSecond(whole, nanos));
    }

    private long toNanos(Instant when) {
        if (Math.abs(when.getEpochSecond() - epochBase.getEpochSecond()) > MAX_TIMER_SECONDS) {
            throw absurdTime("an alarm at " + when);
        }
        return nanoBase + Duration.between(epochBase, when).toNanos();
    }

    private static IllegalArgumentException absurdTime(String what) {
        return new IllegalArgumentException(what + " is out of range: a timer's time must be a finite number"
                + " within 100 years of now (a time in the past fires as soon as possible)");
    }

    private Instant toInstant(long nanos) {
        return epochBase.plusNanos(nanos - nanoBase);
    }

    /** The kernel seen from its loop. */
    private final class Host implements LoopHost {
        @Override
        public void beginTimeslice() {
            Kernel.this.beginTimeslice();
        }

        @Override
        public void channelReady(SelectableChannel channel, IoMode mode) {
            Kernel.this.channelReady(channel, mode);
        }

        @Override
        public void dispatchDue() {
            Kernel.this.dispatchDue();
        }

        @Override
        public long nextDueNanos() {
            // the loop asks before it waits: from here on, work from other threads (posts,
            // OS signals, child exits) wakes it again, even if a wakeup was lost meanwhile
            // (work left in the inbox: "now", as a clock reading, for loops compare due times
            // by subtraction; Long.MIN_VALUE would overflow into the far future)
            return inbox.readyToWait() && marked.isEmpty() ? queue.nextDue() : now;
        }

        @Override
        public boolean hasSessions() {
            return sessions.count() > 0;
        }

        @Override
        public Throwable takeFailure() {
            Throwable t = failure;
            failure = null;
            return t;
        }
    }

    @Override
    public String toString() {
        return "Kernel[" + loop.name() + "]";
    }
}
