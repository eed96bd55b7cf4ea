package poe.wheel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves the output of every {@link Run} wheel's child processes into selectable pipes with
 * one thread for all of them, instead of a pump thread per stream.
 *
 * <p>A {@link Process}'s streams cannot be selected, but {@code available()} on a pipe is
 * exact (FIONREAD), so a read of that many bytes never blocks. The pump thread
 * ({@code poe-run-pump}) polls each registered stream: while data moves it polls again at
 * once; when nothing moved it sleeps, 0.5 ms at first, doubling up to 10 ms. It exits when
 * no stream is registered. Data goes into a non-blocking pipe that a {@link ReadWrite}
 * wheel reads on the kernel's thread; when that pipe is full (the session pauses or is
 * slow) the pump stops reading the child's stream, the child's own pipe fills and the
 * child blocks in write: back-pressure with at most one chunk ({@value #CHUNK} bytes)
 * held per stream.
 *
 * <p>End of stream cannot be seen without a blocking read. Once the child process has
 * exited, a short-lived thread ({@code poe-run-drain}, from a pool with no idle threads
 * after a second) reads the stream to its end: after exit the JDK has already collected
 * what the child left in the pipe, so the read returns at once unless a grandchild still
 * holds the pipe open (then it waits for that grandchild, as a pump thread would).
 */
final class ChildPump {

    static final int CHUNK = 64 * 1024;
    private static final long MIN_SLEEP_NANOS = 500_000;
    private static final long MAX_SLEEP_NANOS = 10_000_000;

    private static final ChildPump INSTANCE = new ChildPump();
    private static final AtomicInteger DRAINS = new AtomicInteger();

    private final Object lock = new Object();
    private final List<Feed> feeds = new ArrayList<>();
    private Thread thread;
    private final ThreadPoolExecutor drainPool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "poe-run-drain-" + DRAINS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private ChildPump() {
    }

    static ChildPump get() {
        return INSTANCE;
    }

    /** One child stream and the pipe it is copied into. */
    static final class Feed {
        final InputStream in;
        final Process process;
        final Pipe.SinkChannel sink;
        /** The reading end, for the wheel. */
        final Pipe.SourceChannel source;
        final ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        /** Set when the stream ended (or failed): flush buf, then close the sink. */
        volatile boolean eof;
        /** A drain task owns the stream now. */
        volatile boolean draining;
        volatile boolean cancelled;

        Feed(InputStream in, Process process, Pipe pipe) {
            this.in = in;
            this.process = process;
            this.sink = pipe.sink();
            this.source = pipe.source();
            buf.flip();                                     // empty, ready to be written from
        }
    }

    /**
     * Starts copying {@code in} (a stream of {@code process}) into a new pipe.
     *
     * @return the feed; its {@code source} is the pipe's reading end, non-blocking, at end
     *     of input once the stream ended
     */
    Feed register(InputStream in, Process process) throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        Feed f = new Feed(in, process, pipe);
        synchronized (lock) {
            feeds.add(f);
            if (thread == null) {
                thread = new Thread(this::loop, "poe-run-pump");
                thread.setDaemon(true);
                thread.start();
            } else {
                LockSupport.unpark(thread);
            }
        }
        return f;
    }

    private void loop() {
        long sleep = MIN_SLEEP_NANOS;
        List<Feed> snapshot = new ArrayList<>();
        while (true) {
            snapshot.clear();
            synchronized (lock) {
                if (feeds.isEmpty()) {
                    thread = null;
                    return;
                }
                snapshot.addAll(feeds);
            }
            boolean moved = false;
            for (Feed f : snapshot) {
                try {
                    moved |= pump(f);
                } catch (IOException e) {
                    // the wheel closed its end (or the pipe broke): nobody wants the rest
                    finish(f);
                }
            }
            if (moved) {
                sleep = MIN_SLEEP_NANOS;
                Thread.yield();
            } else {
                LockSupport.parkNanos(sleep);
                sleep = Math.min(MAX_SLEEP_NANOS, sleep * 2);
            }
        }
    }

    /** One step for one stream; true if bytes moved. */
    private boolean pump(Feed f) throws IOException {
        if (f.cancelled || !f.sink.isOpen() || !f.source.isOpen()) {
            finish(f);
            return false;
        }
        boolean eof = f.eof;                                // read first: the drain fills, then sets eof
        boolean moved = false;
        synchronized (f) {
            if (f.buf.hasRemaining()) {
                moved = f.sink.write(f.buf) > 0;
                if (f.buf.hasRemaining()) {
                    return moved;                           // the reader is behind: do not read more
                }
            }
        }
        if (eof) {
            finish(f);
            return true;
        }
        if (f.draining) {
            return moved;
        }
        int n;
        try {
            n = f.in.available();
        } catch (IOException e) {
            startDrain(f);                                  // closed under us: the drain sees the end
            return moved;
        }
        if (n > 0) {
            synchronized (f) {
                f.buf.clear();
                int got = f.in.read(f.buf.array(), 0, Math.min(n, CHUNK));
                if (got < 0) {
                    f.buf.limit(0);
                    f.eof = true;
                    return true;
                }
                f.buf.limit(got);
                f.sink.write(f.buf);
            }
            return true;
        }
        if (!f.process.isAlive()) {
            startDrain(f);
        }
        return moved;
    }

    private void startDrain(Feed f) {
        f.draining = true;
        drainPool.execute(() -> {
            byte[] b = new byte[CHUNK];
            try {
                while (!f.cancelled) {
                    // wait until the pump has handed the previous chunk to the pipe
                    while (!f.cancelled && pending(f)) {
                        LockSupport.parkNanos(MIN_SLEEP_NANOS);
                    }
                    int got = f.in.read(b);
                    if (got < 0) {
                        break;
                    }
                    ByteBuffer next = ByteBuffer.wrap(b, 0, got);
                    synchronized (f) {
                        f.buf.clear();
                        f.buf.put(next);
                        f.buf.flip();
                    }
                }
            } catch (IOException e) {
                // closed or failed: that is the end of it
            } finally {
                f.eof = true;
                synchronized (lock) {
                    if (thread != null) {
                        LockSupport.unpark(thread);
                    }
                }
            }
        });
    }

    private static boolean pending(Feed f) {
        synchronized (f) {
            return f.buf.hasRemaining();
        }
    }

    /** Stops copying a stream (its wheel closed); the pump closes the pipe soon. */
    void cancel(Feed f) {
        f.cancelled = true;
    }

    private void finish(Feed f) {
        synchronized (lock) {
            feeds.remove(f);
        }
        AbstractWheel.closeQuietly(f.sink);
        if (!f.draining) {
            AbstractWheel.closeQuietly(f.in);
        }
    }
}
