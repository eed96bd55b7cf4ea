package poe;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds an {@link Nfa}: POE's {@code POE::NFA->spawn(...)}. Name the states and their
 * handlers, give the runstate (the machine's heap) and, usually, the initial state with
 * its entry event and the creation arguments that event receives.
 *
 * <pre>{@code
 * Nfa login = Nfa.builder()
 *     .state("ask_user", s -> s
 *         .on("enter", ev -> prompt("user?"))
 *         .on("line", ev -> {
 *             Map<String, Object> rs = ev.heap();
 *             rs.put("user", ev.arg(0));
 *             Nfa.of(ev).gotoState("ask_password", "enter");
 *         }))
 *     .state("ask_password", s -> s
 *         .on("enter", ev -> prompt("password?"))
 *         .object(checker, "line"))                 // checker.line(EventContext)
 *     .runstate(new HashMap<String, Object>())
 *     .option("trace", false)
 *     .initialState("ask_user", "enter")
 *     .spawn(kernel);
 * }</pre>
 */
public final class NfaBuilder {

    private final LinkedHashMap<String, LinkedHashMap<String, Session.State>> states = new LinkedHashMap<>();
    private final HashMap<String, Object> options = new HashMap<>();
    private Object runstate;
    private String initialState;
    private String entryEvent;
    private Object[] args = EventContext.NO_ARGS;

    NfaBuilder() {
    }

    /**
     * Defines a state, or adds handlers to one defined before.
     *
     * @param name     the state's name
     * @param handlers adds the state's handlers
     * @return this
     */
    public NfaBuilder state(String name, Consumer<NfaStateBuilder> handlers) {
        Objects.requireNonNull(name, "state name");
        Objects.requireNonNull(handlers, "handlers");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a state name must not be empty");
        }
        handlers.accept(new NfaStateBuilder(name, states.computeIfAbsent(name, n -> new LinkedHashMap<>())));
        return this;
    }

    /**
     * Sets the runstate, the machine's heap ({@code ev.heap()}, {@link Nfa#runstate()}):
     * any object. Without one the machine gets an empty {@code HashMap<String, Object>}.
     *
     * @param runstate the runstate
     * @return this
     */
    public NfaBuilder runstate(Object runstate) {
        this.runstate = runstate;
        return this;
    }

    /**
     * Sets an option: {@code trace}, {@code default}, {@code debug} (as for sessions),
     * {@code immediate} (transitions are never deferred), or one of the application's own.
     *
     * @param name  the option
     * @param value its value
     * @return this
     */
    public NfaBuilder option(String name, Object value) {
        options.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    /**
     * The state the machine enters when it is spawned, with no entry event.
     *
     * @param state one of the states
     * @return this
     */
    public NfaBuilder initialState(String state) {
        return initialState(state, null);
    }

    /**
     * The state the machine enters when it is spawned, and its entry event, dispatched
     * before {@link #spawn} returns with the creation arguments.
     *
     * @param state      one of the states
     * @param entryEvent an event that state handles, or null for none
     * @param args       the creation arguments: the entry event's arguments
     * @return this
     */
    public NfaBuilder initialState(String state, String entryEvent, Object... args) {
        this.initialState = Objects.requireNonNull(state, "state");
        this.entryEvent = entryEvent;
        this.args = args == null ? EventContext.NO_ARGS : args.clone();
        return this;
    }

    /**
     * Creates the machine in a kernel: its session gets an ID and becomes a child of the
     * active session (or of the kernel outside handlers), then the machine enters the
     * initial state, if one was given, before this returns. Without an initial state, call
     * {@link Nfa#gotoState} on the result, as POE programs do after {@code spawn}; a machine
     * left with nothing to do stops once the kernel runs. Must be called on the kernel's
     * thread.
     *
     * @param kernel the kernel
     * @return the machine
     * @throws IllegalStateException    if no state was defined
     * @throws IllegalArgumentException if the initial state or its entry event is unknown
     */
    public Nfa spawn(Kernel kernel) {
        Objects.requireNonNull(kernel, "an NFA needs a kernel to run in");
        if (states.isEmpty()) {
            throw new IllegalStateException("an NFA needs at least one state: add one with state(name, s -> s.on(...))");
        }
        if (initialState != null) {
            Map<String, Session.State> first = states.get(initialState);
            if (first == null) {
                throw new IllegalArgumentException("initialState: there is no state '" + initialState
                        + "'; the states are " + states.keySet());
            }
            if (entryEvent != null && !first.containsKey(entryEvent)) {
                throw new IllegalArgumentException("initialState: state '" + initialState
                        + "' has no handler for its entry event '" + entryEvent + "'");
            }
        }
        LinkedHashMap<String, Map<String, Session.State>> frozen = new LinkedHashMap<>();
        states.forEach((name, handlers) -> frozen.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(handlers))));
        Nfa machine = new Nfa(kernel, Collections.unmodifiableMap(frozen));
        HashMap<String, Session.State> bootstrap = new HashMap<>();
        // The kernel dispatches _start before the session can be given its router: this
        // one-shot handler attaches the machine and removes itself.
        bootstrap.put("_start", new Session.State(ev -> {
            ev.session.states.remove("_start");
            machine.attach(ev.session);
            return null;
        }, null));
        kernel.createSession(bootstrap, options.isEmpty() ? null : new HashMap<>(options),
                runstate != null ? runstate : new HashMap<String, Object>(), EventContext.NO_ARGS);
        if (initialState != null && machine.isAlive()) {
            machine.gotoState(initialState, entryEvent, args);
        }
        return machine;
    }
}
