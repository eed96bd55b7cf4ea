package poe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import poe.loop.Loop;

/**
 * Sessions' lifetime and tree (POE::Resource::Sessions): starting a session, parents and
 * children, detaching, stopping one session or all, and freeing a stopped one, which calls
 * each resource's {@link Resource#clear} in POE's order ({@code _data_ses_free}). Owns
 * {@link Session#parent}, {@link Session#children} and the session's resources tied to it
 * ({@link Session#closeOnStop}). Handlers run through the {@link Dispatcher}. Loop thread
 * only.
 *
 * <pre>{@code
 * sessions.start(session, args);   // _start, then the parent's _child("create")
 * sessions.stop(session);          // _stop, the parent's _child("lose"), then freed
 * }</pre>
 */
final class Sessions implements Resource {

    private static final System.Logger LOG = System.getLogger("poe.Kernel");

    // --- loop thread only
    /** The kernel, as the parent of root sessions and the sender of their notices. */
    private final Target kernel;
    private final Dispatcher dispatcher;
    /** The events resource's per-session part (package-private for a test's hook). */
    final QueuedEvents events;
    private final SessionTable sids;
    private final Watchers watchers;
    private final Signals signals;
    private final Aliases aliases;
    private final Extrefs extrefs;
    private final Loop loop;
    private boolean stoppingAll;

    Sessions(Target kernel, Dispatcher dispatcher, QueuedEvents events, SessionTable sids, Watchers watchers,
             Signals signals, Extrefs extrefs, Loop loop) {
        this.kernel = kernel;
        this.dispatcher = dispatcher;
        this.events = events;
        this.sids = sids;
        this.watchers = watchers;
        this.signals = signals;
        this.aliases = dispatcher.aliases;
        this.extrefs = extrefs;
        this.loop = loop;
    }

    /** Whether {@link #stopAll} is in progress (a failing handler then cannot get DIE). */
    boolean stoppingAll() {
        return stoppingAll;
    }

    /**
     * Starts a new session: a child of the active session (or the kernel), then its
     * {@code _start}, its parent's {@code _child("create")}, and POE's
     * {@code _garbage_collect} check.
     */
    Session start(Session s, Object[] args) {
        assert loop.inLoopThread();
        Target parent = dispatcher.active();
        adopt(parent, s);
        sids.add(s);
        if (Debug.TRACE_SESSIONS) {
            LOG.log(System.Logger.Level.INFO, "{0} created, parent {1}", s, parent);
        }
        EventContext start = internalEvent(s, parent, "_start", args);
        s.starting = true;
        Object value;
        try {
            value = dispatcher.invoke(s, start);
        } catch (Fatal f) {
            // exception catching is off: _start threw; leave the session collectable
            s.starting = false;
            if (s.alive) {
                dispatcher.enqueueGcMark(s);
            }
            if (parent == kernel) {
                Fatal.<RuntimeException>sneakyThrow(f.getCause());
            }
            throw f;
        } finally {
            s.starting = false;
        }
        if (s.alive && s.parent == parent && parent instanceof Session p && p.alive) {
            invokeInternal(p, "_child", "create", s, value);
        }
        if (s.alive) {
            // POE's _garbage_collect, always: it keeps the session until it is dispatched,
            // and the batch that dispatches it collects the session if nothing else keeps it
            dispatcher.enqueueGcMark(s);
        }
        return s;
    }

    /** A session's children, in creation order. */
    List<Session> children(Session s) {
        return s.children == null ? List.of() : List.copyOf(s.children);
    }

    /** Children of the session, or the kernel's (null), as they are now. */
    LinkedHashSet<Session> childrenOf(Session s) {
        return s == null ? sids.roots() : s.children;
    }

    /** The session's parent: a session or the kernel. */
    Target parentOf(Session s) {
        return s.parent;
    }

    private void adopt(Target parent, Session child) {
        child.parent = parent;
        if (parent instanceof Session p) {
            if (p.children == null) {
                p.children = new LinkedHashSet<>();
            }
            p.children.add(child);
            dispatcher.increment(p);
        } else {
            sids.roots().add(child);
        }
    }

    private void disown(Session child) {
        if (child.parent instanceof Session p) {
            p.children.remove(child);
            p.refs--;
        } else {
            sids.roots().remove(child);
        }
        child.parent = null;
    }

    /**
     * POE's {@code detach_myself}: the active session {@code s} goes to the kernel. POE skips
     * the {@code _child(lose)} when the active event is a {@code _start} (the parent never had
     * {@code _child(create)}).
     */
    void detachMyself(Session s) {
        if (!(s.parent instanceof Session)) {
            throw new KernelException(Errno.EPERM, s + " is already a child of the kernel");
        }
        detach(s, "_start".equals(dispatcher.currentEvent()));
    }

    /** POE's {@code detach_child}: {@code child} (resolved from {@code ref}, or null) of the active {@code s}. */
    void detachChild(Session s, Object ref, Session child) {
        if (child == null) {
            throw new KernelException(Errno.ESRCH, "cannot detach " + Checks.describe(ref) + ": no such session");
        }
        if (child.parent != s) {
            throw new KernelException(Errno.EPERM, "cannot detach " + child + ": it is not a child of " + s);
        }
        detach(child, false);
    }

    /**
     * Moves a child to the kernel, then notifies: {@code _child("lose")} to the old parent
     * (except for {@code detachMyself} from the child's own {@code _start}, as POE), and
     * {@code _parent} to the child. POE notifies before it moves, so a {@code _child}
     * handler that detaches again recurses without end there; moving first is a
     * deliberate difference (see compat-tests/README.md, "Deliberate differences").
     */
    private void detach(Session s, boolean fromOwnStart) {
        Session old = (Session) s.parent;
        disown(s);
        adopt(kernel, s);
        if (!fromOwnStart) {
            invokeInternal(old, "_child", "lose", s, null);
        }
        invokeInternal(s, "_parent", old, kernel);
        dispatcher.markIfDone(old);
    }

    /**
     * Stops one session now (POE's {@code _data_ses_stop}); package-private for the NFA
     * machine's {@code stop()}. Its children hear of their new parent first, then it gets
     * {@code _stop} (SENDER the active session: the kernel in a sweep), then its parent
     * {@code _child("lose")}; then it is freed, and every child it still has (those made in
     * {@code _stop} too) moves to its parent. Sessions this leaves without work are marked,
     * and go in the same sweep.
     */
    void stop(Session s) {
        assert loop.inLoopThread();
        if (!s.alive || s.stopping) {
            return;
        }
        s.stopping = true;
        Target parent = s.parent;
        if (s.children != null) {
            for (Session c : new ArrayList<>(s.children)) {
                if (parent instanceof Session p && p.alive) {
                    invokeWhileStopping(p, internalEvent(p, kernel, "_child", new Object[] {"gain", c}));
                }
                invokeWhileStopping(c, internalEvent(c, kernel, "_parent", new Object[] {c.parent, parent}));
            }
        }
        Object value = invokeWhileStopping(s, internalEvent(s, dispatcher.active(), "_stop",
                EventContext.NO_ARGS));
        if (parent instanceof Session p && p.alive) {
            invokeWhileStopping(p, internalEvent(p, kernel, "_child", new Object[] {"lose", s, value}));
        }
        free(s);
        closeTied(s);
        if (Debug.TRACE_SESSIONS) {
            LOG.log(System.Logger.Level.INFO, "{0} stopped", s);
        }
    }

    /**
     * Invokes a handler on the way of a stop: a stop always completes, so an exception
     * unwinding with exception catching off is kept for run() to rethrow instead.
     */
    private Object invokeWhileStopping(Session s, EventContext ev) {
        try {
            return dispatcher.invoke(s, ev);
        } catch (Fatal f) {
            dispatcher.recordFailure(f.getCause());
            return null;
        }
    }

    /**
     * Frees a stopping session, in POE's order ({@code _data_ses_free}): off its parent
     * (which may run out of work), its children to that parent, then each resource's part:
     * its watchers, signal and child watches, aliases, extra references and holds, and its
     * queued events. Sessions left without work are marked.
     */
    private void free(Session s) {
        Target parent = s.parent;
        disown(s);
        if (parent instanceof Session p) {
            dispatcher.markIfDone(p);
        }
        if (s.children != null) {
            for (Session c : new ArrayList<>(s.children)) {
                disown(c);
                adopt(parent, c);
            }
        }
        watchers.clear(s);
        signals.clear(s);
        aliases.clear(s);
        extrefs.clear(s);
        events.clear(s);
        clear(s);
    }

    /** Sessions' own part of freeing: the session is gone from the table and counts nothing. */
    @Override
    public void clear(Session s) {
        s.stopped();
        s.refs = 0;
        s.queued = 0;
        sids.clear(s);
    }

    @Override
    public List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        for (Session s : sids.all()) {
            if (s.closeOnStop != null && !s.closeOnStop.isEmpty()) {
                leaks.add(s + " still has resources tied to it: " + s.closeOnStop);
            }
        }
        return leaks;
    }

    /**
     * POE's finalize_kernel: once every session is gone, logs what the resources still hold
     * (when sessions are traced).
     */
    void reportLeaks() {
        if (sids.count() != 0 || !Debug.TRACE_SESSIONS) {
            return;
        }
        List<String> leaks = new ArrayList<>();
        for (Resource r : new Resource[] {aliases, watchers, signals, extrefs, events, this, sids}) {
            leaks.addAll(r.leaks());
        }
        if (!leaks.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "kernel finalized with leaks: {0}", leaks);
        }
    }

    /** Before {@code run()}: a failure left by the last run stops every session first. */
    void stopAllIfFailed() {
        if (dispatcher.failure != null) {
            stopAll();
        }
    }

    /** Stops every session, descendants first; the queue is emptied. */
    void stopAll() {
        boolean saved = stoppingAll;
        stoppingAll = true;
        boolean indexed = events.beginStopIndex();
        try {
            for (Session root : new ArrayList<>(sids.roots())) {
                stopTree(root);
            }
        } finally {
            stoppingAll = saved;
            if (indexed) {
                events.endStopIndex();
            }
        }
        events.clearQueue();
        if (sids.count() == 0) {
            loop.halt();
        }
    }

    private void stopTree(Session s) {
        if (s.children != null) {
            for (Session c : new ArrayList<>(s.children)) {
                stopTree(c);
            }
        }
        try {
            stop(s);
        } catch (Fatal f) {
            dispatcher.recordFailure(f.getCause());
        }
    }

    /** Closes what was tied to a session that has stopped. */
    private static void closeTied(Session s) {
        LinkedHashSet<AutoCloseable> tied = s.closeOnStop;
        s.closeOnStop = null;
        if (tied == null) {
            return;
        }
        for (AutoCloseable resource : tied) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + resource + " of stopped " + s + " failed", e);
            }
        }
    }

    /** Ties a resource to the session: closed when it stops (see Kernel#tieToSession). */
    void tie(Session s, AutoCloseable resource) {
        if (s.closeOnStop == null) {
            s.closeOnStop = new LinkedHashSet<>();
        }
        s.closeOnStop.add(resource);
    }

    void untie(Session s, AutoCloseable resource) {
        if (s.closeOnStop != null) {
            s.closeOnStop.remove(resource);
        }
    }

    /**
     * A context for the kernel's own call of a handler ({@code _start}, {@code _stop},
     * {@code _child}, {@code _parent}): no caller state, as POE dispatches them with an
     * undefined {@code from_state} (so a DIE from {@code _start} reports none).
     */
    private EventContext internalEvent(Session s, Target sender, String event, Object[] args) {
        return dispatcher.newEvent(s, sender, event, args, EventContext.CALL, null);
    }

    private void invokeInternal(Session s, String event, Object... args) {
        dispatcher.invoke(s, internalEvent(s, kernel, event, args));
    }
}
