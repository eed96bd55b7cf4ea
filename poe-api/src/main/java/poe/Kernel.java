package poe;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import poe.internal.Inbox;
import poe.loop.IoMode;
import poe.loop.Loop;
import poe.loop.Loops;

/**
 * The kernel (POE::Kernel): dispatches events to sessions, keeps timers, watches channels, delivers signals, and runs
 * on a {@link Loop}.
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
 * A kernel is confined to its loop's thread: every handler runs there and the dispatch path takes no locks.
 * {@link #post}, {@link #signal}, {@link #stop()} and invoking a {@link Postback} may be called from any thread; they
 * go through one inbox and wake the loop. Every other method called from another thread throws
 * {@link IllegalStateException} naming the method and the loop's thread.
 *
 * <h2>Errors</h2>
 * Lookups that may fail in normal operation return {@link Optional} or {@code false}; misuse throws
 * {@link KernelException} with POE's error code, or {@link IllegalArgumentException}.
 *
 * <h2>Order</h2>
 * One total order by (due time, sequence): posted events are first-in, first-out; timers fire in due order, equal due
 * times in the order they were set; a timer whose time has passed goes before events posted after it came due. A
 * timeslice dispatches what is due when it starts, then goes on with events posted meanwhile up to a fairness budget,
 * so a busy chain of events does not pay a poll of the loop per event (the order is the same).
 */
public final class Kernel implements Target, AutoCloseable {

    /** The kernel's own ID: it can be addressed like a session. */
    public static final long KERNEL_ID = 0;

    // --- any thread (final; each says what it allows)
    private final Loop loop;
    /** See {@link #kernelId()}. */
    private final String name;
    private final Mailbox mailbox;
    private final Clock clock = new Clock();
    /** K3-RUN-6. */
    private final RunWarning runWarning = new RunWarning(this::kernelId);
    /** Set by {@link #close()}: every later use is an error saying so. */
    private volatile boolean closed;

    // --- loop thread only: the engine and the resources (POE::Resource::*), each owning its tables
    private final Dispatcher dispatcher;
    private final SessionTable sids = new SessionTable();
    private final Watchers watchers;
    private final Signals signals;
    private final ChildProcesses children;
    /** Package-private for postbacks and callbacks, whose holds are extra references. */
    final Extrefs extrefs;
    /** Package-private for the NFA machine's {@code stop()}, which stops its session at once. */
    final Sessions sessions;
    private final Timers timers;

    private Kernel(Loop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.name = KernelName.next();
        this.mailbox = new Mailbox(loop);
        this.dispatcher = new Dispatcher(this, loop, mailbox.inbox, sids, clock.nanoBase);
        this.watchers = new Watchers(loop, dispatcher);
        this.signals = new Signals(dispatcher, sids, mailbox);
        this.children = new ChildProcesses(mailbox);
        this.extrefs = new Extrefs(dispatcher, sids, mailbox);
        this.sessions = new Sessions(this, dispatcher, new QueuedEvents(dispatcher.queue, dispatcher), sids, watchers,
                signals, extrefs, loop);
        this.timers = new Timers(dispatcher, dispatcher.queue, clock);
        dispatcher.attach(sessions, signals, watchers);
        loop.initialize(new KernelHost(this, dispatcher, mailbox, sids, sessions, watchers, signals, children,
                extrefs));
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

    /** A kernel on this loop, which must be new (not initialized by another kernel). */
    public static Kernel create(Loop loop) {
        return new Kernel(loop);
    }

    /**
     * The kernel's address among session IDs, {@link #KERNEL_ID} for every kernel (so {@code idToSession(0)} and
     * {@code post(0L, ...)} reach it). For the kernel's own identity use {@link #kernelId()}.
     */
    @Override
    public long id() {
        return KERNEL_ID;
    }

    /**
     * This kernel's unique name, as POE's {@code $kernel->ID}: the host name, then the creation time, the process ID
     * and a sequence number, each in hex ({@code myhost-6b15d31c-000011c8-00000001}). Unique among the kernels of a
     * process and across processes of a host; {@link #signal} accepts it as the kernel's address.
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
     * Runs until no session is left, then returns. Returns at once if there is none. If a handler's exception went
     * unhandled (see {@link #sig}), it is rethrown here, after every session has stopped; the kernel can run again
     * afterwards. An interrupt of the running thread does not end the kernel (that is {@link #stop()}); its status is
     * kept for the caller.
     *
     * @throws IllegalStateException inside a handler (a nested run would return only once
     *                               every session had stopped: use {@link #runOneTimeslice()}),
     *                               or after {@link #close()}
     */
    public void run() {
        checkOpen("run");
        runWarning.ran();
        Checks.requireNotNested(dispatcher.current, loop);
        sessions.stopAllIfFailed();
        if (sids.count() > 0) {
            loop.run();
        }
        dispatcher.rethrowFailure();
    }

    /**
     * Runs one timeslice: waits until something is due (timers, ready channels, work from other threads), then
     * dispatches it. For programs that drive the kernel from their own loop.
     *
     * @return false once no session is left (then it returns at once)
     */
    public boolean runOneTimeslice() {
        checkOpen("runOneTimeslice");
        runWarning.ran();
        sessions.stopAllIfFailed();
        if (sids.count() > 0) {
            loop.doTimeslice();
        }
        dispatcher.rethrowFailure();
        return sids.count() > 0;
    }

    /** Runs timeslices while {@code condition} holds (checked before each) and sessions are left. */
    public void runWhile(BooleanSupplier condition) {
        while (condition.getAsBoolean() && runOneTimeslice()) {
            // keep going
        }
    }

    /**
     * Stops every session, descendants first (each gets {@code _stop}, and its parent {@code _child("lose")}),
     * empties the queue and releases every resource; {@link #run()} then returns. Harmless when nothing runs.
     * Thread-safe: from another thread it is handed to the kernel's thread.
     */
    public void stop() {
        if (!loop.inLoopThread()) {
            mailbox.handOver(new Inbox.Item(Inbox.STOP, null, null, null));
            return;
        }
        sessions.stopAll();
    }

    /**
     * Turns POE's exception catching on (the default) or off. Off, a handler's exception does not become a DIE
     * signal: it unwinds through any {@link #call} in progress, no other event is dispatched, every session is
     * stopped (as POE does) and {@link #run()} or {@link #runOneTimeslice()} rethrows it. Defaults to the system
     * property {@code poe.catch.exceptions}.
     */
    public void catchExceptions(boolean on) {
        checkThread("catchExceptions");
        dispatcher.catchExceptions = on;
    }

    /** Releases the loop (and any OS signal still hooked). The kernel cannot be used afterwards. */
    @Override
    public void close() {
        runWarning.closed();
        closed = true;
        signals.releaseOsSignals();
        sessions.reportLeaks();
        loop.close();
    }

    // ------------------------------------------------------------------ accessors

    /** The session whose handler is running, or the kernel outside handlers. */
    public Target activeSession() {
        checkThread("activeSession");
        return dispatcher.active();
    }

    /** The name of the event being handled, or the empty string outside handlers. */
    public String activeEvent() {
        checkThread("activeEvent");
        return dispatcher.currentEvent();
    }

    /** How many events are queued (timers and signals included). */
    public int eventCount() {
        checkThread("eventCount");
        return dispatcher.queue.userEntries();
    }

    /** When the next queued event is due, or empty if none is queued. */
    public Optional<Instant> nextEventTime() {
        checkThread("nextEventTime");
        return timers.nextEventTime();
    }

    /** How many events this kernel has dispatched. */
    public long dispatchedCount() {
        return dispatcher.eventCount;
    }

    /** How many sessions are alive. */
    public int sessionCount() {
        checkThread("sessionCount");
        return sids.count();
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
     * {@link #post(Object, String, Object...)} without arguments. Calls with none bind here, so they allocate no
     * empty varargs array (which the JIT does not always elide).
     */
    public boolean post(Object dest, String event) {
        return post0(dest, event, EventContext.NO_ARGS);
    }

    // post and yield are kept small: the JIT inlines a method into its callers (handlers)
    // only while its compiled code is small; the dispatcher's fast path (a post from a
    // handler while the kernel dispatches) is inlined here, and everything else is a call.
    private boolean post0(Object dest, String event, Object[] args) {
        return dispatcher.post(dest, event, args) || postSlow(dest, event, args);
    }

    private boolean postSlow(Object dest, String event, Object[] args) {
        if (!dispatcher.inDispatchThread() && !loop.inLoopThread()) {
            checkOpen("post");
            Checks.requireEvent(event);
            mailbox.post(dest, event, args);
            return true;
        }
        checkOpen("post");
        Checks.requireEvent(event);
        Session s = dispatcher.resolve(dest);
        if (s == null) {
            return Checks.unknownDestination("post", dest);
        }
        dispatcher.enqueue(s, dispatcher.active(), event, args == null ? EventContext.NO_ARGS : args,
                EventContext.POST);
        return true;
    }

    /**
     * Posts {@code event} with {@code args} to the active session (POE's {@code yield}). Call it qualified:
     * {@code kernel.yield(...)} ({@code yield} is a restricted identifier).
     */
    public void yield(String event, Object... args) {
        yield0(event, args);
    }

    /** {@link #yield(String, Object...)} without arguments, allocating no varargs array. */
    public void yield(String event) {
        yield0(event, EventContext.NO_ARGS);
    }

    private void yield0(String event, Object[] args) {
        if (!dispatcher.yield(event, args)) {
            yieldSlow(event, args);
        }
    }

    private void yieldSlow(String event, Object[] args) {
        if (!dispatcher.inDispatchThread()) {
            checkThread("yield");
        }
        Checks.requireEvent(event);
        EventContext cur = dispatcher.current;
        if (cur == null) {
            throw new IllegalStateException("yield(\"" + event + "\") needs an active session: call it from a handler,"
                    + " or use post(session, ...) outside handlers");
        }
        Session s = cur.session;
        dispatcher.enqueue(s, s, event, args == null ? EventContext.NO_ARGS : args, EventContext.POST);
    }

    /**
     * Calls an event's handler at once, ahead of everything queued, and returns its value. With exception catching
     * on, a handler's exception becomes a DIE signal to that session and this returns null.
     *
     * @param dest a {@link Session}, a session ID, or an alias
     * @return the handler's value ({@code _default}'s, if the event lands there), or null
     * @throws KernelException with {@link Errno#ESRCH} if the destination is unknown
     */
    public Object call(Object dest, String event, Object... args) {
        return call0(dest, event, args);
    }

    /** {@link #call(Object, String, Object...)} without arguments, allocating no varargs array. */
    public Object call(Object dest, String event) {
        return call0(dest, event, EventContext.NO_ARGS);
    }

    private Object call0(Object dest, String event, Object[] args) {
        checkThread("call");
        Checks.requireEvent(event);
        Session s = dispatcher.resolve(dest);
        if (s == null) {
            throw new KernelException(Errno.ESRCH, "cannot call '" + event + "' on " + Checks.describe(dest)
                    + ": no such session");
        }
        return dispatcher.call(s, event, args);
    }

    // ------------------------------------------------------------------ timers
    // Timers belong to the active session. A time in the past fires as soon as possible; a time more
    // than 100 years away, or NaN, is an IllegalArgumentException. Event names are timer names.

    /**
     * Sets a timer by name at {@code epochSeconds} (seconds since the epoch), clearing the active session's other
     * timers of that name (POE's {@code alarm}); the event carries {@code args}.
     */
    public void alarm(String event, double epochSeconds, Object... args) {
        replaceTimers("alarm", event, clock.epochToNanos(epochSeconds), args);
    }

    /** {@link #alarm(String, double, Object...)} with an {@link Instant}. */
    public void alarm(String event, Instant when, Object... args) {
        replaceTimers("alarm", event, clock.toNanos(when), args);
    }

    /** Clears the active session's timers named {@code event} (POE's {@code alarm(name)} with no time). */
    public void alarm(String event) {
        timers.clear(timerSession("alarm", event), event);
    }

    /** Adds a timer by name at {@code epochSeconds}, keeping others of that name (POE's {@code alarm_add}). */
    public void alarmAdd(String event, double epochSeconds, Object... args) {
        timers.add(timerSession("alarmAdd", event), event, clock.epochToNanos(epochSeconds), args);
    }

    /** {@link #alarmAdd(String, double, Object...)} with an {@link Instant}. */
    public void alarmAdd(String event, Instant when, Object... args) {
        timers.add(timerSession("alarmAdd", event), event, clock.toNanos(when), args);
    }

    /**
     * Sets a timer by name {@code seconds} from now, clearing the active session's other timers of that name (POE's
     * {@code delay}); the event carries {@code args}.
     */
    public void delay(String event, double seconds, Object... args) {
        replaceTimers("delay", event, clock.fromNow(seconds), args);
    }

    /** {@link #delay(String, double, Object...)} with a {@link Duration}. */
    public void delay(String event, Duration delay, Object... args) {
        replaceTimers("delay", event, clock.fromNow(delay), args);
    }

    /** Clears the active session's timers named {@code event}. */
    public void delay(String event) {
        timers.clear(timerSession("delay", event), event);
    }

    /** Adds a timer by name {@code seconds} from now, keeping others of that name (POE's {@code delay_add}). */
    public void delayAdd(String event, double seconds, Object... args) {
        timers.add(timerSession("delayAdd", event), event, clock.fromNow(seconds), args);
    }

    /** {@link #delayAdd(String, double, Object...)} with a {@link Duration}. */
    public void delayAdd(String event, Duration delay, Object... args) {
        timers.add(timerSession("delayAdd", event), event, clock.fromNow(delay), args);
    }

    /**
     * Sets a timer at {@code epochSeconds} (POE's {@code alarm_set}).
     *
     * @return the timer's ID, for {@link #alarmRemove}, {@link #alarmAdjust}, {@link #delayAdjust}
     */
    public long alarmSet(String event, double epochSeconds, Object... args) {
        return timers.add(timerSession("alarmSet", event), event, clock.epochToNanos(epochSeconds), args);
    }

    /** {@link #alarmSet(String, double, Object...)} with an {@link Instant}. */
    public long alarmSet(String event, Instant when, Object... args) {
        return timers.add(timerSession("alarmSet", event), event, clock.toNanos(when), args);
    }

    /**
     * Sets a timer {@code seconds} from now (POE's {@code delay_set}).
     *
     * @return the timer's ID
     */
    public long delaySet(String event, double seconds, Object... args) {
        return timers.add(timerSession("delaySet", event), event, clock.fromNow(seconds), args);
    }

    /** {@link #delaySet(String, double, Object...)} with a {@link Duration}. */
    public long delaySet(String event, Duration delay, Object... args) {
        return timers.add(timerSession("delaySet", event), event, clock.fromNow(delay), args);
    }

    /**
     * Moves a timer by {@code deltaSeconds}, negative for earlier (POE's {@code alarm_adjust}).
     *
     * @return the new due time, or empty if no such timer is pending
     * @throws KernelException with {@link Errno#EPERM} if the timer is another session's
     */
    public Optional<Instant> alarmAdjust(long timerId, double deltaSeconds) {
        return timers.move(activeSession("alarmAdjust"), "alarmAdjust", timerId, deltaSeconds, false);
    }

    /**
     * Re-aims a timer at {@code seconds} from now (POE's {@code delay_adjust}); works on timers made by
     * {@link #alarmSet} too.
     *
     * @return the new due time, or empty if no such timer is pending
     */
    public Optional<Instant> delayAdjust(long timerId, double seconds) {
        return timers.move(activeSession("delayAdjust"), "delayAdjust", timerId, seconds, true);
    }

    /**
     * Removes a timer by ID (POE's {@code alarm_remove}).
     *
     * @return what it was, or empty if no such timer is pending (it fired or never was)
     * @throws KernelException with {@link Errno#EPERM} if the timer is another session's
     */
    public Optional<AlarmInfo> alarmRemove(long timerId) {
        return timers.remove(activeSession("alarmRemove"), "alarmRemove", timerId);
    }

    /** Removes every timer of the active session (POE's {@code alarm_remove_all}); returns them in due order. */
    public List<AlarmInfo> alarmRemoveAll() {
        return timers.removeAll(timerSession("alarmRemoveAll", "*"));
    }

    /** The active session's pending timers, in due order (for tests and debugging). */
    public List<AlarmInfo> alarmsPending() {
        return timers.pending(timerSession("alarmsPending", "*"));
    }

    /** POE's alarm/delay; the due time is computed (and checked) before the active session. */
    private void replaceTimers(String method, String event, long due, Object[] args) {
        timers.replace(timerSession(method, event), event, due, args);
    }

    // ------------------------------------------------------------------ aliases and IDs

    /**
     * Gives the active session an alias; setting one it already has does nothing.
     *
     * @throws KernelException with {@link Errno#EEXIST} if another session has it
     */
    public void aliasSet(String alias) {
        dispatcher.aliases.add(namedSession("aliasSet", alias, "alias"), alias);
    }

    /**
     * Removes one of the active session's aliases.
     *
     * @throws KernelException {@link Errno#ESRCH} if unknown, {@link Errno#EPERM} if another session's
     */
    public void aliasRemove(String alias) {
        dispatcher.aliases.remove(namedSession("aliasRemove", alias, "alias"), alias);
    }

    /** The session an alias names, if any. */
    public Optional<Session> aliasResolve(String alias) {
        checkThread("aliasResolve");
        return Optional.ofNullable(dispatcher.aliases.resolve(alias));
    }

    /** The session that anything naming one names (a {@link Session}, an ID, or an alias), if any. */
    public Optional<Session> resolve(Object ref) {
        checkThread("resolve");
        return Optional.ofNullable(dispatcher.resolve(ref));
    }

    /** The active session's aliases, in no particular order. */
    public List<String> aliasList() {
        return Aliases.of(activeSession("aliasList"));
    }

    /** The aliases of a session (a session, an ID or an alias), in no particular order; empty if unknown. */
    public List<String> aliasList(Object session) {
        checkThread("aliasList");
        return Aliases.of(dispatcher.resolve(session));
    }

    /** The session (or the kernel) with this ID, if any. */
    public Optional<Target> idToSession(long id) {
        checkThread("idToSession");
        return id == KERNEL_ID ? Optional.of(this) : Optional.ofNullable(sids.byId(id));
    }

    // ------------------------------------------------------------------ extra references

    /**
     * Adds one to a session's reference count named {@code tag}: while any count is non-zero the session stays alive
     * and the program does not go idle.
     *
     * @return the new count
     * @throws KernelException with {@link Errno#ESRCH} for an unknown session
     */
    public int refcountIncrement(long sessionId, String tag) {
        return refcountAdd("refcountIncrement", sessionId, tag, 1);
    }

    /**
     * Subtracts one from a session's reference count named {@code tag} (it may go negative).
     *
     * @return the new count
     * @throws KernelException with {@link Errno#ESRCH} for an unknown session
     */
    public int refcountDecrement(long sessionId, String tag) {
        return refcountAdd("refcountDecrement", sessionId, tag, -1);
    }

    // ------------------------------------------------------------------ session tree

    /**
     * Detaches the active session from its parent; it becomes a child of the kernel, with its whole subtree. The old
     * parent gets {@code _child("lose")}, then the session gets {@code _parent(old, kernel)}.
     *
     * @throws KernelException with {@link Errno#EPERM} if its parent is the kernel already
     */
    public void detachMyself() {
        sessions.detachMyself(activeSession("detachMyself"));
    }

    /**
     * Detaches a child (a session, an ID or an alias) of the active session; it becomes a child of the kernel.
     *
     * @throws KernelException {@link Errno#ESRCH} if unknown, {@link Errno#EPERM} if not a child of the active one
     */
    public void detachChild(Object child) {
        sessions.detachChild(activeSession("detachChild"), child, dispatcher.resolve(child));
    }

    /** The active session's children, in creation order. */
    public List<Session> children() {
        return sessions.children(activeSession("children"));
    }

    /** Adds, replaces or (with a null handler) removes the active session's handler for {@code event}. */
    public void state(String event, Handler handler) {
        eventSession("state", event).define(event, handler == null ? null : Session.State.of(handler));
    }

    /** Adds or replaces the active session's value-returning handler for {@code event}. */
    public void stateValue(String event, ValueHandler handler) {
        eventSession("stateValue", event).define(event, new Session.State(handler, null));
    }

    /**
     * Adds or replaces the active session's handler for {@code event} with a method of {@code target} (an object, or
     * a class for a static method) named {@code method} (null: the event's name).
     */
    public void state(String event, Object target, String method) {
        eventSession("state", event).define(event, SessionBuilder.methodState(target, method == null ? event : method));
    }

    /**
     * Ties a resource to the active session: it is closed when the session stops, after its {@code _stop} handler and
     * its parent's {@code _child lose}, once its watchers, timers and handlers are gone (its {@code close()}
     * exceptions are logged). This is how a stopped session's wheels go away, as POE frees a stopped session's heap
     * and the wheels in it. Tying a resource again is harmless; {@link #untieFromSession} unties it (a wheel closed
     * by hand does).
     *
     * <pre>{@code
     * SocketChannel socket = ...;
     * ev.kernel().tieToSession(socket);     // closed when this session stops
     * }</pre>
     *
     * @throws KernelException (ESRCH) outside a handler
     */
    public void tieToSession(AutoCloseable resource) {
        Objects.requireNonNull(resource, "resource");
        sessions.tie(activeSession("tieToSession"), resource);
    }

    /**
     * Unties a resource from the session it was tied to with {@link #tieToSession}: it will not be closed when that
     * session stops. Untying a resource that is not tied does nothing.
     */
    public void untieFromSession(Session session, AutoCloseable resource) {
        checkThread("untieFromSession");
        sessions.untie(session, resource);
    }

    // ------------------------------------------------------------------ I/O watchers

    /**
     * Watches a channel for read (or accept) readiness: while it is ready, {@code event} is dispatched with
     * {@code arg(0)} the channel, {@code arg(1)} {@link IoMode#READ}, then {@code args}. Registering again re-aims
     * and resumes the watcher. The channel is made non-blocking.
     */
    public void selectRead(SelectableChannel channel, String event, Object... args) {
        select("selectRead", channel, IoMode.READ, event, args);
    }

    /** Stops watching a channel for reading. */
    public void selectRead(SelectableChannel channel) {
        select("selectRead", channel, IoMode.READ, null, null);
    }

    /** Watches a channel for write (or connect) readiness; see {@link #selectRead}. */
    public void selectWrite(SelectableChannel channel, String event, Object... args) {
        select("selectWrite", channel, IoMode.WRITE, event, args);
    }

    /** Stops watching a channel for writing. */
    public void selectWrite(SelectableChannel channel) {
        select("selectWrite", channel, IoMode.WRITE, null, null);
    }

    /** Sets or clears both modes at once (POE's {@code select}); a null event clears that mode. */
    public void select(SelectableChannel channel, String readEvent, String writeEvent, Object... args) {
        select("select", channel, IoMode.READ, readEvent, args);
        select("select", channel, IoMode.WRITE, writeEvent, args);
    }

    /**
     * POE's out-of-band watcher: NIO has no equivalent.
     *
     * @throws UnsupportedOperationException always
     */
    public void selectExpedite(SelectableChannel channel, String event, Object... args) {
        throw Checks.noExpedite();
    }

    /** Pauses a read watcher: it stays registered (and keeps its session alive). */
    public void selectPauseRead(SelectableChannel channel) {
        checkThread("selectPauseRead");
        watchers.pause(channel, IoMode.READ, true);
    }

    /** Resumes a paused read watcher. */
    public void selectResumeRead(SelectableChannel channel) {
        checkThread("selectResumeRead");
        watchers.pause(channel, IoMode.READ, false);
    }

    /** Pauses a write watcher. */
    public void selectPauseWrite(SelectableChannel channel) {
        checkThread("selectPauseWrite");
        watchers.pause(channel, IoMode.WRITE, true);
    }

    /** Resumes a paused write watcher. */
    public void selectResumeWrite(SelectableChannel channel) {
        checkThread("selectResumeWrite");
        watchers.pause(channel, IoMode.WRITE, false);
    }

    // ------------------------------------------------------------------ signals

    /**
     * Watches the signal {@code name} (without "SIG") for the active session: when it arrives, {@code event} is
     * dispatched with {@code arg(0)} the signal name, then the signal's arguments, then {@code args}. Watching does
     * not keep the session alive. Watching INT, TERM, HUP, USR1, USR2 or WINCH hooks the OS signal too, while any
     * session watches it.
     *
     * @throws IllegalArgumentException if the JVM refuses the OS signal
     */
    public void sig(String name, String event, Object... args) {
        signals.watch(namedSession("sig", name, "signal name"), name, event, args);
    }

    /** Stops the active session's watching of a signal. */
    public void sig(String name) {
        signals.unwatch(activeSession("sig"), name);
    }

    /** Marks the signal being dispatched as handled: a terminal signal then stops nobody (in signal handlers). */
    public void sigHandled() {
        checkThread("sigHandled");
        dispatcher.delivery.sigHandled();
    }

    /**
     * Sends a signal to a session (a session, an ID or an alias) and its descendants, or (with the kernel as
     * destination) to every session. It is queued. Thread-safe.
     *
     * @return false if the destination is unknown
     */
    public boolean signal(Object dest, String name, Object... args) {
        Checks.requireName(name, "signal name");
        if (!loop.inLoopThread()) {
            checkOpen("signal");
            mailbox.handOver(new Inbox.Item(Inbox.SIGNAL, dest, name, args));
            return true;
        }
        boolean toKernel = dest == this || (dest instanceof Number n && n.longValue() == KERNEL_ID)
                || this.name.equals(dest);
        return dispatcher.delivery.send(dest, toKernel, name, args);
    }

    /**
     * Links a GUI window (JavaFX {@code Stage}, SWT {@code Shell}) to the UIDESTROY signal: when it is closed, every
     * session stops and {@link #run()} returns. Needs a GUI loop.
     */
    public void signalUiDestroy(Object widget) {
        checkThread("signalUiDestroy");
        loop.attachUiDestroy(Objects.requireNonNull(widget, "widget"), () -> signal(this, "UIDESTROY", widget));
    }

    /**
     * Waits for a child process (POE's {@code sig_child}): when it exits, {@code event} is posted to the active
     * session with {@code arg(0)} "CHLD", {@code arg(1)} the pid, {@code arg(2)} the exit code, then {@code args}.
     * The watcher fires once and keeps the session alive until then; one watcher per pid per session (registering
     * again replaces it). Every exit is also sent to the kernel as a CHLD signal (pid, exit code), see
     * {@link #watchProcess}.
     *
     * <pre>{@code
     * Process p = new ProcessBuilder("sh", "-c", "exit 3").start();
     * ev.kernel().sigChild(p, "reaped");     // later: reaped("CHLD", pid, 3)
     * }</pre>
     */
    public void sigChild(Process process, String event, Object... args) {
        Session s = eventSession("sigChild", event);
        children.waitFor(Objects.requireNonNull(process, "process"));
        signals.watchChild(s, process.pid(), event, args);
    }

    /**
     * Waits for any process by pid, as {@link #sigChild(Process, String, Object...)}. Java can tell a process's exit
     * code only through its {@link Process}: the code is -1 unless the process was also given to
     * {@link #watchProcess} or {@link #sigChild(Process, String, Object...)}.
     */
    public void sigChild(long pid, String event, Object... args) {
        Session s = eventSession("sigChild", event);
        children.waitFor(pid);
        signals.watchChild(s, pid, event, args);
    }

    /** Stops the active session's wait for a child process; the session no longer stays alive for it. */
    public void sigChild(long pid) {
        signals.unwatchChild(activeSession("sigChild"), pid);
    }

    /**
     * Tells the kernel about a child process, so that its exit is sent to the kernel as a {@code CHLD} signal with
     * {@code arg(1)} the pid and {@code arg(2)} the exit code, which sessions watch with {@code sig("CHLD", event)}.
     * POE reaps every child of its process; a JVM can only report the processes it is told about (wheels that start
     * processes do this for theirs). While such a process runs and some session watches CHLD or a pid, the kernel is
     * not idle. Watching alone keeps no session alive.
     *
     * <pre>{@code
     * ev.kernel().sig("CHLD", "child_exited");
     * ev.kernel().watchProcess(new ProcessBuilder("true").start());
     * }</pre>
     */
    public void watchProcess(Process process) {
        checkThread("watchProcess");
        children.waitFor(Objects.requireNonNull(process, "process"));
    }

    // ================================================================== internals

    void checkThread(String method) {
        checkOpen(method);
        if (!loop.inLoopThread()) {
            throw Checks.wrongThread(method, loop);
        }
    }

    /** For {@link SessionBuilder} and {@link NfaBuilder}: a new session, started. */
    Session createSession(HashMap<String, Session.State> states, HashMap<String, Object> options, Object heap,
                          Object[] args) {
        checkThread("SessionBuilder.create");
        runWarning.sessionCreated();
        return sessions.start(new Session(this, sids.nextId(), heap, states, options), args);
    }

    private void checkOpen(String method) {
        if (closed) {
            throw Checks.closed(method);
        }
    }

    private Session activeSession(String method) {
        checkThread(method);
        EventContext current = dispatcher.current;
        if (current == null) {
            throw Checks.noActiveSession(method);
        }
        return current.session;
    }

    private Session timerSession(String method, String event) {
        return namedSession(method, event, "timer event");
    }

    /** The active session, for a method that takes a name (an alias, a signal, a timer). */
    private Session namedSession(String method, String name, String what) {
        Session s = activeSession(method);
        Checks.requireName(name, what);
        return s;
    }

    private Session eventSession(String method, String event) {
        Session s = activeSession(method);
        Checks.requireEvent(event);
        return s;
    }

    private int refcountAdd(String method, long sessionId, String tag, int delta) {
        checkThread(method);
        Checks.requireName(tag, "refcount tag");
        return extrefs.add(method, sessionId, tag, delta);
    }

    private void select(String method, SelectableChannel channel, IoMode mode, String event, Object[] args) {
        watchers.select(activeSession(method), Objects.requireNonNull(channel, "channel"), mode, event, args);
    }

    @Override
    public String toString() {
        return "Kernel[" + loop.name() + "]";
    }
}
