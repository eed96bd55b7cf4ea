package poe.wheel;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands the chunks that {@link ChildPump} reads from a child's stream to the {@link Run}
 * wheel's reader as they are, instead of copying them through a pipe: the arrays go from
 * the thread that read them to the kernel's thread, and on to the filter (which may keep
 * them, see {@link poe.filter.Filter}). The pipe stays, but only as a doorbell: one byte
 * says "chunks are waiting", so the loop's ordinary read readiness wakes the wheel, the
 * watcher keeps the session alive, and the closed pipe is the end of the stream.
 *
 * <p>It is the wheel's {@link poe.driver.Driver}: each {@link #get} takes one chunk (the
 * doorbell stays rung while more wait, so a paused or slow wheel takes one chunk per
 * readiness, as {@link poe.driver.SysRW} reads one block). Back-pressure: the reading
 * thread stops while {@value #LIMIT} bytes or more wait, so at most {@code LIMIT} plus
 * one chunk ({@value ChildPump#CHUNK} bytes) is held per stream; the child then blocks
 * in its write.
 *
 * <pre>{@code
 * ChunkRelay relay = new ChunkRelay(pipe.sink());
 * relay.offer(bytes, pumpWakeup);        // the reading thread
 * List<byte[]> one = relay.get(source);  // the kernel's thread, on read readiness
 * }</pre>
 */
final class ChunkRelay implements poe.driver.Driver {

    /** Bytes waiting for the wheel before the reading thread stops. */
    static final int LIMIT = 4 * ChildPump.CHUNK;

    private final Pipe.SinkChannel bell;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ByteBuffer ring = ByteBuffer.allocate(1);
    private final ByteBuffer drain = ByteBuffer.allocate(64);
    private int bytes;
    /** A doorbell byte is in the pipe (or being written): set and cleared under the lock. */
    private boolean rung;
    private boolean ended;
    private boolean cancelled;
    /** Run when room frees up: the pump thread's wake-up, while it waits for this relay. */
    private Runnable onRoom;

    ChunkRelay(Pipe.SinkChannel bell) {
        this.bell = bell;
    }

    // ------------------------------------------------------------------ the reading thread

    /**
     * Queues a chunk for the wheel and rings the doorbell if it is not rung.
     *
     * @param chunk  an array the relay now owns
     * @param onFull run once room frees up, if this chunk filled the relay (null: nobody to wake)
     * @return whether there is room for more
     * @throws IOException when the wheel is gone (cancelled, or its end of the pipe closed)
     */
    synchronized boolean offer(byte[] chunk, Runnable onFull) throws IOException {
        if (cancelled) {
            throw new IOException("the wheel stopped reading");
        }
        chunks.add(chunk);
        bytes += chunk.length;
        if (!rung) {
            rung = true;
            ring.clear();
            bell.write(ring);
        }
        if (bytes >= LIMIT) {
            onRoom = onFull;
            return false;
        }
        return true;
    }

    /**
     * Whether there is room now; if not, {@code onFull} runs once there is.
     *
     * @throws IOException when the wheel is gone
     */
    synchronized boolean hasRoom(Runnable onFull) throws IOException {
        if (cancelled) {
            throw new IOException("the wheel stopped reading");
        }
        if (bytes < LIMIT) {
            return true;
        }
        onRoom = onFull;
        return false;
    }

    /**
     * Blocks until there is room (an owner thread).
     *
     * @throws IOException when the wheel is gone meanwhile
     */
    synchronized void awaitRoom() throws IOException {
        while (bytes >= LIMIT && !cancelled && bell.isOpen()) {
            try {
                wait(100);                                  // cancel() and get() notify; 100 ms covers a closed pipe
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        if (cancelled || !bell.isOpen()) {
            throw new IOException("the wheel stopped reading");
        }
    }

    /** No more chunks will come; the caller closes the pipe next. */
    synchronized void end() {
        ended = true;
    }

    /** The wheel stopped reading: drop what waits and release a waiting reader. */
    synchronized void cancel() {
        cancelled = true;
        chunks.clear();
        bytes = 0;
        notifyAll();
    }

    boolean isCancelled() {
        synchronized (this) {
            return cancelled;
        }
    }

    // ------------------------------------------------------------------ the wheel (Driver)

    /**
     * Takes the next chunk, or the next few small ones up to {@value ChildPump#CHUNK} bytes
     * together (as a read of the pipe would); once none waits, empties the doorbell.
     *
     * @throws EOFException when no chunk waits and none will come
     */
    @Override
    public List<byte[]> get(ReadableByteChannel channel) throws IOException {
        Runnable wake;
        List<byte[]> out;
        synchronized (this) {
            byte[] first = chunks.poll();
            if (first == null) {
                boolean eof = emptyDoorbell(channel);
                rung = false;
                if (eof || ended) {
                    throw new EOFException("end of stream");
                }
                return List.of();
            }
            int taken = first.length;
            if (chunks.isEmpty() || taken + chunks.peek().length > ChildPump.CHUNK) {
                out = List.of(first);
            } else {
                out = new ArrayList<>();
                out.add(first);
                while (!chunks.isEmpty() && taken + chunks.peek().length <= ChildPump.CHUNK) {
                    byte[] next = chunks.poll();
                    out.add(next);
                    taken += next.length;
                }
            }
            if (chunks.isEmpty()) {
                emptyDoorbell(channel);                     // its end, if closed, is seen by the next get
                rung = false;
            }
            boolean wasFull = bytes >= LIMIT;
            bytes -= taken;
            wake = null;
            if (wasFull && bytes < LIMIT) {
                notifyAll();
                wake = onRoom;
                onRoom = null;
            }
        }
        if (wake != null) {
            wake.run();
        }
        return out;
    }

    /** Reads the doorbell bytes; true at the pipe's end. */
    private boolean emptyDoorbell(ReadableByteChannel channel) throws IOException {
        while (true) {
            drain.clear();
            int n = channel.read(drain);
            if (n < 0) {
                return true;
            }
            if (n < drain.capacity()) {
                return false;
            }
        }
    }

    @Override
    public long put(List<byte[]> chunks) {
        throw new UnsupportedOperationException("a child's output stream is read-only");
    }

    @Override
    public long flush(WritableByteChannel channel) {
        return 0;
    }

    @Override
    public long getOutOctets() {
        return 0;
    }

    @Override
    public int getOutMessages() {
        return 0;
    }

    @Override
    public synchronized String toString() {
        return "ChunkRelay[" + chunks.size() + " chunks, " + bytes + " bytes" + (ended ? ", ended" : "") + "]";
    }
}
