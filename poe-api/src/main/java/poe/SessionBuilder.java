package poe;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Session}: POE's {@code POE::Session->create(...)}.
 *
 * <p>Handlers come in three styles, freely mixed: inline lambdas ({@link #on},
 * {@link #onValue}), methods of an object ({@link #object(Object, String...)}, POE's
 * {@code object_states}) and static methods of a class ({@link #statics(Class, String...)},
 * POE's {@code package_states}). Methods take one {@link EventContext} and return
 * {@code void} or a value.
 *
 * <pre>{@code
 * Session s = Session.builder()
 *     .on("_start", ev -> ev.kernel().aliasSet("greeter"))
 *     .object(new Greeter(), "hello", "goodbye")       // methods hello(EventContext), goodbye(...)
 *     .statics(Util.class, Map.of("log", "logEvent"))  // event "log" -> static logEvent(EventContext)
 *     .heap(new MyHeap())
 *     .args("first arg to _start")
 *     .option("trace", true)
 *     .create(kernel);
 * }</pre>
 */
public final class SessionBuilder {

    private final HashMap<String, Session.State> states = new HashMap<>();
    /** The table the sessions made so far share; made again after the builder changes. */
    private Session.SharedStates shared;
    private final HashMap<String, Object> options = new HashMap<>();
    private Object heap;
    private Object[] args = EventContext.NO_ARGS;

    SessionBuilder() {
    }

    /**
     * Adds an inline handler.
     *
     * @param event   the event name
     * @param handler what to do
     * @return this builder
     */
    public SessionBuilder on(String event, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        return put(event, Session.State.of(handler));
    }

    /**
     * Adds an inline handler whose value {@link Kernel#call} returns (and, for
     * {@code _start}, the parent's {@code _child} event receives).
     *
     * @param event   the event name
     * @param handler what to do
     * @return this builder
     */
    public SessionBuilder onValue(String event, ValueHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return put(event, new Session.State(handler, null));
    }

    /**
     * Adds methods of an object as handlers, each named like its event.
     *
     * @param target  the object
     * @param methods method names (= event names)
     * @return this builder
     */
    public SessionBuilder object(Object target, String... methods) {
        Objects.requireNonNull(target, "target");
        for (String m : methods) {
            put(m, new Session.State(methodHandler(target.getClass(), target, m), target));
        }
        return this;
    }

    /**
     * Adds methods of an object as handlers, by an event-to-method map.
     *
     * @param target          the object
     * @param eventsToMethods event name to method name
     * @return this builder
     */
    public SessionBuilder object(Object target, Map<String, String> eventsToMethods) {
        Objects.requireNonNull(target, "target");
        eventsToMethods.forEach((event, m) ->
                put(event, new Session.State(methodHandler(target.getClass(), target, m), target)));
        return this;
    }

    /**
     * Adds static methods of a class as handlers, each named like its event.
     *
     * @param type    the class
     * @param methods method names (= event names)
     * @return this builder
     */
    public SessionBuilder statics(Class<?> type, String... methods) {
        Objects.requireNonNull(type, "type");
        for (String m : methods) {
            put(m, new Session.State(methodHandler(type, null, m), type));
        }
        return this;
    }

    /**
     * Adds static methods of a class as handlers, by an event-to-method map.
     *
     * @param type            the class
     * @param eventsToMethods event name to method name
     * @return this builder
     */
    public SessionBuilder statics(Class<?> type, Map<String, String> eventsToMethods) {
        Objects.requireNonNull(type, "type");
        eventsToMethods.forEach((event, m) -> put(event, new Session.State(methodHandler(type, null, m), type)));
        return this;
    }

    /**
     * Sets the heap: any object. Without one the session gets an empty
     * {@code HashMap<String, Object>}, like POE's default hash heap.
     *
     * @param heap the heap
     * @return this builder
     */
    public SessionBuilder heap(Object heap) {
        this.heap = heap;
        return this;
    }

    /**
     * Sets the creation arguments: {@code _start} receives them as its arguments.
     *
     * @param args the arguments
     * @return this builder
     */
    public SessionBuilder args(Object... args) {
        this.args = args == null ? EventContext.NO_ARGS : args.clone();
        return this;
    }

    /**
     * Sets a session option: {@code trace} (log every dispatch), {@code default} (warn
     * about events nobody handles), {@code debug} (warn when a handler is redefined), or
     * any name of the application's own.
     *
     * @param name  the option
     * @param value its value
     * @return this builder
     */
    public SessionBuilder option(String name, Object value) {
        options.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    /**
     * Creates the session in a kernel: it gets an ID, becomes a child of the active
     * session (or of the kernel outside handlers), and its {@code _start} runs before this
     * returns. Must be called on the kernel's thread.
     *
     * @param kernel the kernel
     * @return the new session (possibly already stopped, if {@code _start} left it no work)
     */
    public Session create(Kernel kernel) {
        Objects.requireNonNull(kernel, "kernel");
        if (shared == null) {
            shared = new Session.SharedStates(states);
        }
        return kernel.createSession(shared, options.isEmpty() ? null : new HashMap<>(options),
                heap != null ? heap : new LinkedHashMap<String, Object>(), args);
    }

    private SessionBuilder put(String event, Session.State state) {
        Objects.requireNonNull(event, "event name");
        if (event.isEmpty()) {
            throw new IllegalArgumentException("an event name must not be empty");
        }
        if (states.containsKey(event) && Boolean.TRUE.equals(options.get("debug"))) {
            System.getLogger("poe.Session").log(System.Logger.Level.WARNING,
                    "handler for event ''{0}'' redefined", event);
        }
        states.put(event, state);
        shared = null;
        return this;
    }

    /** A handler that is a method of {@code target}: an object, or a class for a static method. */
    static Session.State methodState(Object target, String method) {
        Class<?> type = target instanceof Class<?> c ? c : target.getClass();
        Object instance = target instanceof Class<?> ? null : target;
        return new Session.State(methodHandler(type, instance, method), target);
    }

    static ValueHandler methodHandler(Class<?> type, Object target, String name) {
        Method found = null;
        for (Class<?> c = type; c != null && found == null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 1
                        && m.getParameterTypes()[0] == EventContext.class
                        && (target != null || Modifier.isStatic(m.getModifiers()))) {
                    found = m;
                    break;
                }
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no " + (target == null ? "static " : "") + "method " + name
                    + "(EventContext) in " + type.getName()
                    + "; handler methods take exactly one EventContext and return void or a value");
        }
        try {
            found.setAccessible(true);
            MethodHandle mh = MethodHandles.lookup().unreflect(found);
            if (!Modifier.isStatic(found.getModifiers())) {
                mh = mh.bindTo(target);
            }
            MethodHandle call = mh.asType(MethodType.methodType(
                    found.getReturnType() == void.class ? void.class : Object.class, EventContext.class));
            if (found.getReturnType() == void.class) {
                return ev -> {
                    try {
                        call.invokeExact(ev);
                    } catch (Exception | Error e) {
                        throw e;
                    } catch (Throwable t) {
                        throw new RuntimeException(t);
                    }
                    return null;
                };
            }
            return ev -> {
                try {
                    return (Object) call.invokeExact(ev);
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new RuntimeException(t);
                }
            };
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException("cannot use " + type.getName() + "." + name + " as a handler: " + e, e);
        }
    }
}
