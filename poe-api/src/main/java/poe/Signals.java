package poe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import poe.internal.Inbox;

/**
 * Signal watchers, child-process watchers and their OS hooks (POE::Resource::Signals).
 * Owns {@link Session#signalWatches} and {@link Session#childWatches}: a signal watch keeps
 * no session alive, a child watch ({@code sig_child}) does until it fires or is removed.
 *
 * <p>OS signals are hooked through {@code sun.misc.Signal} only while some session watches
 * them, and the previous handler is restored afterwards; a caught one is handed to the
 * kernel's thread through the {@link Mailbox}.
 *
 * <pre>{@code
 * signals.watch(session, "INT", "on_int", args);
 * Session.SignalWatch w = signals.watchOf(session, "INT");
 * }</pre>
 */
final class Signals implements Resource {

    /** Signals that stop the sessions they reach unless handled. */
    static final Set<String> TERMINAL = Set.of("QUIT", "INT", "KILL", "TERM", "HUP", "IDLE", "DIE");
    /** Signals that stop the sessions they reach whatever the handlers do. */
    static final Set<String> NONMASKABLE = Set.of("ZOMBIE", "UIDESTROY");
    /** Signals the kernel hooks at the OS level, where the JVM allows. */
    static final Set<String> OS_SIGNALS = Set.of("INT", "TERM", "HUP", "USR1", "USR2", "WINCH");

    // --- any thread
    private final Mailbox mailbox;
    // --- loop thread only
    private final SessionRefs refs;
    private final SessionTable sids;
    /** Signal name to the sessions watching it, in registration order. */
    private final HashMap<String, LinkedHashMap<Session, Session.SignalWatch>> watchers = new HashMap<>();
    /** This kernel's listeners on OS signals it hooks now, by name. */
    private final HashMap<String, Runnable> hooks = new HashMap<>();

    Signals(SessionRefs refs, SessionTable sids, Mailbox mailbox) {
        this.refs = refs;
        this.sids = sids;
        this.mailbox = mailbox;
    }

    /** Watches a signal for the session (again: re-aims it); a null event stops watching it. */
    void watch(Session s, String name, String event, Object[] args) {
        assert refs.onLoopThread();
        if (event == null) {
            unwatch(s, name);
            return;
        }
        if (s.signalWatches == null) {
            s.signalWatches = new HashMap<>();
        }
        Session.SignalWatch w = new Session.SignalWatch(event, args == null ? EventContext.NO_ARGS : args);
        if (OS_SIGNALS.contains(name) && !hooks.containsKey(name)) {
            // to the kernel (ID 0), from the OS signal handler's thread
            Runnable listener = () -> mailbox.handOver(new Inbox.Item(Inbox.SIGNAL, 0L, name, EventContext.NO_ARGS));
            OsSignalHook.subscribe(name, listener);
            hooks.put(name, listener);
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
            Runnable listener = hooks.remove(name);
            if (listener != null) {
                OsSignalHook.unsubscribe(name, listener);
            }
        }
    }

    /** Lets go of every OS signal (the kernel is closing). */
    void releaseOsSignals() {
        hooks.forEach(OsSignalHook::unsubscribe);
        hooks.clear();
    }

    Session.SignalWatch watchOf(Session s, String name) {
        return s.signalWatches == null ? null : s.signalWatches.get(name);
    }

    // --- child watches (sig_child)

    /** Waits for a pid's exit for the session (one watch per pid: again replaces it). */
    void watchChild(Session s, long pid, String event, Object[] args) {
        assert refs.onLoopThread();
        if (s.childWatches == null) {
            s.childWatches = new HashMap<>();
        }
        if (s.childWatches.put(pid, new Session.SignalWatch(event, args == null ? EventContext.NO_ARGS : args))
                == null) {
            refs.increment(s);
        }
    }

    /** Stops the session's wait for a pid. */
    void unwatchChild(Session s, long pid) {
        if (s.childWatches != null && s.childWatches.remove(pid) != null) {
            refs.decrement(s);
        }
    }

    /**
     * Takes the session's watch of an exited pid, or null: the caller queues its event,
     * then calls {@link #childWatchFired}, so that the event keeps the session alive in
     * the watch's place (it is never marked in between).
     */
    Session.SignalWatch takeChildWatch(Session s, long pid) {
        return s.childWatches == null ? null : s.childWatches.remove(pid);
    }

    /** The event of a watch {@link #takeChildWatch} took is queued: the watch's reference goes. */
    void childWatchFired(Session s) {
        refs.decrement(s);
    }

    /** Whether some session watches CHLD or a pid (then running children keep the kernel busy). */
    boolean watchesChildren() {
        Map<Session, Session.SignalWatch> chld = watchers.get("CHLD");
        if (chld != null && !chld.isEmpty()) {
            return true;
        }
        for (Session s : sids.all()) {
            if (s.childWatches != null && !s.childWatches.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void clear(Session s) {
        if (s.signalWatches != null) {
            for (String name : Set.copyOf(s.signalWatches.keySet())) {
                unwatch(s, name);
            }
        }
        s.childWatches = null;
    }

    @Override
    public List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        watchers.forEach((name, sessions) -> leaks.add("signal " + name + " watched by " + sessions.keySet()));
        return leaks;
    }

    /** A signal event's arguments: the signal's name, then the sender's. */
    static Object[] withName(String name, Object[] rest) {
        if (rest == null || rest.length == 0) {
            return new Object[] {name};
        }
        Object[] all = new Object[rest.length + 1];
        all[0] = name;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static boolean isTerminal(String name) {
        return TERMINAL.contains(name);
    }

    static boolean isNonmaskable(String name) {
        return NONMASKABLE.contains(name);
    }
}
