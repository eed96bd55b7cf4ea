package poe;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Signal watchers and their OS hooks (POE::Resource::Signals).
 *
 * <p>OS signals are hooked through {@code sun.misc.Signal} only while some session watches
 * them, and the previous handler is restored afterwards.
 */
final class Signals {

    /** Signals that stop the sessions they reach unless handled. */
    static final Set<String> TERMINAL = Set.of("QUIT", "INT", "KILL", "TERM", "HUP", "IDLE", "DIE");
    /** Signals that stop the sessions they reach whatever the handlers do. */
    static final Set<String> NONMASKABLE = Set.of("ZOMBIE", "UIDESTROY");
    /** Signals the kernel hooks at the OS level, where the JVM allows. */
    static final Set<String> OS_SIGNALS = Set.of("INT", "TERM", "HUP", "USR1", "USR2", "WINCH");

    private final Kernel kernel;
    /** Signal name to the sessions watching it, in registration order. */
    private final HashMap<String, LinkedHashMap<Session, Session.SignalWatch>> watchers = new HashMap<>();
    private final HashMap<String, OsSignalHook> hooks = new HashMap<>();

    Signals(Kernel kernel) {
        this.kernel = kernel;
    }

    void watch(Session s, String name, String event, Object[] args) {
        if (s.signalWatches == null) {
            s.signalWatches = new HashMap<>();
        }
        Session.SignalWatch w = new Session.SignalWatch(event, args);
        if (OS_SIGNALS.contains(name) && !hooks.containsKey(name)) {
            hooks.put(name, OsSignalHook.install(name, () -> kernel.signalFromOs(name)));
        }
        s.signalWatches.put(name, w);
        watchers.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(s, w);
    }

    void unwatch(Session s, String name) {
        if (s.signalWatches == null || s.signalWatches.remove(name) == null) {
            return;
        }
        LinkedHashMap<Session, Session.SignalWatch> sessions = watchers.get(name);
        sessions.remove(s);
        if (sessions.isEmpty()) {
            watchers.remove(name);
            OsSignalHook hook = hooks.remove(name);
            if (hook != null) {
                hook.restore();
            }
        }
    }

    void unwatchAll(Session s) {
        if (s.signalWatches == null) {
            return;
        }
        for (String name : Set.copyOf(s.signalWatches.keySet())) {
            unwatch(s, name);
        }
    }

    Session.SignalWatch watchOf(Session s, String name) {
        return s.signalWatches == null ? null : s.signalWatches.get(name);
    }

    Map<Session, Session.SignalWatch> watchersOf(String name) {
        Map<Session, Session.SignalWatch> m = watchers.get(name);
        return m == null ? Map.of() : m;
    }

    static boolean isTerminal(String name) {
        return TERMINAL.contains(name);
    }

    static boolean isNonmaskable(String name) {
        return NONMASKABLE.contains(name);
    }
}
