package poe;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kernel's one entry for other threads: an MPSC queue of requests plus a coalesced
 * loop wakeup. Each producer's order is kept.
 */
final class Inbox {

    static final byte POST = 0;
    static final byte SIGNAL = 1;
    static final byte STOP = 2;
    static final byte RELEASE_HOLD = 3;
    static final byte CHILD_EXIT = 4;

    /** One request from another thread. */
    record Item(byte kind, Object dest, String name, Object[] args) {
    }

    private final ConcurrentLinkedQueue<Item> items = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();

    /** Adds a request; returns true if the caller must wake the loop. */
    boolean offer(Item item) {
        items.offer(item);
        return !wakePending.get() && wakePending.compareAndSet(false, true);
    }

    /**
     * Takes the next request, or null. Wakeups are re-enabled once the queue is found empty
     * (not on every call: producers that keep posting while the loop drains need no
     * wakeup); the second look catches a request offered just before that.
     */
    Item poll() {
        Item item = items.poll();
        if (item == null && wakePending.get()) {
            wakePending.set(false);
            item = items.poll();
        }
        return item;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /**
     * Called by the consumer before it waits: re-enables wakeups and says whether nothing
     * is waiting to be taken. Without it, a wakeup a loop turned away while it was not
     * running (the Vert.x loop between runs drops its hop) would leave wakeups disabled
     * with an empty queue, and the next request would never wake the loop.
     */
    boolean readyToWait() {
        wakePending.set(false);
        return items.isEmpty();
    }
}
