package poe.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kernel's one entry for other threads: an MPSC queue of requests plus a coalesced
 * loop wakeup. Each producer's order is kept.
 *
 * <p>The queue is a linked list of chunks of slots, three slots (destination, name,
 * arguments) per request. A producer takes an index with one atomic add (no retry loop
 * under contention) and writes the request's fields into its slots: the {@link Item} it
 * was given does not escape, so once inlined a post allocates nothing but a new chunk
 * every {@value #CHUNK} requests. That matters more than the atomic: producers that post
 * faster than the loop dispatches build a backlog, and a backlog of objects (one per
 * request, linked) costs the garbage collector a copy per object and per young
 * collection, where a backlog of slot arrays costs a block copy. Only the kernel's
 * thread takes.
 *
 * <pre>{@code
 * // any thread
 * if (inbox.offer(new Inbox.Item(Inbox.POST, "sink", "ev", args))) {
 *     loop.wakeup();
 * }
 * // the kernel's thread
 * for (Inbox.Item item = inbox.poll(); item != null; item = inbox.poll()) {
 *     take(item);
 * }
 * }</pre>
 *
 * <p>Not API: see {@link poe.internal}.
 */
public final class Inbox {

    public static final byte POST = 0;
    public static final byte SIGNAL = 1;
    public static final byte STOP = 2;
    public static final byte RELEASE_HOLD = 3;
    public static final byte CHILD_EXIT = 4;

    /**
     * One request from another thread. A post that {@link #poll()} returns is valid only
     * until the next poll: the kernel's thread reuses one for every post it takes.
     *
     * <pre>{@code
     * new Inbox.Item(Inbox.SIGNAL, kernel, "INT", new Object[0])
     * }</pre>
     */
    public static final class Item {
        private final byte kind;
        private Object dest;
        private String name;
        private Object[] args;

        public Item(byte kind, Object dest, String name, Object[] args) {
            this.kind = kind;
            this.dest = dest;
            this.name = name;
            this.args = args;
        }

        public byte kind() {
            return kind;
        }

        public Object dest() {
            return dest;
        }

        public String name() {
            return name;
        }

        public Object[] args() {
            return args;
        }

        @Override
        public String toString() {
            return "Inbox.Item[" + kind + " " + name + " -> " + dest + "]";
        }
    }

    /** Requests per chunk (a power of two). */
    public static final int CHUNK = 1024;
    private static final int SHIFT = Integer.numberOfTrailingZeros(CHUNK);
    private static final int SLOTS = 3;

    /** The arguments slot of a post without arguments array (null is "not written yet"). */
    private static final Object NO_ARRAY = new Object();

    /**
     * A chunk of {@link #CHUNK} requests, linked to the next once some producer needs it,
     * and back to the one before it until the consumer has left that one.
     */
    private static final class Chunk {
        final long number;
        final Object[] slots = new Object[CHUNK * SLOTS];
        volatile Chunk next;
        volatile Chunk prev;

        Chunk(long number, Chunk prev) {
            this.number = number;
            this.prev = prev;
        }
    }

    /** What a chunk's {@code next} becomes once the consumer has left it: walk from the consumer's chunk. */
    private static final Chunk LEFT = new Chunk(-1, null);

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Chunk.class, "next", Chunk.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // any thread
    private final AtomicLong producerIndex = new AtomicLong();
    /** A recent chunk some producer wrote to: where producers start looking (a hint). */
    private volatile Chunk producerChunk;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    /** The consumer's chunk: producers behind the hint start from here (written by the consumer). */
    private volatile Chunk consumerChunk;

    /** The kernel's thread's own state, in an object of its own: its writes share no cache line with what producers read. */
    private final Cursor cursor = new Cursor();

    private static final class Cursor {
        long p0, p1, p2, p3, p4, p5, p6;   // padding: producers' objects allocated before it
        long index;
        Chunk chunk;
        final Item post = new Item(POST, null, null, null);
        long q0, q1, q2, q3, q4, q5, q6;   // padding: objects allocated after it
    }

    public Inbox() {
        Chunk first = new Chunk(0, null);
        producerChunk = first;
        consumerChunk = first;
        cursor.chunk = first;
    }

    /** Adds a request; returns true if the caller must wake the loop. */
    public boolean offer(Item item) {
        long index = producerIndex.getAndIncrement();
        Object[] slots = chunkFor(index >>> SHIFT).slots;
        int at = (int) (index & (CHUNK - 1)) * SLOTS;
        Object args = item.args();
        if (item.kind() == POST) {
            slots[at] = item.dest();
            slots[at + 1] = item.name();
        } else {
            slots[at] = item;   // rare kinds travel as themselves
        }
        // the arguments slot publishes the request; a volatile store, so that the
        // wakeup check below cannot be ordered before it (see poll)
        SLOT.setVolatile(slots, at + 2, item.kind() != POST ? item : args == null ? NO_ARRAY : args);
        return !wakePending.get() && wakePending.compareAndSet(false, true);
    }

    /**
     * The chunk with that number, linked in if no producer has yet. The hint serves almost
     * every call; a producer that took its index before others moved the hint on walks
     * back from it (a chunk or two: never as far as the consumer's backlog, which a walk
     * forward from the consumer's chunk would cost). A chunk the consumer has left has no
     * links: a producer that meets one starts again from the consumer's chunk, which
     * cannot be past a request not yet written.
     */
    private Chunk chunkFor(long number) {
        Chunk c = producerChunk;
        if (c.number == number) {
            return c;   // almost always
        }
        while (c.number > number) {
            Chunk prev = c.prev;
            c = prev != null ? prev : consumerChunk;
        }
        while (c.number < number) {
            Chunk next = c.next;
            if (next == null) {
                Chunk fresh = new Chunk(c.number + 1, c);
                next = NEXT.compareAndSet(c, null, fresh) ? fresh : c.next;
            }
            if (next == LEFT) {
                c = consumerChunk;
                continue;
            }
            c = next;
        }
        if (producerChunk.number < number) {
            producerChunk = c;
        }
        return c;
    }

    /**
     * Takes the next request, or null. Wakeups are re-enabled once the queue is found empty
     * (not on every call: producers that keep posting while the loop drains need no
     * wakeup); the second look catches a request offered just before that.
     */
    public Item poll() {
        Item item = take();
        if (item == null && wakePending.get()) {
            wakePending.set(false);
            item = take();
        }
        return item;
    }

    /**
     * The next request, or null. A request whose producer has taken its index but not
     * written its slots yet is not seen; that producer then finds wakeups enabled and
     * wakes the loop.
     */
    private Item take() {
        Cursor cursor = this.cursor;
        Chunk c = cursor.chunk;
        long index = cursor.index;
        int at = (int) (index & (CHUNK - 1)) * SLOTS;
        if (at == 0 && c.number != index >>> SHIFT) {
            Chunk next = c.next;
            if (next == null) {
                return null;
            }
            cursor.chunk = next;
            consumerChunk = next;
            next.prev = null;   // no producer walks back into a chunk left behind
            c.next = LEFT;      // nor forward from it; and no dead chunk keeps the next ones alive
            c = next;
        }
        Object[] slots = c.slots;
        Object last = SLOT.getAcquire(slots, at + 2);
        if (last == null) {
            return null;
        }
        Object first = slots[at];
        Object name = slots[at + 1];
        cursor.index = index + 1;
        if (last instanceof Item item) {
            return item;
        }
        Item post = cursor.post;
        post.dest = first;
        post.name = (String) name;
        post.args = last == NO_ARRAY ? null : (Object[]) last;
        return post;
    }

    public boolean isEmpty() {
        Chunk c = cursor.chunk;
        long index = cursor.index;
        int at = (int) (index & (CHUNK - 1)) * SLOTS;
        if (at == 0 && c.number != index >>> SHIFT) {
            c = c.next;
            if (c == null) {
                return true;
            }
        }
        return SLOT.getAcquire(c.slots, at + 2) == null;
    }

    /**
     * Called by the consumer before it waits: re-enables wakeups and says whether nothing
     * is waiting to be taken. Without it, a wakeup a loop turned away while it was not
     * running (the Vert.x loop between runs drops its hop) would leave wakeups disabled
     * with an empty queue, and the next request would never wake the loop. With requests
     * waiting it leaves wakeups off: the loop comes back for them without one, and the
     * {@link #poll()} that finds the queue empty turns them on (so producers that keep a
     * backlog pay no {@code Selector.wakeup()} per timeslice).
     */
    public boolean readyToWait() {
        if (!isEmpty()) {
            return false;
        }
        wakePending.set(false);
        return isEmpty();
    }
}
