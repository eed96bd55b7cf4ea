package poe.bench.baseline;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The practical limit for a POE-style dispatcher: one thread, an {@link ArrayDeque} of
 * events, a {@link HashMap} from event name to handler per actor, aliases in a HashMap,
 * and a {@link PriorityQueue} of timers with lazy cancellation. No reference counting,
 * no signals, no checks: what any dispatcher with POE's shape must at least do.
 *
 * <pre>{@code
 * PlainDispatcher d = new PlainDispatcher();
 * d.spawn(Map.of("_start", (dd, e) -> dd.yield("hi"), "hi", (dd, e) -> System.out.println("hi")));
 * d.run();
 * }</pre>
 */
public final class PlainDispatcher {

    /** A handler. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param d the dispatcher
         * @param e the event
         */
        void handle(PlainDispatcher d, Event e);
    }

    /** A session's stand-in: an ID and its handlers. */
    public static final class Actor {
        final long id;
        final HashMap<String, Handler> handlers;

        Actor(long id, HashMap<String, Handler> handlers) {
            this.id = id;
            this.handlers = handlers;
        }
    }

    /** An event. */
    public static class Event {
        final Actor target;
        final String name;
        final Object[] args;

        Event(Actor target, String name, Object[] args) {
            this.target = target;
            this.name = name;
            this.args = args;
        }

        /** @return the actor handling it */
        public Actor target() {
            return target;
        }
    }

    private static final class Timer extends Event {
        final long due;
        final long seq;
        final long id;
        boolean cancelled;

        Timer(Actor target, String name, Object[] args, long due, long seq, long id) {
            super(target, name, args);
            this.due = due;
            this.seq = seq;
            this.id = id;
        }
    }

    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private final HashMap<String, Actor> aliases = new HashMap<>();
    private final HashMap<Long, Actor> actors = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private final HashMap<Long, Timer> timersById = new HashMap<>();
    private long nextId = 1;
    private long nextSeq;
    private int cancelled;
    private Actor active;

    /**
     * Makes an actor and calls its {@code _start}.
     *
     * @param handlers its handlers (copied)
     * @return the actor
     */
    public Actor spawn(Map<String, Handler> handlers) {
        Actor a = new Actor(nextId++, new HashMap<>(handlers));
        actors.put(a.id, a);
        dispatch(new Event(a, "_start", null));
        return a;
    }

    /** Calls an actor's {@code _stop} and forgets it. */
    public void stop(Actor a) {
        dispatch(new Event(a, "_stop", null));
        actors.remove(a.id);
    }

    /** Names an actor. */
    public void alias(String name, Actor a) {
        aliases.put(name, a);
    }

    /** Forgets a name. */
    public void unalias(String name) {
        aliases.remove(name);
    }

    /** Queues an event for the actor with that alias. */
    public void post(String alias, String name, Object... args) {
        queue.add(new Event(aliases.get(alias), name, args));
    }

    /** Queues an event for an actor. */
    public void post(Actor target, String name, Object... args) {
        queue.add(new Event(target, name, args));
    }

    /** Queues an event for the active actor. */
    public void yield(String name, Object... args) {
        queue.add(new Event(active, name, args));
    }

    /** Handles an event at once. */
    public void call(Actor target, String name, Object... args) {
        dispatch(new Event(target, name, args));
    }

    /**
     * Sets a timer for the active actor.
     *
     * @return its ID
     */
    public long delaySet(String name, double seconds, Object... args) {
        return timerAt(name, System.nanoTime() + (long) (seconds * 1e9), args);
    }

    /** Sets a timer at a {@link System#nanoTime()} time; returns its ID. */
    public long timerAt(String name, long dueNanos, Object... args) {
        Timer t = new Timer(active, name, args, dueNanos, nextSeq++, nextId++);
        timers.add(t);
        timersById.put(t.id, t);
        return t.id;
    }

    /**
     * Cancels a timer by ID (lazily: it is skipped when it comes due; the queue is purged
     * when more than half of it is cancelled).
     *
     * @return whether it was pending
     */
    public boolean cancel(long id) {
        Timer t = timersById.remove(id);
        if (t == null) {
            return false;
        }
        t.cancelled = true;
        if (++cancelled > timers.size() / 2) {
            timers.removeIf(x -> x.cancelled);
            cancelled = 0;
        }
        return true;
    }

    /** Runs until no event and no timer is left. */
    public void run() {
        while (true) {
            Event e;
            while ((e = queue.poll()) != null) {
                dispatch(e);
            }
            Timer t = timers.peek();
            if (t == null) {
                return;
            }
            long now = System.nanoTime();
            if (t.due > now) {
                LockSupport.parkNanos(t.due - now);
                now = System.nanoTime();
            }
            while ((t = timers.peek()) != null && t.due <= now) {
                timers.poll();
                if (t.cancelled) {
                    cancelled--;
                } else {
                    timersById.remove(t.id);
                    queue.add(t);
                }
            }
        }
    }

    private void dispatch(Event e) {
        Handler h = e.target.handlers.get(e.name);
        if (h != null) {
            Actor prev = active;
            active = e.target;
            try {
                h.handle(this, e);
            } finally {
                active = prev;
            }
        }
    }
}
