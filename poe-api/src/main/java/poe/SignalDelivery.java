package poe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Delivering a queued signal (POE's {@code _dispatch_signal_event}): who gets it, in what
 * order, whether it was handled ({@code sig_handled}), whom it stops, and what a DIE
 * handler's own failure becomes. The watchers are {@link Signals}' tables; the handlers
 * run through the dispatcher ({@link SignalDispatch}). Loop thread only.
 *
 * <pre>{@code
 * delivery.deliver(ev);   // from the dispatcher, for a queue entry of kind SIGNAL
 * }</pre>
 */
final class SignalDelivery {

    // --- loop thread only
    /** The dispatcher, as far as signals need it. */
    private final SignalDispatch dispatcher;
    private final EventQueue queue;
    /** The kernel, as every watcher's SENDER. */
    private final Target kernel;
    private final Sessions sessions;
    private final SessionTable sids;
    private final Signals signals;
    private final Watchers watchers;
    private boolean sigHandled;
    private int signalDepth;
    /** What DIE handlers threw during the DIE dispatch in progress (not signalled again). */
    private Throwable dieHandlerFailure;

    SignalDelivery(SignalDispatch dispatcher, EventQueue queue, Target kernel, Sessions sessions, SessionTable sids,
                   Signals signals, Watchers watchers) {
        this.dispatcher = dispatcher;
        this.queue = queue;
        this.kernel = kernel;
        this.sessions = sessions;
        this.sids = sids;
        this.signals = signals;
        this.watchers = watchers;
    }

    /**
     * Queues a signal from the kernel's thread ({@code Kernel#signal}) to a session and its
     * descendants, or (toKernel) to every session; false if {@code dest} names nobody. It is
     * queued with the active session as its sender, which it keeps alive until the signal is
     * dispatched, as POE does (the watchers still see the kernel as SENDER).
     */
    boolean send(Object dest, boolean toKernel, String name, Object[] args) {
        Object[] sigArgs = Signals.withName(name, args);
        if (toKernel) {
            dispatcher.enqueue(null, dispatcher.active(), name, sigArgs, EventContext.SIGNAL);
            return true;
        }
        Session s = dispatcher.resolve(dest);
        if (s == null) {
            return Checks.unknownDestination("signal", dest);
        }
        dispatcher.enqueue(s, dispatcher.active(), name, sigArgs, EventContext.SIGNAL);
        return true;
    }

    /** Marks the signal being dispatched as handled (POE's {@code sig_handled}). */
    void sigHandled() {
        if (signalDepth > 0) {
            sigHandled = true;
        }
    }

    /**
     * A handler of a signal event threw: true if it was a DIE handler, whose failure is
     * never signalled again (no loop) but combined after the dispatch.
     */
    boolean dieHandlerFailed(EventContext ev, Throwable t) {
        if (signalDepth == 0 || ev.args.length == 0 || !"DIE".equals(ev.args[0])) {
            return false;
        }
        if (dieHandlerFailure == null) {
            dieHandlerFailure = t;
        } else if (dieHandlerFailure != t) {
            dieHandlerFailure.addSuppressed(t);
        }
        return true;
    }

    /**
     * Dispatches a queued signal: to the watchers among its target and the target's
     * descendants (every session for the kernel), deepest first, then (DIE) the target's
     * ancestors; then stops the sessions it reached if it is terminal and unhandled, or
     * nonmaskable. A DIE nobody handled becomes the kernel's failure.
     */
    void deliver(EventContext ev) {
        String name = (String) ev.args[0];
        Session target = ev.session;
        if (target != null && !target.alive) {
            return;
        }
        List<Session> set = new ArrayList<>();
        if (target == null) {
            set.addAll(sids.roots());
        } else {
            set.add(target);
        }
        for (int i = 0; i < set.size(); i++) {
            LinkedHashSet<Session> kids = sessions.childrenOf(set.get(i));
            if (kids != null) {
                set.addAll(kids);
            }
        }
        int descendants = set.size();
        if ("DIE".equals(name) && target != null) {
            for (Target p = sessions.parentOf(target); p instanceof Session ps; p = sessions.parentOf(ps)) {
                set.add(ps);
            }
        }
        boolean savedHandled = sigHandled;
        Throwable savedDieFailure = dieHandlerFailure;
        sigHandled = false;
        dieHandlerFailure = null;
        signalDepth++;
        boolean handled;
        Throwable dieFailure;
        try {
            // ancestors (DIE) last; descendants deepest first
            List<Session> order = new ArrayList<>(set.size());
            for (int i = descendants - 1; i >= 0; i--) {
                order.add(set.get(i));
            }
            order.addAll(set.subList(descendants, set.size()));
            // the watchers as they are now (POE copies its table before the walk): a handler
            // that stops or starts watching does not change who gets this signal
            Session.SignalWatch[] watches = new Session.SignalWatch[order.size()];
            for (int i = 0; i < watches.length; i++) {
                watches[i] = signals.watchOf(order.get(i), name);
            }
            for (int i = 0; i < watches.length; i++) {
                Session s = order.get(i);
                Session.SignalWatch w = watches[i];
                if (w == null || !s.alive) {
                    continue;
                }
                Object[] args = new Object[ev.args.length + w.args().length];
                System.arraycopy(ev.args, 0, args, 0, ev.args.length);
                System.arraycopy(w.args(), 0, args, ev.args.length, w.args().length);
                dispatcher.invoke(s, dispatcher.newEvent(s, kernel, w.event(), args, EventContext.SIGNAL, ev.fromState));
            }
            handled = sigHandled;
            dieFailure = dieHandlerFailure;
        } finally {
            signalDepth--;
            sigHandled = savedHandled;
            dieHandlerFailure = savedDieFailure;
        }
        if ("IDLE".equals(name) && target == null && queue.entries() == 0 && watchers.count() == 0) {
            // IDLE changed nothing: the sessions left are zombies (POE checks the queue, GC
            // markers included, and the I/O watchers only)
            dispatcher.enqueue(null, kernel, "ZOMBIE", new Object[] {"ZOMBIE"}, EventContext.SIGNAL);
        }
        if ("DIE".equals(name)) {
            DieInfo die = ev.args.length > 1 && ev.args[1] instanceof DieInfo d ? d : null;
            if (!handled && die != null) {
                // unhandled: the original error first, then what DIE handlers threw
                if (dieFailure != null && dieFailure != die.error()) {
                    die.error().addSuppressed(dieFailure);
                }
                dispatcher.recordFailureFirst(die.error());
            } else if (dieFailure != null) {
                dispatcher.recordFailure(dieFailure);
            }
        }
        if (Signals.isNonmaskable(name) || (Signals.isTerminal(name) && !handled)) {
            // children before parents, then (DIE) the ancestors, nearest first
            for (int i = descendants - 1; i >= 0; i--) {
                sessions.stop(set.get(i));
            }
            for (int i = descendants; i < set.size(); i++) {
                sessions.stop(set.get(i));
            }
        }
    }
}
