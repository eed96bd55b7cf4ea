package poe.wheel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves the output of every {@link Run} wheel's child processes to the wheels with one
 * thread for all of them, instead of a pump thread per stream.
 *
 * <p>Each stream has a {@link Feed}: a selectable pipe the wheel watches, and normally a
 * {@link ChunkRelay}, which the wheel uses as its driver. The chunks read from the child
 * then go to the wheel's filter as they are (the arrays are handed over, not copied), and
 * the pipe only carries a doorbell byte and the end of the stream. A wheel with a driver
 * of the user's gets the bytes themselves through the pipe ("copied" feeds below).
 *
 * <p>A {@link Process}'s streams cannot be selected, but {@code available()} on a pipe is
 * exact (FIONREAD), so a read of that many bytes never blocks. The pump thread
 * ({@code poe-run-pump}) visits each registered stream and copies while there is data and
 * room, up to {@value #BURST} chunks per visit. What it waits for decides how it waits:
 * <ul>
 *   <li>the wheel is behind or paused (its relay holds {@value ChunkRelay#LIMIT} bytes,
 *       or a copied feed's pipe is full): the pump waits until the kernel's thread takes a
 *       chunk, which wakes it (a full pipe is watched by the pump's selector);</li>
 *   <li>a child has written nothing new: it polls, {@value #MIN_POLL_NANOS} ns after data
 *       last moved, doubling up to 10 ms while the streams stay quiet;</li>
 *   <li>a child exits or a stream is registered or cancelled: it is woken at once.</li>
 * </ul>
 * While the wheel is behind the pump stops reading the child's stream, the child's own
 * pipe fills and the child blocks in write: back-pressure with at most
 * {@value ChunkRelay#LIMIT} bytes plus one chunk ({@value #CHUNK} bytes) held per relayed
 * stream, one chunk per copied one. The thread ends after a second without streams.
 *
 * <p>Owner threads ({@code poe-run-drain-N}, from a pool with no idle threads after a
 * second) read a stream with blocking reads until its end and hand the chunks on
 * themselves (a full chunk as it was read), waiting while the wheel is behind, so
 * back-pressure and what is held per stream stay the same. A stream gets one in two cases:
 * <ul>
 *   <li>it floods: {@value #HOT_BYTES} bytes without a 10 ms pause (time blocked on a
 *       full relay or pipe is not a pause). Polling cannot keep
 *       up with a child that fills its 64 KiB pipe in microseconds, and every poll that
 *       finds the pipe empty costs a park; a blocking read is woken by the child's write.
 *       At most {@link #MAX_OWNERS} such streams at once (processors, at least two), so
 *       200 children never need 200 threads; the rest stay with the pump;</li>
 *   <li>its child has exited: end of stream cannot be seen without a blocking read, and
 *       after exit the JDK has already collected what the child left in the pipe, so the
 *       read returns at once unless a grandchild still holds the pipe open (then it waits
 *       for that grandchild, as a pump thread would).</li>
 * </ul>
 * An owner that is blocked in a read while its wheel closes ends at the child's next
 * write or exit.
 *
 * <p>A pipe's writing end that was registered with a selector is really closed only at
 * that selector's next select, so whoever closes one flushes the cancelled key at once:
 * otherwise the wheel would see the end of its input only when that thread selects again.
 */
final class ChildPump {

    /** The most bytes held per stream between the child and the wheel's pipe. */
    static final int CHUNK = 64 * 1024;
    /** Chunks copied per stream per visit, so one busy child cannot starve the others. */
    static final int BURST = 8;
    /** The first poll interval after data moved; it doubles while nothing moves. */
    static final long MIN_POLL_NANOS = 50_000;
    /** Bytes a stream moves without pause before it is {@linkplain #handOver handed to an owner thread}. */
    static final long HOT_BYTES = 256 * 1024;
    /** A pause in a stream's output that ends its streak of bytes. */
    static final long HOT_GAP_NANOS = 10_000_000;
    /** Hot streams read by owner threads at once; the others stay with the pump. */
    static final int MAX_OWNERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final long MAX_POLL_NANOS = 10_000_000;
    /** How long the thread waits for a new stream before it ends. */
    private static final long LINGER_NANOS = 1_000_000_000;

    private static final ChildPump INSTANCE = new ChildPump();
    private static final AtomicInteger DRAINS = new AtomicInteger();

    private final Object lock = new Object();
    private final List<Feed> feeds = new ArrayList<>();
    private Thread thread;
    /** The pump thread's selector for full pipes; null if none could be opened (then it polls). */
    private volatile Selector selector;
    /** Hot streams with an owner thread now (at most {@link #MAX_OWNERS}). */
    private final AtomicInteger owners = new AtomicInteger();
    private final ThreadPoolExecutor ownerPool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(() -> {
                    try {
                        r.run();
                    } finally {
                        Selector s = OWNER_SELECTOR.get();
                        OWNER_SELECTOR.remove();
                        AbstractWheel.closeQuietly(s);
                    }
                }, "poe-run-drain-" + DRAINS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    /** An owner thread's selector, to wait for room in a full pipe; made on first use (never for a relay). */
    private static final ThreadLocal<Selector> OWNER_SELECTOR = new ThreadLocal<>();

    /** This owner thread's selector, opened now if it has none; null if none could be opened. */
    private static Selector ownerSelector() {
        Selector s = OWNER_SELECTOR.get();
        if (s == null) {
            try {
                s = Selector.open();
                OWNER_SELECTOR.set(s);
            } catch (IOException e) {
                return null;
            }
        }
        return s;
    }

    private ChildPump() {
    }

    static ChildPump get() {
        return INSTANCE;
    }

    /** What one visit to a stream found. */
    private enum Step {
        /** Bytes moved. */
        MOVED,
        /** The child had nothing new. */
        IDLE,
        /** The pipe to the wheel is full: wait for it to be writable. */
        BLOCKED,
        /** The drain thread owns the stream, or the feed is done. */
        WAITING
    }

    /** One child stream and the pipe it is copied into. */
    static final class Feed {
        final InputStream in;
        final Process process;
        final Pipe.SinkChannel sink;
        /** The reading end, for the wheel. */
        final Pipe.SourceChannel source;
        final ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        /**
         * Where chunks go when the wheel reads them from a {@link ChunkRelay} (the pipe is its
         * doorbell); null when the bytes themselves go through the pipe (a wheel with its own driver).
         */
        final ChunkRelay relay;
        /** An owner thread reads the stream now (a hot stream, or the end after exit). */
        volatile boolean owned;
        /** Bytes moved without a pause of {@link #HOT_GAP_NANOS} (pump thread only). */
        long streak;
        /** When bytes last moved (pump thread only). */
        long lastMoved;
        volatile boolean cancelled;
        /** The sink's key in the pump's selector, once it was first full (pump thread only). */
        SelectionKey key;

        Feed(InputStream in, Process process, Pipe pipe, boolean relayed) {
            this.in = in;
            this.process = process;
            this.sink = pipe.sink();
            this.source = pipe.source();
            this.relay = relayed ? new ChunkRelay(sink) : null;
            buf.flip();                                     // empty, ready to be written from
        }
    }

    /**
     * Starts moving {@code in} (a stream of {@code process}) to a wheel.
     *
     * @param relayed true: the chunks go through the feed's {@link ChunkRelay}, which the
     *     wheel uses as its driver on {@code source}; false: the bytes are copied into the pipe
     * @return the feed; its {@code source} is the pipe's reading end, non-blocking, at end
     *     of input once the stream ended
     */
    Feed register(InputStream in, Process process, boolean relayed) throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        Feed f = new Feed(in, process, pipe, relayed);
        synchronized (lock) {
            feeds.add(f);
            if (thread == null) {
                thread = new Thread(this::loop, "poe-run-pump");
                thread.setDaemon(true);
                thread.start();
            }
        }
        wake();
        return f;
    }

    /**
     * Wakes the pump when {@code process} exits: the end of its streams is read then.
     * Once per process, after its streams are registered.
     */
    void wakeOnExit(Process process) {
        process.onExit().thenRun(this::wake);
    }

    /** Wakes the pump thread from its poll or select. */
    private void wake() {
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
        Thread t;
        synchronized (lock) {
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void loop() {
        Selector own = null;
        try {
            own = Selector.open();
        } catch (IOException e) {
            AbstractWheel.LOG.log(System.Logger.Level.DEBUG, "poe-run-pump: no selector, polling full pipes", e);
        }
        selector = own;
        try {
            run(own);
        } finally {
            synchronized (lock) {
                if (selector == own) {                      // a new pump thread may have its own by now
                    selector = null;
                }
            }
            AbstractWheel.closeQuietly(own);
        }
    }

    private void run(Selector sel) {
        long poll = MIN_POLL_NANOS;
        long idleSince = 0;
        List<Feed> snapshot = new ArrayList<>();
        while (true) {
            snapshot.clear();
            synchronized (lock) {
                if (feeds.isEmpty()) {
                    long now = System.nanoTime();
                    if (idleSince == 0) {
                        idleSince = now;
                    } else if (now - idleSince >= LINGER_NANOS) {
                        thread = null;
                        return;
                    }
                } else {
                    idleSince = 0;
                }
                snapshot.addAll(feeds);
            }
            if (snapshot.isEmpty()) {
                LockSupport.parkNanos(LINGER_NANOS / 4);
                continue;
            }
            boolean moved = false;
            boolean polling = false;
            boolean blocked = false;
            for (Feed f : snapshot) {
                Step step;
                try {
                    step = pump(f);
                } catch (IOException e) {
                    // the wheel closed its end (or the pipe broke): nobody wants the rest
                    finish(f);
                    continue;
                }
                if (f.relay == null) {
                    watchWritable(sel, f, step == Step.BLOCKED);   // a relay wakes the pump itself
                }
                switch (step) {
                    case MOVED -> moved = true;
                    case IDLE -> polling = true;
                    case BLOCKED -> blocked = true;
                    default -> { }
                }
            }
            if (moved) {
                poll = MIN_POLL_NANOS;
                continue;
            }
            await(sel, polling ? poll : -1, blocked);
            if (polling) {
                poll = Math.min(MAX_POLL_NANOS, poll * 2);
            }
        }
    }

    /**
     * Waits until a full pipe is writable, a wake-up, or {@code pollNanos} (negative: no
     * stream needs polling, only the wake-ups and full pipes count).
     */
    private static void await(Selector s, long pollNanos, boolean blocked) {
        if (s == null || !blocked) {
            LockSupport.parkNanos(pollNanos < 0 ? MAX_POLL_NANOS : pollNanos);
            return;
        }
        try {
            if (pollNanos >= 0 && pollNanos < 1_000_000) {
                // shorter than select's millisecond: a full pipe is simply retried after the poll
                LockSupport.parkNanos(pollNanos);
                s.selectNow();
            } else {
                s.select(pollNanos < 0 ? 100 : pollNanos / 1_000_000);
            }
            s.selectedKeys().clear();
        } catch (IOException e) {
            LockSupport.parkNanos(MIN_POLL_NANOS);
        }
    }

    /** Asks the selector to report the feed's sink writable (or stops asking). */
    private static void watchWritable(Selector s, Feed f, boolean full) {
        if (s == null) {
            return;
        }
        if (full && f.key == null && f.sink.isOpen()) {
            try {
                f.key = f.sink.register(s, SelectionKey.OP_WRITE);
            } catch (ClosedChannelException | IllegalStateException e) {
                // closed meanwhile: the next visit finishes the feed
            }
        } else if (f.key != null && f.key.isValid()) {
            f.key.interestOps(full ? SelectionKey.OP_WRITE : 0);
        }
    }

    /** One visit to one stream. */
    private Step pump(Feed f) throws IOException {
        if (f.cancelled || !f.sink.isOpen() || !f.source.isOpen()) {
            finish(f);
            return Step.WAITING;
        }
        if (f.relay != null && !f.relay.hasRoom(this::wake)) {
            return streak(f, 0, Step.BLOCKED);              // the wheel is behind: do not read more
        }
        if (f.buf.hasRemaining()) {
            f.sink.write(f.buf);
            if (f.buf.hasRemaining()) {
                return streak(f, 0, Step.BLOCKED);          // the reader is behind: do not read more
            }
        }
        long bytes = 0;
        for (int i = 0; i < BURST; i++) {
            // fill the chunk with what is there, so the wheel gets few large reads, not many small ones
            byte[] b = f.buf.array();
            int filled = 0;
            boolean end = false;
            while (filled < CHUNK) {
                int n;
                try {
                    n = f.in.available();
                } catch (IOException e) {
                    end = true;                             // closed under us: the owner sees the end
                    break;
                }
                if (n <= 0) {
                    break;
                }
                int got = f.in.read(b, filled, Math.min(n, CHUNK - filled));
                if (got < 0) {
                    end = true;
                    break;
                }
                filled += got;
            }
            bytes += filled;
            boolean room = true;
            if (f.relay == null) {
                f.buf.clear().limit(filled);
            } else if (filled > 0) {
                room = f.relay.offer(Arrays.copyOf(b, filled), this::wake);
            }
            if (end) {
                handOver(f, false);                         // it writes what was read, then closes
                return Step.MOVED;
            }
            if (filled == 0) {
                break;
            }
            if (f.relay == null) {
                f.sink.write(f.buf);
                room = !f.buf.hasRemaining();
            }
            if (!room) {
                return streak(f, bytes, Step.BLOCKED);
            }
        }
        if (bytes > 0) {
            return streak(f, bytes, Step.MOVED);
        }
        if (!f.process.isAlive()) {
            handOver(f, false);
            return Step.MOVED;
        }
        return Step.IDLE;
    }

    /**
     * Counts a visit that read {@code bytes} or found the wheel's pipe full (the child is
     * busy either way) into the stream's streak, and hands a flood to an owner thread.
     */
    private Step streak(Feed f, long bytes, Step step) {
        long now = System.nanoTime();
        f.streak = now - f.lastMoved > HOT_GAP_NANOS ? bytes : f.streak + bytes;
        f.lastMoved = now;
        if (f.streak >= HOT_BYTES && owners.get() < MAX_OWNERS) {
            handOver(f, true);                              // a flood: a blocking reader moves it faster
            return Step.MOVED;
        }
        return step;
    }

    /**
     * Gives the stream to an owner thread that reads it with blocking reads until its end:
     * a hot stream ({@code hot}, at most {@link #MAX_OWNERS} at a time), or one whose child
     * has exited (its end is near).
     */
    private void handOver(Feed f, boolean hot) {
        if (hot && owners.incrementAndGet() > MAX_OWNERS) {
            owners.decrementAndGet();
            return;
        }
        f.owned = true;
        synchronized (lock) {
            feeds.remove(f);
        }
        if (f.key != null) {
            f.key.cancel();
            f.key = null;
            flush(selector);                                // else the owner's close would wait for our next select
        }
        try {
            ownerPool.execute(() -> own(f, hot));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (hot) {
                owners.decrementAndGet();
            }
            f.owned = false;
            synchronized (lock) {
                feeds.add(f);
            }
        }
    }

    /** The owner thread: blocking reads into the pipe until the end of the stream, then closes both. */
    private void own(Feed f, boolean hot) {
        try {
            if (f.relay != null) {
                relayAll(f);
                return;
            }
            writeFully(f);                                  // what the pump could not hand on yet
            byte[] b = f.buf.array();
            while (!f.cancelled) {
                f.buf.clear();
                int got = f.in.read(b, 0, CHUNK);
                if (got < 0) {
                    break;
                }
                f.buf.limit(got);
                writeFully(f);
            }
        } catch (IOException e) {
            // the wheel closed its end, or the stream failed: that is the end of it
        } finally {
            if (hot) {
                owners.decrementAndGet();
            }
            if (f.relay != null) {
                f.relay.end();
            }
            closeSink(f.sink, f.relay != null ? null : OWNER_SELECTOR.get());
            AbstractWheel.closeQuietly(f.in);
        }
    }

    /**
     * An owner thread's reads into chunks for the relay; waits while the wheel is behind.
     * What the pipe holds already is read into an array of its size (nothing to copy); only
     * when it is empty does the thread block in a read of up to a chunk, and hands on a
     * shorter read as an exact copy.
     */
    private static void relayAll(Feed f) throws IOException {
        byte[] next = new byte[CHUNK];
        while (!f.cancelled) {
            f.relay.awaitRoom();
            int ready = f.in.available();
            byte[] chunk;
            if (ready > 0) {
                chunk = new byte[Math.min(ready, CHUNK)];
                int got = f.in.read(chunk, 0, chunk.length);  // there: does not block
                if (got < 0) {
                    return;
                }
                if (got < chunk.length) {
                    chunk = Arrays.copyOf(chunk, got);
                }
            } else {
                int got = f.in.read(next, 0, CHUNK);
                if (got < 0) {
                    return;
                }
                if (got == CHUNK) {
                    chunk = next;
                    next = new byte[CHUNK];
                } else {
                    chunk = Arrays.copyOf(next, got);
                }
            }
            f.relay.offer(chunk, null);
        }
    }

    /** Deregisters the selector's cancelled keys now. */
    private static void flush(Selector s) {
        if (s == null) {
            return;
        }
        try {
            s.selectNow();
            s.selectedKeys().clear();
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            AbstractWheel.LOG.log(System.Logger.Level.DEBUG, "poe-run: flushing cancelled keys", e);
        }
    }

    /**
     * Closes a pipe's writing end at once. A channel registered with a selector is really
     * closed only when that selector next selects, and until then the wheel would not see
     * the end of its input: so cancel, close, and let the selector flush the key now.
     */
    private static void closeSink(Pipe.SinkChannel sink, Selector s) {
        SelectionKey k = s == null ? null : sink.keyFor(s);
        if (k != null) {
            k.cancel();
        }
        AbstractWheel.closeQuietly(sink);
        if (k != null) {
            flush(s);
        }
    }

    /** Writes the feed's buffer into its pipe, waiting for room (the wheel's back-pressure). */
    private static void writeFully(Feed f) throws IOException {
        while (f.buf.hasRemaining()) {
            f.sink.write(f.buf);
            if (!f.buf.hasRemaining()) {
                return;
            }
            if (f.cancelled) {
                throw new IOException("cancelled");
            }
            Selector s = ownerSelector();
            if (s == null) {
                LockSupport.parkNanos(MIN_POLL_NANOS);
                continue;
            }
            SelectionKey k = f.sink.keyFor(s);
            if (k == null) {
                k = f.sink.register(s, SelectionKey.OP_WRITE);
            }
            s.select(100);
            s.selectedKeys().clear();
        }
    }

    /** Stops copying a stream (its wheel closed); the pump closes the pipe at once. */
    void cancel(Feed f) {
        f.cancelled = true;
        if (f.relay != null) {
            f.relay.cancel();                               // releases an owner waiting for room
        }
        wake();
    }

    private void finish(Feed f) {
        synchronized (lock) {
            feeds.remove(f);
        }
        if (f.relay != null) {
            f.relay.cancel();
        }
        f.key = null;
        closeSink(f.sink, selector);
        AbstractWheel.closeQuietly(f.in);
    }
}
