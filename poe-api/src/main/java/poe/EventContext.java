package poe;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One event being handled: POE's {@code @_}. A handler gets exactly one per dispatch.
 *
 * <pre>{@code
 * .on("got_line", ev -> {
 *     String line = ev.arg(0);
 *     MyHeap heap = ev.heap();
 *     heap.lines.add(line);
 *     ev.kernel().post(ev.sender(), "ack", line.length());
 * })
 * }</pre>
 *
 * <p>An {@code EventContext} is immutable and may be kept, e.g. captured by a lambda that
 * runs later; read it on the kernel's thread. Identical events (same session, sender,
 * name and caller, no arguments) may share one context object.
 */
public final class EventContext {

    // Kinds of queue entries; the context doubles as the kernel's queue entry.
    static final byte POST = 0;
    static final byte TIMER = 1;
    static final byte SIGNAL = 2;
    static final byte GC_MARK = 3;
    static final byte CALL = 4;
    static final byte SIG_CHILD = 5;
    /**
     * A session's call to itself. POE runs it in place ({@code _invoke_state}, not
     * {@code _dispatch_event}), so the active event stays the caller's: see
     * {@link #activeState}.
     */
    static final byte SELF_CALL = 6;
    /** An event redirected to {@code _default}: the active event is still the event's own name. */
    static final byte DEFAULT = 7;

    static final Object[] NO_ARGS = new Object[0];

    final Kernel kernel;
    final Session session;
    final Target sender;
    final String state;
    final Object[] args;
    final byte kind;
    final String fromState;
    /**
     * {@link #activeState()}, worked out once: the post and yield fast paths compare it per
     * event, and a plain field read there measured faster (ping-pong) than the branch on the
     * kind it replaces.
     */
    private final String active;

    /**
     * The handler this context was last dispatched to, and the key it was found under
     * ({@link #handlerKey}): while the key still holds, a shared context (see
     * Dispatcher#context) skips the lookup. 0 until a handler is cached.
     */
    Session.State handler;
    int handlerGen;

    /**
     * The key under which this context may reuse its cached handler: the session's
     * {@link Session#cacheKey} for a posted event, its complement for any other kind.
     * Cache keys of cacheable sessions lie in [1, Integer.MAX_VALUE), so a posted event's
     * key is positive, any other's below -1, and neither is 0 or {@link Session#NO_CACHE}:
     * {@code handlerGen == session.cacheKey} alone tells the kernel's fast path that this
     * is a posted event, with its handler cached, to a live plain session.
     */
    int handlerKey() {
        int key = session.cacheKey;
        return kind == POST ? key : ~key;
    }

    EventContext(Kernel kernel, Session session, Target sender, String state, Object[] args, byte kind,
                 String fromState) {
        this.kernel = kernel;
        this.session = session;
        this.sender = sender;
        this.state = state;
        this.args = args;
        this.kind = kind;
        this.fromState = fromState;
        this.active = kind < SELF_CALL ? state : kind == SELF_CALL ? fromState : (String) args[0];
    }

    /** The kernel dispatching this event. */
    public Kernel kernel() {
        return kernel;
    }

    /** The session handling this event (POE's {@code SESSION}). */
    public Session session() {
        return session;
    }

    /**
     * The session's heap (POE's {@code HEAP}), cast to what the caller expects.
     *
     * @param <H> the heap's type
     */
    @SuppressWarnings("unchecked")
    public <H> H heap() {
        return (H) session.heap;
    }

    /**
     * Who sent the event (POE's {@code SENDER}): a session, or the kernel for signals and
     * for events posted from outside any handler or from another thread.
     */
    public Target sender() {
        return sender;
    }

    /** The event's name as this handler was registered for it (POE's {@code STATE}). */
    public String state() {
        return state;
    }

    /**
     * For handlers registered as object methods, the object; for static methods, the
     * {@link Class}; null for inline handlers (POE's {@code OBJECT}).
     */
    public Object object() {
        Session.State h = handler;
        return h == null ? null : h.object();
    }

    /**
     * The active event while this context's handler runs (POE's {@code get_active_event},
     * and the caller state of what it sends): the event's name, except in a session's call
     * to itself, which POE runs in place under the caller's active event (so a
     * {@code detachMyself} there from {@code _start} is still from {@code _start}), and in
     * {@code _default}, where it stays the name of the event that had no handler.
     */
    String activeState() {
        return active;
    }

    /** The name of the event that was being handled when this one was sent, or null. */
    public String callerState() {
        return fromState;
    }

    /** How many arguments the event carries. */
    public int argCount() {
        return args.length;
    }

    /**
     * One argument (POE's {@code ARG0}, {@code ARG1}, ...), of the type the caller expects:
     * {@code int n = ev.arg(0);}, {@code List<String> names = ev.arg(1);}. Call it with the
     * index only; the compiler fills in {@code expected}, an empty array whose type tells
     * this method what the caller expects.
     *
     * <p>Passed on alone as another call's varargs, as in
     * {@code ev.kernel().delay("retry", 0.5, ev.arg(1))}, it is one argument: Java reads a
     * lone generic value there as the whole {@code Object[]} of arguments, so when the
     * caller expects exactly {@code Object[]} and the argument is not one, it comes wrapped
     * as a one-element array (and an {@code Object[]} argument is passed as it is, as Java
     * would). Any other mismatch is a {@link ClassCastException} naming the argument, the
     * event, its type and the expected one, thrown here rather than at an invisible cast
     * in the caller.
     *
     * @param index    from 0
     * @param expected leave out: filled in by the compiler
     * @param <T>      the argument's expected type
     * @return the argument, or null if the event carries fewer
     * @throws ClassCastException if the argument is not of the expected type
     */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    public final <T> T arg(int index, T... expected) {
        Object value = index < args.length ? args[index] : null;
        Class<?> type = expected.getClass().getComponentType();
        if (type == Object.class || value == null && type != Object[].class) {
            return (T) value;
        }
        if (type.isInstance(value)) {
            return (T) value;
        }
        if (type == Object[].class) {
            return (T) new Object[] {value};   // a lone argument passed on as varargs
        }
        throw new ClassCastException("arg(" + index + ") of '" + state + "' is a " + value.getClass().getName()
                + ", not the " + type.getName() + " the handler expects");
    }

    /** All arguments, unmodifiable. */
    public List<Object> args() {
        return args.length == 0 ? List.of() : Collections.unmodifiableList(Arrays.asList(args));
    }

    @Override
    public String toString() {
        return "EventContext[" + state + " -> " + session + " from " + sender + ", args="
                + Arrays.toString(args) + "]";
    }
}
