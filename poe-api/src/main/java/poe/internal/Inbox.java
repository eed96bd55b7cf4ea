package poe.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kernel's one entry for other threads: an MPSC queue of requests plus a coalesced
 * loop wakeup. Each producer's order is kept.
 *
 * <p>The queue is a linked list of chunks of slots, one slot per request. A producer takes
 * an index with one atomic add (no retry loop under contention) and stores its request, an
 * immutable {@link Item}, in that slot. A post without arguments reuses the last such post's
 * item when it names the same destination and event ({@link #offerPost}), as producers that
 * feed one session do: then a post allocates nothing but a new chunk every {@value #CHUNK}
 * requests. That matters more than the atomic: producers that post faster than the loop
 * dispatches build a backlog, and a backlog of objects (one per request, linked) costs the
 * garbage collector a copy per object and per young collection, where a backlog of slot
 * arrays holding one shared item costs a block copy. One slot per request also keeps the
 * cache lines that producers and the consumer pass between them to a quarter of a
 * three-slot request's. Only the kernel's thread takes.
 *
 * <pre>{@code
 * // any thread
 * if (inbox.offerPost("sink", "ev", null)) {
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
     * One request from another thread, immutable: the same item may stand for many posts.
     *
     * <pre>{@code
     * new Inbox.Item(Inbox.SIGNAL, kernel, "INT", new Object[0])
     * }</pre>
     */
    public static final class Item {
        private final byte kind;
        private final Object dest;
        private final String name;
        private final Object[] args;

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

    /**
     * A chunk of {@link #CHUNK} requests, linked to the next once some producer needs it,
     * and back to the one before it until the consumer has left that one.
     */
    private static final class Chunk {
        final long number;
        /** Items; an Object[] for the VarHandle (an Item[] one type-checks every access at run time). */
        final Object[] slots = new Object[CHUNK];
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
    private static final VarHandle INDEX;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Chunk.class, "next", Chunk.class);
            INDEX = MethodHandles.lookup().findVarHandle(ProducerFields.class, "index", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // The producers' shared state and the consumer's own each sit in an object of its own,
    // padded on both sides (superclass fields come first, so the padding holds whatever
    // the JVM's field layout): the line every producer writes per request shares nothing
    // with what the consumer reads per request, and the other way round.

    /** Padding before the producers' fields. */
    private static class ProducerPad {
        long p0, p1, p2, p3, p4, p5, p6, p7;
    }

    /** What producers share (any thread). */
    private static class ProducerFields extends ProducerPad {
        /** The next request's index (atomic add through {@link #INDEX}). */
        volatile long index;
        /** A recent chunk some producer wrote to: where producers start looking (a hint). */
        volatile Chunk chunk;
    }

    /** The producers' fields, with padding after them. */
    private static final class Producers extends ProducerFields {
        long q0, q1, q2, q3, q4, q5, q6, q7;
    }

    /** Padding before the consumer's fields. */
    private static class CursorPad {
        long p0, p1, p2, p3, p4, p5, p6, p7;
    }

    /** The kernel's thread's own position. */
    private static class CursorFields extends CursorPad {
        long index;
        Chunk chunk;
    }

    /** The consumer's fields, with padding after them. */
    private static final class Cursor extends CursorFields {
        long q0, q1, q2, q3, q4, q5, q6, q7;
    }

    // --- set at construction (final), read from any thread
    private final Producers producers = new Producers();
    private final Cursor cursor = new Cursor();
    private final AtomicBoolean wakePending = new AtomicBoolean();

    // --- any thread, read per post and written rarely: kept off the line every producer
    // writes per request, so that reading it costs no line transfer
    /**
     * The last argument-less post some producer made (racy: any recent one does; an item
     * is immutable, its fields final, so a plain field publishes it safely).
     */
    private Item lastPost;

    // --- written by the kernel's thread once per chunk, read by producers behind the hint
    /** The consumer's chunk: producers behind the hint start from here. */
    private volatile Chunk consumerChunk;

    public Inbox() {
        Chunk first = new Chunk(0, null);
        producers.chunk = first;
        consumerChunk = first;
        cursor.chunk = first;
    }

    /**
     * Adds a post; returns true if the caller must wake the loop. Without arguments (null or
     * empty) and to an alias or ID it reuses the last such post's item if that names the
     * same destination and event, so a producer feeding one session allocates nothing. A
     * post to a session object is not kept for reuse: the kept item would hold the session
     * (and its heap) in memory after it stopped, until some other post replaced it.
     */
    public boolean offerPost(Object dest, String name, Object[] args) {
        Item item;
        if ((args == null || args.length == 0) && (dest instanceof String || dest instanceof Long)) {
            Item last = lastPost;
            if (last != null && last.dest == dest && last.name == name) {
                item = last;
            } else {
                lastPost = item = new Item(POST, dest, name, null);
            }
        } else {
            item = new Item(POST, dest, name, args);
        }
        return offer(item);
    }

    /** Adds a request; returns true if the caller must wake the loop. */
    public boolean offer(Item item) {
        // The index's atomic add is what orders this request before the wakeup check (the
        // consumer's side: readyToWait turns wakeups on, then compares the index with its
        // cursor): the slot needs only a release store, with no fence behind it, which
        // would stall the producer until a line the consumer is reading came back.
        long index = (long) INDEX.getAndAdd((ProducerFields) producers, 1L);
        Object[] slots = chunkFor(index >>> SHIFT).slots;
        SLOT.setRelease(slots, (int) index & (CHUNK - 1), item);
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
        Producers shared = producers;
        Chunk c = shared.chunk;
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
        if (shared.chunk.number < number) {
            shared.chunk = c;
        }
        return c;
    }

    /**
     * Takes the next request, or null. Wakeups are re-enabled once the queue is found empty
     * (not on every call: producers that keep posting while the loop drains need no
     * wakeup); the second look catches a request offered just before that. Null does not
     * mean empty: a producer may have taken its index and not yet stored its request
     * (then {@link #isEmpty()} is false, and the loop must come back for it).
     */
    public Item poll() {
        Item item = take(false);
        if (item == null && wakePending.get()) {
            wakePending.set(false);
            item = take(false);
        }
        return item;
    }

    /**
     * Takes the next request if it is a post, else null: none stored yet, or one of another
     * kind (left for {@link #poll()}). Leaves wakeups as they are: before the loop waits it
     * asks {@link #readyToWait()} (or {@link #isEmpty()}, after a poll found the inbox empty).
     */
    public Item pollPost() {
        return take(true);
    }

    /**
     * The next request, or null. A request whose producer has taken its index but not
     * written its slot yet is not seen (but counts for {@link #isEmpty()}).
     */
    private Item take(boolean postsOnly) {
        Cursor cursor = this.cursor;
        Chunk c = cursor.chunk;
        long index = cursor.index;
        int at = (int) index & (CHUNK - 1);
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
        Item item = (Item) SLOT.getAcquire(c.slots, at);
        if (item == null || postsOnly && item.kind != POST) {
            return null;
        }
        cursor.index = index + 1;
        return item;
    }

    /**
     * Whether no request is waiting, counting those whose producer has taken an index but
     * not yet stored the request (the loop must not wait for those: their producer may
     * have found a wakeup already pending, and not woken the loop). Reads the producers'
     * index, a line they write: call it once per drain, not per request. Kernel thread only.
     */
    public boolean isEmpty() {
        return (long) INDEX.getVolatile((ProducerFields) producers) == cursor.index;
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
        // a volatile store, then the index read: either a producer's atomic add comes
        // before this read (and the index shows it), or its wakeup check comes after the
        // store (and it wakes the loop)
        wakePending.set(false);
        return isEmpty();
    }
}
