package poe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import poe.internal.Timer;

/**
 * Timers, the alarm half of POE::Resource::Events: setting, moving and removing a
 * session's timers in the dispatcher's queue, and the per-session count of pending ones
 * ({@link Session#timers}, with {@link TimerQueue#unqueued}). A pending timer counts twice in
 * its session's {@link Session#queued} (as destination and sender). Loop thread only.
 *
 * <pre>{@code
 * long id = timers.add(session, "tick", clock.fromNow(0.5), args);
 * timers.remove(session, "alarmRemove", id);
 * }</pre>
 */
final class Timers {

    // --- loop thread only
    /** The dispatcher, as far as timers need it. */
    private final TimerQueue dispatcher;
    private final EventQueue queue;
    private final Clock clock;

    Timers(TimerQueue dispatcher, EventQueue queue, Clock clock) {
        this.dispatcher = dispatcher;
        this.queue = queue;
        this.clock = clock;
    }

    /** Adds a timer for the session; returns its ID. */
    long add(Session s, String event, long due, Object[] args) {
        assert dispatcher.onLoopThread();
        // a pending timer keeps its arguments: share the empty array rather than the caller's
        Object[] kept = args == null || args.length == 0 ? EventContext.NO_ARGS : args;
        EventContext ev = dispatcher.context(s, s, event, kept, EventContext.TIMER);
        s.queued += 2;
        s.timers++;
        long id = queue.addTimer(ev, due).id;
        dispatcher.timerAdded();
        return id;
    }

    /** POE's alarm/delay: the session's timers of that name give way to one new timer. */
    void replace(Session s, String event, long due, Object[] args) {
        clear(s, event);
        add(s, event, due, args);
    }

    /** Removes the session's timers of this name. */
    void clear(Session s, String event) {
        if (s.timers == 0) {
            return;
        }
        List<Timer> removed = queue.removeTimersIf(t -> t.event.session == s && t.event.state.equals(event));
        for (Timer t : removed) {
            dispatcher.unqueued(t.event);
        }
        if (!removed.isEmpty()) {
            dispatcher.markIfDone(s);
        }
    }

    /**
     * Moves one of the session's timers by some seconds, or (fromNow) to some seconds from
     * now; empty if it is not pending.
     */
    Optional<Instant> move(Session s, String method, long timerId, double seconds, boolean fromNow) {
        Timer t = own(s, method, timerId);
        if (t == null) {
            return Optional.empty();
        }
        queue.adjustTimer(t, fromNow ? clock.fromNow(seconds) : queue.due(t) + Clock.secondsToNanos(seconds));
        dispatcher.armIfIdle();
        return Optional.of(clock.toInstant(queue.due(t)));
    }

    /** Removes one of the session's timers by ID; empty if it is not pending. */
    Optional<AlarmInfo> remove(Session s, String method, long timerId) {
        Timer t = own(s, method, timerId);
        if (t == null) {
            return Optional.empty();
        }
        AlarmInfo info = info(t);
        queue.removeTimer(t);
        dispatcher.unqueued(t.event);
        dispatcher.markIfDone(t.event.session);
        dispatcher.armIfIdle();
        return Optional.of(info);
    }

    /** Removes every timer of the session; what they were, in due order. */
    List<AlarmInfo> removeAll(Session s) {
        if (s.timers == 0) {
            return List.of();
        }
        List<Timer> removed = queue.timers(t -> t.event.session == s);
        List<AlarmInfo> infos = new ArrayList<>(removed.size());
        for (Timer t : removed) {
            infos.add(info(t));
            queue.removeTimer(t);
            dispatcher.unqueued(t.event);
        }
        dispatcher.markIfDone(s);
        dispatcher.armIfIdle();
        return infos;
    }

    /** The session's pending timers, in due order. */
    List<AlarmInfo> pending(Session s) {
        List<AlarmInfo> infos = new ArrayList<>();
        for (Timer t : queue.timers(t -> t.event.session == s)) {
            infos.add(info(t));
        }
        return infos;
    }

    /** The next due time of anything queued, or empty. */
    Optional<Instant> nextEventTime() {
        long due = queue.exactNextDue();
        return due == Long.MAX_VALUE ? Optional.empty() : Optional.of(clock.toInstant(due));
    }

    private Timer own(Session s, String method, long timerId) {
        Timer t = queue.timer(timerId);
        if (t == null) {
            return null;
        }
        if (t.event.session != s) {
            throw new KernelException(Errno.EPERM, method + ": timer " + timerId + " belongs to " + t.event.session
                    + ", not to " + s);
        }
        return t;
    }

    /** What a pending timer is; call before removing it. */
    private AlarmInfo info(Timer t) {
        return new AlarmInfo(t.id, t.event.state, clock.toInstant(queue.due(t)), t.event.args());
    }
}
