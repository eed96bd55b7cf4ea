package poe;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
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

    /**
     * Signals the JVM leaves ignored if the process inherited them ignored (HotSpot's
     * JVM_RegisterSignal for its shutdown signals): subscribing to one then hooks nothing.
     */
    private static final Set<String> KEPT_IGNORED = Set.of("HUP", "INT", "TERM");

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
        if (previous == sun.misc.SignalHandler.SIG_IGN && KEPT_IGNORED.contains(name)) {
            // HotSpot installs nothing for a shutdown signal the process inherited ignored
            // (nohup, or a background job of a non-interactive shell): the handle() call
            // above "succeeded" but the signal stays ignored and will never arrive
            System.getLogger("poe.Kernel").log(System.Logger.Level.WARNING, keptIgnored(name));
        }
        return new OsSignalHook(signal, previous, listeners);
    }

    /** Why a watched OS signal never arrives when the process started with it ignored. */
    static String keptIgnored(String name) {
        return "SIG" + name + " is ignored in this process (it was started with nohup, or in the background by"
                + " a shell) and the JVM keeps it ignored: a kernel watching " + name + " will not see the OS"
                + " signal (kernel.signal(...) still delivers it); start the JVM with SIG" + name
                + " at its default action";
    }

    private static IllegalArgumentException refused(String name, RuntimeException e) {
        return new IllegalArgumentException("the JVM does not let programs handle SIG" + name + " here ("
                + e.getMessage() + "); watch another signal, or send " + name + " as a user signal with"
                + " kernel.signal(...)", e);
    }
}
