package poe;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A state machine session (POE::NFA): its handlers are grouped into named states, and only
 * the current state's handlers see events. The machine's heap is called its runstate; it
 * persists across states.
 *
 * <p>An NFA is an ordinary {@link Session} underneath, so posts, calls, aliases, timers,
 * I/O watchers, signals and postbacks work as for any session; its handlers get the
 * ordinary {@link EventContext} ({@code ev.heap()} is the runstate, {@code ev.state()} the
 * event's name) and reach the machine with {@link #of(EventContext) Nfa.of(ev)}.
 *
 * <pre>{@code
 * Nfa door = Nfa.builder()
 *     .state("closed", s -> s
 *         .on("enter", ev -> ev.kernel().delay("open", 2.0))    // entry event of "closed"
 *         .on("open", ev -> Nfa.of(ev).gotoState("open", "enter")))
 *     .state("open", s -> s
 *         .on("enter", ev -> ev.kernel().delay("close", 1.0))
 *         .on("close", ev -> {
 *             Counts counts = ev.heap();                         // the runstate
 *             if (++counts.cycles < 3) {
 *                 Nfa.of(ev).gotoState("closed", "enter");
 *             } else {
 *                 Nfa.of(ev).stop();
 *             }
 *         }))
 *     .runstate(new Counts())
 *     .initialState("closed", "enter")
 *     .spawn(kernel);
 * kernel.run();
 * }</pre>
 *
 * <h2>Dispatch</h2>
 * An event goes to the current state's handler for it; else to a machine-wide handler
 * installed with {@link Kernel#state(String, Handler)} (wheels and other helpers attach
 * that way); else to the current state's {@code _default} (with {@code arg(0)} the event's
 * name and {@code arg(1)} its arguments, as for sessions). An event that finds none of
 * these is an error: the handler lookup throws {@link IllegalStateException}, which
 * becomes a DIE signal like any handler's exception. {@code _start} and {@code _stop} never
 * reach an NFA's handlers; use the initial state's entry event instead. {@code _child},
 * {@code _parent} and signal events follow the normal lookup, so an NFA that creates child
 * sessions wants a {@code _child} handler or a {@code _default} in its states.
 *
 * <h2>Transitions</h2>
 * {@link #gotoState} enters a state and dispatches its entry event, if named, to it. It is
 * deferred (posted) once the machine has a state: the rest of the current handler, and
 * events already queued, still see the old state. The very first transition, before the
 * machine has any state, happens at once. With the option {@code immediate} set, every
 * transition happens at once. Leaving a state that has a {@code leave} handler runs it
 * first. {@link #callState} and {@link #returnState} keep a stack of states, like a
 * subroutine call: {@code returnState(values...)} goes back to the state that called and
 * dispatches the return event there with the values as arguments.
 *
 * <p>Event names starting with {@code poe_nfa_} are reserved for the machine's own
 * transitions. Use the machine on the kernel's thread, except {@link #postEvent} and
 * {@link #stop()}, which are thread-safe.
 */
public final class Nfa {

    static final String GOTO_STATE = "poe_nfa_goto_state";
    static final String PUSH_STATE = "poe_nfa_push_state";
    static final String POP_STATE = "poe_nfa_pop_state";
    static final String STOP = "poe_nfa_stop";
    static final String RESERVED_PREFIX = "poe_nfa_";
    static final String LEAVE = "leave";
    static final String DEFAULT = "_default";

    private final Kernel kernel;
    private final Map<String, Map<String, Session.State>> states;
    private final Router router = new Router();
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private Session session;
    private Map<String, Session.State> current;
    private String currentName;

    Nfa(Kernel kernel, Map<String, Map<String, Session.State>> states) {
        this.kernel = kernel;
        this.states = states;
    }

    /** A builder for a new state machine. */
    public static NfaBuilder builder() {
        return new NfaBuilder();
    }

    /**
     * The machine handling an event (POE's {@code MACHINE}).
     *
     * <pre>{@code
     * .on("pushed", ev -> Nfa.of(ev).gotoState("on", "enter", ev.sender()))
     * }</pre>
     *
     * @param ev the event being handled
     * @return its machine
     * @throws IllegalArgumentException if the session handling it is not an NFA
     */
    public static Nfa of(EventContext ev) {
        Objects.requireNonNull(ev, "ev");
        return of(ev.session);
    }

    /**
     * The machine a session belongs to.
     *
     * @param session a session made by {@link NfaBuilder#spawn}
     * @return its machine
     * @throws IllegalArgumentException if the session is a plain session
     */
    public static Nfa of(Session session) {
        Objects.requireNonNull(session, "session");
        if (session.router instanceof Router r) {
            return r.machine();
        }
        throw new IllegalArgumentException(session + " is a plain session, not a state machine;"
                + " Nfa.of() works on machines made by Nfa.builder()...spawn(kernel)");
    }

    /** The machine's session: give it to {@code kernel.post}, {@code call}, {@code signal}. */
    public Session session() {
        return session;
    }

    /** The session's ID. */
    public long id() {
        return session.id;
    }

    /** The kernel the machine runs in. */
    public Kernel kernel() {
        return kernel;
    }

    /** Whether the machine has not stopped yet. */
    public boolean isAlive() {
        return session.alive;
    }

    /**
     * The current state's name (POE's {@code get_current_state} and {@code STATE}), or null
     * before the first transition.
     */
    public String currentState() {
        kernel.checkThread("Nfa.currentState");
        return currentName;
    }

    /** The names of the machine's states. */
    public Set<String> stateNames() {
        return states.keySet();
    }

    /**
     * The runstate, the machine's heap (POE's {@code get_runstate} and {@code RUNSTATE}),
     * cast to what the caller expects; the same object as {@code ev.heap()}.
     *
     * @param <R> the runstate's type
     */
    @SuppressWarnings("unchecked")
    public <R> R runstate() {
        return (R) session.heap;
    }

    /**
     * Enters a state without an entry event.
     *
     * @param state the state
     * @see #gotoState(String, String, Object...)
     */
    public void gotoState(String state) {
        gotoState(state, null);
    }

    /**
     * Enters a state (POE's {@code goto_state}): the current state's {@code leave} handler
     * runs if it has one, the machine switches states, then {@code entryEvent} (if not
     * null) is dispatched to the new state with these arguments. Deferred (posted) when
     * the machine already has a state and the {@code immediate} option is off; otherwise
     * done before this returns.
     *
     * @param state      a state of this machine
     * @param entryEvent an event handled by that state itself, or null for none
     * @param args       the entry event's arguments
     * @throws IllegalArgumentException if there is no such state, or the state has no handler
     *                                  for the entry event
     * @throws IllegalStateException    if the machine has stopped
     */
    public void gotoState(String state, String entryEvent, Object... args) {
        kernel.checkThread("Nfa.gotoState");
        requireTarget("gotoState", state, entryEvent);
        Transition t = new Transition(state, entryEvent, copy(args), null);
        if (current == null || immediate()) {
            kernel.call(session, GOTO_STATE, t);
        } else {
            kernel.post(session, GOTO_STATE, t);
        }
    }

    /**
     * Calls a state like a subroutine (POE's {@code call_state}): remembers the current
     * state and {@code returnEvent} on the machine's stack, then goes to {@code state} as
     * {@link #gotoState} does. A later {@link #returnState} comes back. Deferred unless the
     * {@code immediate} option is on.
     *
     * @param returnEvent the event {@code returnState} dispatches in the calling state, or
     *                    null for none
     * @param state       the state to enter
     * @param entryEvent  its entry event, or null
     * @param args        the entry event's arguments
     * @throws IllegalArgumentException if there is no such state or entry event
     */
    public void callState(String returnEvent, String state, String entryEvent, Object... args) {
        kernel.checkThread("Nfa.callState");
        requireTarget("callState", state, entryEvent);
        if (returnEvent != null && returnEvent.isEmpty()) {
            throw new IllegalArgumentException("callState: the return event must be null (none) or a name, not \"\"");
        }
        Transition t = new Transition(state, entryEvent, copy(args), returnEvent);
        if (immediate()) {
            kernel.call(session, PUSH_STATE, t);
        } else {
            kernel.post(session, PUSH_STATE, t);
        }
    }

    /**
     * Returns from a {@link #callState} (POE's {@code return_state}): goes back to the state
     * that called and dispatches its return event there, with these values as arguments.
     * Deferred unless the {@code immediate} option is on. Returning with nothing on the
     * stack is an error when the transition happens (an {@link IllegalStateException},
     * hence a DIE signal).
     *
     * @param values the return event's arguments
     */
    public void returnState(Object... values) {
        kernel.checkThread("Nfa.returnState");
        requireAlive("returnState");
        Transition t = new Transition(null, null, copy(values), null);
        if (immediate()) {
            kernel.call(session, POP_STATE, t);
        } else {
            kernel.post(session, POP_STATE, t);
        }
    }

    /** How many {@link #callState} calls are waiting for their {@link #returnState}. */
    public int callDepth() {
        kernel.checkThread("Nfa.callDepth");
        return stack.size();
    }

    /**
     * Stops the machine (POE's {@code stop}): a stop request is posted, and when it is
     * dispatched the machine's session ends at once, whatever still keeps it alive
     * (aliases, timers, watchers). Its children move to its parent. Harmless on a stopped
     * machine. Thread-safe.
     */
    public void stop() {
        if (session.alive) {
            kernel.post(session, STOP);
        }
    }

    /**
     * Posts an event to the machine; the state current when it arrives handles it.
     * Thread-safe.
     *
     * @param event the event
     * @param args  its arguments
     * @return false if the machine has stopped
     */
    public boolean postEvent(String event, Object... args) {
        return kernel.post(session, event, args);
    }

    /**
     * Calls an event's handler in the current state at once and returns its value.
     *
     * @param event the event
     * @param args  its arguments
     * @return the handler's value
     * @throws KernelException with {@link Errno#ESRCH} if the machine has stopped
     */
    public Object callEvent(String event, Object... args) {
        return kernel.call(session, event, args);
    }

    /**
     * A postback to the machine (see {@link Session#postback}): its event is handled by the
     * state current when it arrives. It keeps the machine alive until closed.
     *
     * @param event the event
     * @param args  values fixed now
     * @return the postback
     */
    public Postback postback(String event, Object... args) {
        return session.postback(event, args);
    }

    /**
     * A callback to the machine (see {@link Session#callback}). Unlike a session's, an NFA's
     * callback does not keep the machine alive (POE's NFA behaves so): it is returned
     * already {@linkplain Callback#isClosed() released}, and calling it after the machine
     * stopped throws {@link KernelException} with {@link Errno#ESRCH}.
     *
     * @param event the event
     * @param args  values fixed now
     * @return the callback
     */
    public Callback callback(String event, Object... args) {
        Callback cb = session.callback(event, args);
        cb.close();
        return cb;
    }

    /**
     * A machine option's value (see {@link Session#option(String)}); besides {@code trace},
     * {@code default} and {@code debug}, an NFA knows {@code immediate}: transitions are
     * never deferred.
     *
     * @param name the option
     * @return its value, or null
     */
    public Object option(String name) {
        return session.option(name);
    }

    /**
     * Sets a machine option and returns its previous value.
     *
     * @param name  the option
     * @param value the value, or null to unset it
     * @return the previous value, or null
     */
    public Object option(String name, Object value) {
        return session.option(name, value);
    }

    @Override
    public String toString() {
        return "Nfa[" + session + ", state " + (currentName == null ? "(none)" : "'" + currentName + "'") + "]";
    }

    // ================================================================== internals

    /** Called from the bootstrap {@code _start}: the session exists now. */
    void attach(Session s) {
        this.session = s;
        s.route(router);
    }

    private boolean immediate() {
        return session.option("immediate", false);
    }

    private void requireAlive(String method) {
        if (!session.alive) {
            throw new IllegalStateException(method + ": " + this + " has stopped");
        }
    }

    private void requireTarget(String method, String state, String entryEvent) {
        requireAlive(method);
        Map<String, Session.State> target = states.get(Objects.requireNonNull(state, "state"));
        if (target == null) {
            throw new IllegalArgumentException(method + ": " + session + " has no state '" + state + "'; its states are "
                    + states.keySet());
        }
        if (entryEvent != null && !target.containsKey(entryEvent)) {
            throw new IllegalArgumentException(method + ": state '" + state + "' of " + session
                    + " has no handler for the entry event '" + entryEvent + "'; entry events must be handled by"
                    + " the state itself (it handles " + target.keySet() + ")");
        }
    }

    private static Object[] copy(Object[] args) {
        return args == null || args.length == 0 ? EventContext.NO_ARGS : args.clone();
    }

    /** Finds the handler for an event in the current state, POE::NFA's way. */
    private Session.State resolve(String event) {
        Session.State st = current == null ? null : current.get(event);
        if (st == null) {
            st = session.states.get(event);
        }
        return st != null ? st : fallback;
    }

    /** Sends an event that has no handler of its own to the current state's _default, or fails. */
    private final Session.State fallback = new Session.State(this::toDefault, null);

    private Object toDefault(EventContext ev) throws Exception {
        Session.State def = current == null ? null : current.get(DEFAULT);
        if (def == null) {
            throw new IllegalStateException(current == null
                    ? "event '" + ev.state + "' was sent to " + session + " (from " + ev.sender + "), but the machine"
                            + " has no current state yet: enter one first with gotoState() or initialState()"
                    : "event '" + ev.state + "' was sent to " + session + " (from " + ev.sender + "), but its current"
                            + " state '" + currentName + "' has no handler for it and no _default; add one to that"
                            + " state, or a machine-wide handler with kernel.state()");
        }
        EventContext dev = new EventContext(kernel, session, ev.sender, DEFAULT, new Object[] {ev.state, ev.args()},
                EventContext.CALL, ev.fromState);
        dev.handler = def;
        return def.invoke(dev);
    }

    /** Dispatches an entry or leave event directly, inside the transition (as POE::NFA does). */
    private Object invokeDirect(String event, Object[] args) throws Exception {
        Session.State st = resolve(event);
        EventContext ev = new EventContext(kernel, session, session, event, args, EventContext.CALL, null);
        ev.handler = st;
        if (session.tracing()) {
            System.getLogger("poe.Nfa").log(System.Logger.Level.INFO, "{0}: ''{1}'' in state ''{2}''", session, event,
                    currentName);
        }
        return st.invoke(ev);
    }

    private Object doGoto(String state, String entryEvent, Object[] args) throws Exception {
        Map<String, Session.State> next = state == null ? null : states.get(state);
        if (next == null) {
            throw new IllegalArgumentException(session + " tried to enter nonexistent state '" + state + "'");
        }
        if (entryEvent != null && !next.containsKey(entryEvent)) {
            throw new IllegalArgumentException(session + " tried to invoke nonexistent entry event '" + entryEvent
                    + "' in state '" + state + "'");
        }
        if (current != null && current.containsKey(LEAVE)) {
            invokeDirect(LEAVE, EventContext.NO_ARGS);
        }
        current = next;
        currentName = state;
        if (entryEvent != null) {
            invokeDirect(entryEvent, args);
        }
        return null;
    }

    private static Transition transition(EventContext ev) {
        if (ev.args.length == 1 && ev.args[0] instanceof Transition t) {
            return t;
        }
        throw new IllegalArgumentException("'" + ev.state + "' is reserved for the NFA's own transitions (event names"
                + " starting with " + RESERVED_PREFIX + "); use gotoState, callState, returnState or stop");
    }

    private final Session.State onGoto = new Session.State(ev -> {
        Transition t = transition(ev);
        return doGoto(t.state(), t.entryEvent(), t.args());
    }, null);

    private final Session.State onPush = new Session.State(ev -> {
        Transition t = transition(ev);
        stack.push(new Frame(currentName, t.returnEvent()));
        return doGoto(t.state(), t.entryEvent(), t.args());
    }, null);

    private final Session.State onPop = new Session.State(ev -> {
        Transition t = transition(ev);
        Frame f = stack.poll();
        if (f == null) {
            throw new IllegalStateException(session + " tried to return from a state with returnState(), but no"
                    + " callState() is waiting (its state stack is empty)");
        }
        return doGoto(f.state(), f.returnEvent(), t.args());
    }, null);

    private final Session.State onStop = new Session.State(ev -> {
        session.kernel.sessions.stop(session);
        return null;
    }, null);

    private static final Session.State IGNORED = new Session.State(ev -> null, null);

    /** The session's handler lookup: the hook {@link Kernel} dispatch calls. */
    private final class Router implements Session.StateRouter {
        @Override
        public Session.State lookup(Session s, String event) {
            return switch (event) {
                case "_start", "_stop" -> IGNORED;
                case GOTO_STATE -> onGoto;
                case PUSH_STATE -> onPush;
                case POP_STATE -> onPop;
                case STOP -> onStop;
                default -> resolve(event);
            };
        }

        Nfa machine() {
            return Nfa.this;
        }
    }

    /** A requested transition, carried by the machine's internal events. */
    private record Transition(String state, String entryEvent, Object[] args, String returnEvent) {
    }

    /** Where {@code returnState} goes back to. */
    private record Frame(String state, String returnEvent) {
    }
}
