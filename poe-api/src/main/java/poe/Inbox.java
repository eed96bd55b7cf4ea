package poe;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The kernel's one entry for other threads: an MPSC queue of requests plus a coalesced
 * loop wakeup. Each producer's order is kept.
 *
 * <p>The queue is intrusive (D. Vyukov's MPSC linked queue): a request is its own node, and
 * offering one is a single atomic exchange of the tail, with no retry loop under
 * contention and no separate node to allocate. Only the kernel's thread takes.
 */
final class Inbox {

    static final byte POST = 0;
    static final byte SIGNAL = 1;
    static final byte STOP = 2;
    static final byte RELEASE_HOLD = 3;
    static final byte CHILD_EXIT = 4;

    /** One request from another thread, and its link in the queue. */
    static final class Item {
        private final byte kind;
        private final Object dest;
        private final String name;
        private final Object[] args;
        private volatile Item next;

        Item(byte kind, Object dest, String name, Object[] args) {
            this.kind = kind;
            this.dest = dest;
            this.name = name;
            this.args = args;
        }

        byte kind() {
            return kind;
        }

        Object dest() {
            return dest;
        }

        String name() {
            return name;
        }

        Object[] args() {
            return args;
        }

        @Override
        public String toString() {
            return "Inbox.Item[" + kind + " " + name + " -> " + dest + "]";
        }
    }

    /** The last item taken (or the first stub): the queue's head, owned by the kernel's thread. */
    private Item head = new Item((byte) -1, null, null, null);
    private final AtomicReference<Item> tail = new AtomicReference<>(head);
    private final AtomicBoolean wakePending = new AtomicBoolean();

    /** Adds a request; returns true if the caller must wake the loop. */
    boolean offer(Item item) {
        Item previous = tail.getAndSet(item);
        previous.next = item;   // until this store the kernel sees the queue end before it
        return !wakePending.get() && wakePending.compareAndSet(false, true);
    }

    /**
     * Takes the next request, or null. Wakeups are re-enabled once the queue is found empty
     * (not on every call: producers that keep posting while the loop drains need no
     * wakeup); the second look catches a request offered just before that.
     */
    Item poll() {
        Item item = take();
        if (item == null && wakePending.get()) {
            wakePending.set(false);
            item = take();
        }
        return item;
    }

    /**
     * The next item, or null. An item whose producer has swapped the tail but not linked it
     * yet is not seen; that producer then finds wakeups enabled and wakes the loop.
     */
    private Item take() {
        Item next = head.next;
        if (next == null) {
            return null;
        }
        head = next;   // it stays as the head (a stub) until the next take
        return next;
    }

    boolean isEmpty() {
        return head.next == null;
    }

    /**
     * Called by the consumer before it waits: re-enables wakeups and says whether nothing
     * is waiting to be taken. Without it, a wakeup a loop turned away while it was not
     * running (the Vert.x loop between runs drops its hop) would leave wakeups disabled
     * with an empty queue, and the next request would never wake the loop.
     */
    boolean readyToWait() {
        wakePending.set(false);
        return isEmpty();
    }
}
