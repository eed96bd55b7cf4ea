package poe;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A session (POE::Session): a small state machine with a private heap, driven by events.
 *
 * <p>Sessions are made with a {@link SessionBuilder}; handlers may be lambdas, methods of an
 * object, or static methods of a class, mixed freely. A session lives while it has work:
 * queued events, timers, watchers, children, extra references, postbacks, or aliases (see
 * {@link Kernel} for the exact rules); then it gets {@code _stop} and is gone.
 *
 * <pre>{@code
 * Session counter = Session.builder()
 *     .on("_start", ev -> ev.kernel().yield("count", 1))
 *     .on("count", ev -> {
 *         int n = ev.arg(0);
 *         System.out.println(n);
 *         if (n < 10) ev.kernel().yield("count", n + 1);
 *     })
 *     .create(kernel);
 * }</pre>
 */
public final class Session implements Target {

    // Every field below is loop thread only. The mutable ones are the kernel's per-session state: each group
    // is written only by the class named (compat-tests' LayeringTest checks the resources' fields). The
    // declaration order is the historical one, kept so that the object's layout does not move under the hot path.

    final Kernel kernel;
    final long id;
    final Object heap;
    /** Handlers by event; shared with the builder's other sessions until changed (see {@link #ownStates}). */
    HashMap<String, State> states;
    /** Options; null until the session has one (most never do). */
    private HashMap<String, Object> options;

    /** The session tree: written by {@link Sessions} only. */
    Target parent;
    LinkedHashSet<Session> children;

    /**
     * What keeps the session alive besides its queue entries (watchers, aliases, child watches, ...); it lives
     * while {@code refs + queued > 0}. Written by the {@link Dispatcher} (the {@link SessionRefs} resources get)
     * and by {@link Sessions}.
     */
    int refs;
    /** Queue entries naming this session as destination or sender (a timer counts twice): Dispatcher, Timers. */
    int queued;
    /** Timers set by this session that are still pending: {@link Timers}, {@link Dispatcher}. */
    int timers;
    /** I/O watchers: {@link Watchers}'. */
    int watchers;
    /**
     * Handlers of this session interrupted by a nested call (or timeslice) and still on
     * the stack; the running one is the kernel's current context's, and not counted. {@link Dispatcher}'s.
     */
    int dispatchDepth;
    /** Postbacks and callbacks not yet released: {@link Extrefs}'. */
    int holds;
    /** In its {@code _start}; {@link Sessions}'. */
    boolean starting;
    /** The sweep round that last looked at this session (see Dispatcher#sweep): {@link Dispatcher}'s. */
    int sweptIn;
    /** Lifetime: {@link Sessions}' (through {@link #stopped()}). */
    boolean alive = true;
    boolean stopping;

    /**
     * A context may reuse the handler it cached while its key equals this:
     * {@link #NO_CACHE} when contexts must look the handler up each time (NFA sessions,
     * traced or stopped sessions), else the count of changes to {@link #states}. The
     * kernel's dispatch fast path checks only this.
     */
    int cacheKey;
    /** Changes to {@link #states}, counted from 1 and below Integer.MAX_VALUE (see {@link EventContext#handlerGen}). */
    private int statesGen = 1;

    /** The {@link #cacheKey} of a session whose handlers are looked up at every dispatch. */
    static final int NO_CACHE = Integer.MIN_VALUE;

    /** The {@code trace} option, kept as a flag: it is checked at every dispatch. */
    private boolean traced;

    /** The last argument-less event queued for this session, to share with an identical next one (Dispatcher's). */
    EventContext lastContext;

    /**
     * This session's last argument-less post from a handler: its destination as given
     * (alias, session), and the context queued. A repeat of that post (same destination
     * object, event and current event) queues the same context without resolving the
     * destination again, while the kernel's routes are as they were
     * ({@link #postedRoutes}): no alias has been removed and no session has stopped since. {@link Dispatcher}'s.
     */
    Object postedTo;
    EventContext postedContext;
    int postedRoutes;

    /**
     * Finds handlers by something other than the plain map (NFA states); null for plain
     * sessions. Set only through {@link #route}, which keeps {@link #cacheKey} right.
     */
    StateRouter router;

    /** {@link Aliases}'. */
    List<String> aliases;
    /** Named reference counts: {@link Extrefs}'. */
    HashMap<String, Integer> extraRefs;
    /** Signal and child-process watches: {@link Signals}'. */
    HashMap<String, SignalWatch> signalWatches;
    HashMap<Long, SignalWatch> childWatches;
    /** Resources closed when the session stops (wheels it owns); null until one is tied to it. {@link Sessions}'. */
    LinkedHashSet<AutoCloseable> closeOnStop;

    Session(Kernel kernel, long id, Object heap, HashMap<String, State> states, HashMap<String, Object> options) {
        this.kernel = kernel;
        this.id = id;
        this.heap = heap;
        this.states = states;
        this.options = options == null || options.isEmpty() ? null : options;
        this.traced = option("trace", false);
        updateCacheKey();
    }

    /** A builder for a new session. */
    public static SessionBuilder builder() {
        return new SessionBuilder();
    }

    @Override
    public long id() {
        return id;
    }

    /** The kernel the session belongs to. */
    public Kernel kernel() {
        return kernel;
    }

    /**
     * The session's heap, cast to what the caller expects.
     *
     * @param <H> the heap's type
     */
    @SuppressWarnings("unchecked")
    public <H> H heap() {
        return (H) heap;
    }

    /** Whether the session has not stopped yet. */
    public boolean isAlive() {
        return alive;
    }

    /**
     * A session option's current value (POE's {@code option(name)}): {@code trace},
     * {@code default}, {@code debug}, or any name of the application's own.
     *
     * @param name the option
     * @return its value, or null if unset
     */
    public Object option(String name) {
        return options == null ? null : options.get(name);
    }

    /**
     * Sets a session option and returns its previous value.
     *
     * @param name  the option
     * @param value the new value (null unsets it)
     * @return the previous value, or null
     */
    public Object option(String name, Object value) {
        kernel.checkThread("Session.option");
        if (options == null) {
            if (value == null) {
                return null;
            }
            options = new HashMap<>();
        }
        Object previous = value == null ? options.remove(name) : options.put(name, value);
        if ("trace".equals(name)) {
            traced = option("trace", false);
            updateCacheKey();
        }
        return previous;
    }

    /**
     * Sets several options at once.
     *
     * @param values option names to values
     * @return the previous values of those options
     */
    public Map<String, Object> options(Map<String, ?> values) {
        Map<String, Object> previous = new HashMap<>();
        values.forEach((k, v) -> previous.put(k, option(k, v)));
        return previous;
    }

    /**
     * A postback (POE's {@code $session->postback}): a thread-safe object that, when
     * invoked with some values, posts {@code event} to this session with two arguments:
     * the list of {@code args} given here and the list of values given at invocation. It
     * keeps the session alive until it is {@linkplain Postback#close() closed} (or
     * garbage-collected).
     *
     * @param event the event to post
     * @param args  values fixed now
     * @return the postback
     */
    public Postback postback(String event, Object... args) {
        kernel.checkThread("Session.postback");
        return new Postback(kernel, this, event, args);
    }

    /**
     * A callback (POE's {@code $session->callback}): like {@link #postback} but
     * synchronous: invoking it calls the handler at once and returns its value. Valid on
     * the kernel's thread only.
     *
     * @param event the event to call
     * @param args  values fixed now
     * @return the callback
     */
    public Callback callback(String event, Object... args) {
        kernel.checkThread("Session.callback");
        return new Callback(kernel, this, event, args);
    }

    /** Adds or replaces the handler for {@code event}, or (null) removes it: {@code Kernel#state}. */
    void define(String event, State state) {
        if (state == null) {
            ownStates().remove(event);
            return;
        }
        warnRedefined(event);
        ownStates().put(event, state);
    }

    /** Warns (with the {@code debug} option) that a handler is being replaced. */
    void warnRedefined(String event) {
        if (states.containsKey(event) && option("debug", false)) {
            System.getLogger("poe.Kernel").log(System.Logger.Level.WARNING, "{0}: handler for ''{1}'' redefined",
                    this, event);
        }
    }

    /** The {@code trace} option, cheaply: most sessions set no option at all. */
    boolean tracing() {
        return traced;
    }

    boolean option(String name, boolean fallback) {
        Object v = options == null ? null : options.get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.intValue() != 0;
        }
        return !v.toString().isEmpty() && !"0".equals(v.toString()) && !"false".equalsIgnoreCase(v.toString());
    }

    /**
     * From the ID: cheaper than an identity hash, which the JVM computes and stores on first
     * use (sessions sit in hash sets of children and roots). Equality stays identity.
     */
    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public String toString() {
        return "Session[" + id + (aliases != null && !aliases.isEmpty() ? " " + aliases.get(0) : "") + "]";
    }

    /**
     * The handler table, for changing it. Sessions made by one builder share its table
     * (most never change theirs); the first change gives the session its own copy.
     */
    HashMap<String, State> ownStates() {
        if (++statesGen == Integer.MAX_VALUE) {
            statesGen = 1;
        }
        updateCacheKey();
        if (states instanceof SharedStates) {
            states = new HashMap<>(states);
        }
        return states;
    }

    /** Routes handler lookups through {@code r} from now on (an NFA session). */
    void route(StateRouter r) {
        router = r;
        updateCacheKey();
    }

    /** The session has stopped: contexts still holding it must not skip any check. */
    void stopped() {
        alive = false;
        updateCacheKey();
    }

    private void updateCacheKey() {
        cacheKey = router != null || traced || !alive ? NO_CACHE : statesGen;
    }

    /** The handler for an event, or null. */
    State lookup(String event) {
        return router == null ? states.get(event) : router.lookup(this, event);
    }

    /** Handler lookup for session kinds whose handlers depend on more than the event name. */
    interface StateRouter {
        State lookup(Session session, String event);
    }

    /**
     * A builder's handler table as its sessions share it: read-only, so that a change
     * through anything but {@link Session#ownStates()} fails instead of reaching every
     * session made by that builder.
     */
    static final class SharedStates extends HashMap<String, State> {
        private static final long serialVersionUID = 1L;

        SharedStates(Map<String, State> handlers) {
            super(handlers);
        }

        private static UnsupportedOperationException readOnly() {
            return new UnsupportedOperationException("a session's shared handler table is read-only;"
                    + " change it through Session.ownStates()");
        }

        @Override
        public State put(String key, State value) {
            throw readOnly();
        }

        @Override
        public void putAll(Map<? extends String, ? extends State> m) {
            throw readOnly();
        }

        @Override
        public State putIfAbsent(String key, State value) {
            throw readOnly();
        }

        @Override
        public State remove(Object key) {
            throw readOnly();
        }

        @Override
        public boolean remove(Object key, Object value) {
            throw readOnly();
        }

        @Override
        public void clear() {
            throw readOnly();
        }

        @Override
        public State replace(String key, State value) {
            throw readOnly();
        }

        @Override
        public boolean replace(String key, State oldValue, State newValue) {
            throw readOnly();
        }

        @Override
        public void replaceAll(BiFunction<? super String, ? super State, ? extends State> f) {
            throw readOnly();
        }

        @Override
        public State compute(String key,
                             BiFunction<? super String, ? super State, ? extends State> f) {
            throw readOnly();
        }

        @Override
        public State computeIfAbsent(String key, Function<? super String, ? extends State> f) {
            throw readOnly();
        }

        @Override
        public State computeIfPresent(String key,
                                      BiFunction<? super String, ? super State, ? extends State> f) {
            throw readOnly();
        }

        @Override
        public State merge(String key, State value,
                           BiFunction<? super State, ? super State, ? extends State> f) {
            throw readOnly();
        }
    }

    /**
     * A handler and the object it belongs to (for {@link EventContext#object()}). A plain
     * {@link Handler} is kept as it is rather than wrapped, so a dispatch makes one call.
     */
    static final class State {
        private final Handler plain;
        private final ValueHandler valued;
        private final Object object;

        State(ValueHandler handler, Object object) {
            this.plain = null;
            this.valued = Objects.requireNonNull(handler, "handler");
            this.object = object;
        }

        private State(Handler handler) {
            this.plain = Objects.requireNonNull(handler, "handler");
            this.valued = null;
            this.object = null;
        }

        /** An inline handler with no value. */
        static State of(Handler handler) {
            return new State(handler);
        }

        Object object() {
            return object;
        }

        /** Runs the handler; its value, or null for a plain handler. */
        Object invoke(EventContext ev) throws Exception {
            if (plain != null) {
                plain.handle(ev);
                return null;
            }
            return valued.handle(ev);
        }
    }

    /** A {@code sig()} or {@code sigChild()} registration. */
    record SignalWatch(String event, Object[] args) {
    }
}
