package poe;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One OS signal hooked through {@code sun.misc.Signal} (module {@code jdk.unsupported}),
 * shared by every kernel of the JVM that watches it: installed when the first listener
 * subscribes, and the handler it replaced is restored when the last one leaves. Handlers
 * run on a JVM thread; listeners must hand the signal over to their kernel's thread.
 *
 * <pre>{@code
 * Runnable onInt = () -> kernel.signalFromOs("INT");
 * OsSignalHook.subscribe("INT", onInt);     // SIGINT now reaches the kernel
 * OsSignalHook.unsubscribe("INT", onInt);   // the JVM's own handler is back
 * }</pre>
 */
final class OsSignalHook {

    /** Hooks installed now, by signal name; guarded by the class lock. */
    private static final Map<String, OsSignalHook> INSTALLED = new HashMap<>();

    private final sun.misc.Signal signal;
    private final sun.misc.SignalHandler previous;
    private final CopyOnWriteArrayList<Runnable> listeners;

    private OsSignalHook(sun.misc.Signal signal, sun.misc.SignalHandler previous,
                         CopyOnWriteArrayList<Runnable> listeners) {
        this.signal = signal;
        this.previous = previous;
        this.listeners = listeners;
    }

    /**
     * Adds a listener for an OS signal, hooking the signal if nobody listened yet.
     *
     * @throws IllegalArgumentException naming the signal if the JVM does not let programs
     *                                  handle it here
     */
    static synchronized void subscribe(String name, Runnable listener) {
        OsSignalHook hook = INSTALLED.get(name);
        if (hook == null) {
            hook = install(name);
            INSTALLED.put(name, hook);
        }
        hook.listeners.add(listener);
    }

    /** Removes a listener; the last one out restores the signal's previous handler. */
    static synchronized void unsubscribe(String name, Runnable listener) {
        OsSignalHook hook = INSTALLED.get(name);
        if (hook == null || !hook.listeners.remove(listener) || !hook.listeners.isEmpty()) {
            return;
        }
        INSTALLED.remove(name);
        try {
            sun.misc.Signal.handle(hook.signal, hook.previous);
        } catch (IllegalArgumentException ignored) {
            // the JVM took the signal back; nothing to restore
        }
    }

    /** Whether some kernel of this JVM hooks the signal now (for tests). */
    static synchronized boolean isHooked(String name) {
        return INSTALLED.containsKey(name);
    }

    private static OsSignalHook install(String name) {
        sun.misc.Signal signal;
        try {
            signal = new sun.misc.Signal(name);
        } catch (IllegalArgumentException e) {
            throw refused(name, e);
        }
        CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
        sun.misc.SignalHandler previous;
        try {
            previous = sun.misc.Signal.handle(signal, s -> {
                for (Runnable l : listeners) {
                    l.run();
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw refused(name, e);
        }
        return new OsSignalHook(signal, previous, listeners);
    }

    private static IllegalArgumentException refused(String name, RuntimeException e) {
        return new IllegalArgumentException("the JVM does not let programs handle SIG" + name + " here ("
                + e.getMessage() + "); watch another signal, or send " + name + " as a user signal with"
                + " kernel.signal(...)", e);
    }
}
