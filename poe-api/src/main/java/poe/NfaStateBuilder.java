package poe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The handlers of one state of an {@link Nfa}, in the same three styles as a
 * {@link SessionBuilder}: inline lambdas, methods of an object (POE's {@code object_states}),
 * static methods of a class ({@code package_states}). Methods take one {@link EventContext}
 * and return {@code void} or a value.
 *
 * <pre>{@code
 * Nfa.builder()
 *     .state("on", s -> s
 *         .on("enter", ev -> lamp.light(true))
 *         .object(new Switch(), Map.of("pushed", "turnOff"))   // method turnOff(EventContext)
 *         .statics(Log.class, "_default"))                     // static _default(EventContext)
 *     ...
 * }</pre>
 *
 * <p>Two names mean something to the machine: {@code leave} runs when the machine leaves
 * this state, and {@code _default} gets the events this state has no handler for.
 */
public final class NfaStateBuilder {

    private final String state;
    private final LinkedHashMap<String, Session.State> handlers;

    NfaStateBuilder(String state, LinkedHashMap<String, Session.State> handlers) {
        this.state = state;
        this.handlers = handlers;
    }

    /**
     * Adds an inline handler.
     *
     * @param event   the event
     * @param handler what to do
     * @return this
     */
    public NfaStateBuilder on(String event, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        return put(event, Session.State.of(handler));
    }

    /**
     * Adds an inline handler whose value {@link Kernel#call} (or {@link Nfa#callEvent})
     * returns.
     *
     * @param event   the event
     * @param handler what to do
     * @return this
     */
    public NfaStateBuilder onValue(String event, ValueHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return put(event, new Session.State(handler, null));
    }

    /**
     * Adds methods of an object, each named like its event; {@code ev.object()} is the object.
     *
     * @param target  the object
     * @param methods method names (= event names)
     * @return this
     */
    public NfaStateBuilder object(Object target, String... methods) {
        Objects.requireNonNull(target, "target");
        for (String m : methods) {
            put(m, new Session.State(SessionBuilder.methodHandler(target.getClass(), target, m), target));
        }
        return this;
    }

    /**
     * Adds methods of an object by an event-to-method map.
     *
     * @param target          the object
     * @param eventsToMethods event name to method name
     * @return this
     */
    public NfaStateBuilder object(Object target, Map<String, String> eventsToMethods) {
        Objects.requireNonNull(target, "target");
        eventsToMethods.forEach((event, m) ->
                put(event, new Session.State(SessionBuilder.methodHandler(target.getClass(), target, m), target)));
        return this;
    }

    /**
     * Adds static methods of a class, each named like its event; {@code ev.object()} is the
     * class.
     *
     * @param type    the class
     * @param methods method names (= event names)
     * @return this
     */
    public NfaStateBuilder statics(Class<?> type, String... methods) {
        Objects.requireNonNull(type, "type");
        for (String m : methods) {
            put(m, new Session.State(SessionBuilder.methodHandler(type, null, m), type));
        }
        return this;
    }

    /**
     * Adds static methods of a class by an event-to-method map.
     *
     * @param type            the class
     * @param eventsToMethods event name to method name
     * @return this
     */
    public NfaStateBuilder statics(Class<?> type, Map<String, String> eventsToMethods) {
        Objects.requireNonNull(type, "type");
        eventsToMethods.forEach((event, m) -> put(event, new Session.State(SessionBuilder.methodHandler(type, null, m),
                type)));
        return this;
    }

    private NfaStateBuilder put(String event, Session.State handler) {
        Objects.requireNonNull(event, "event name");
        if (event.isEmpty()) {
            throw new IllegalArgumentException("state '" + state + "': an event name must not be empty");
        }
        if (event.startsWith(Nfa.RESERVED_PREFIX)) {
            throw new IllegalArgumentException("state '" + state + "': event names starting with '"
                    + Nfa.RESERVED_PREFIX + "' are reserved for the machine's own transitions (got '" + event + "')");
        }
        if (event.equals("_start") || event.equals("_stop")) {
            throw new IllegalArgumentException("state '" + state + "': an NFA never dispatches " + event
                    + " to its handlers; start with initialState(state, entryEvent, args) and clean up before stop()");
        }
        handlers.put(event, handler);
        return this;
    }
}
