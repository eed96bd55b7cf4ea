package poe.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The standard driver (POE::Driver::SysRW): non-blocking reads of up to
 * {@link #blockSize()} bytes (64 KiB by default) and a FIFO output queue that is written
 * as far as the channel takes it.
 *
 * <p>Reads go to a buffer of the reading thread's, shared by every driver read on that
 * thread, and what was read is copied out: an idle driver holds only its (empty) output
 * queue. A driver with a block size above {@link #DEFAULT_BLOCK_SIZE} keeps a read buffer
 * of its own, made on its first read.
 *
 * <p>{@link #get} performs one read and returns at most one chunk, exactly as long as
 * what was read. {@link #flush} writes queued chunks in order (several at once on a
 * {@link GatheringByteChannel}) and stops when the channel takes no more; a partly written
 * chunk resumes where it stopped. The queue is only as large as what the program put:
 * use {@link #getOutOctets()} (a wheel's high and low water marks) to stop producing.
 *
 * <p>Selectable channels must be in non-blocking mode; a blocking one is refused,
 * because it would stall the kernel. Other channels (files) are used as they are.
 * Not thread-safe: a driver belongs to one wheel.
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open();
 * pipe.sink().configureBlocking(false);
 * pipe.source().configureBlocking(false);
 * SysRW driver = new SysRW(1024);
 * driver.put(List.of("hello".getBytes(US_ASCII)));   // 5 octets, 1 message queued
 * driver.flush(pipe.sink());                          // 0: all written
 * List<byte[]> in = driver.get(pipe.source());        // ["hello"]
 * }</pre>
 */
public final class SysRW implements Driver {

    /** The default read size: 64 KiB, as in POE. */
    public static final int DEFAULT_BLOCK_SIZE = 65536;

    private static final int GATHER = 16;

    /**
     * The buffer reads go to, one per thread (the kernel's thread does the reading), up to
     * {@link #DEFAULT_BLOCK_SIZE}: a driver keeps no read buffer of its own, so an idle
     * connection costs no 64 KiB. Direct, so the channel reads into it without the JDK's
     * own bounce buffer; {@link #get} copies the bytes out before it returns.
     */
    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(DEFAULT_BLOCK_SIZE));

    private final int blockSize;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[GATHER];
    /** Only for a block size above {@link #DEFAULT_BLOCK_SIZE}: that driver's own read buffer. */
    private ByteBuffer readBuffer;
    private long outOctets;

    /** A driver reading up to 64 KiB at a time. */
    public SysRW() {
        this(DEFAULT_BLOCK_SIZE);
    }

    /**
     * A driver reading up to {@code blockSize} bytes at a time (POE's {@code BlockSize}).
     *
     * @param blockSize bytes per read, greater than 0
     */
    public SysRW(int blockSize) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("SysRW: blockSize must be greater than 0, got " + blockSize);
        }
        this.blockSize = blockSize;
    }

    /** The most bytes one {@link #get} reads. */
    public int blockSize() {
        return blockSize;
    }

    @Override
    public List<byte[]> get(ReadableByteChannel channel) throws IOException {
        requireNonBlocking(channel, "read");
        ByteBuffer buffer;
        if (blockSize <= DEFAULT_BLOCK_SIZE) {
            buffer = SCRATCH.get();
        } else {
            if (readBuffer == null) {
                readBuffer = ByteBuffer.allocate(blockSize);
            }
            buffer = readBuffer;
        }
        buffer.clear().limit(blockSize);
        int n = channel.read(buffer);
        if (n < 0) {
            throw new EndOfStream();
        }
        if (n == 0) {
            return List.of();
        }
        byte[] chunk = new byte[n];
        buffer.flip();
        buffer.get(chunk);
        return List.of(chunk);
    }

    @Override
    public long put(List<byte[]> chunks) {
        for (byte[] chunk : chunks) {
            Objects.requireNonNull(chunk, "chunks must not contain null");
        }
        for (byte[] chunk : chunks) {
            if (chunk.length > 0) {
                queue.add(ByteBuffer.wrap(chunk));
                outOctets += chunk.length;
            }
        }
        return outOctets;
    }

    @Override
    public long flush(WritableByteChannel channel) throws IOException {
        requireNonBlocking(channel, "write");
        while (!queue.isEmpty()) {
            long wrote;
            if (channel instanceof GatheringByteChannel && queue.size() > 1) {
                int n = 0;
                for (ByteBuffer b : queue) {
                    gather[n++] = b;
                    if (n == GATHER) {
                        break;
                    }
                }
                try {
                    wrote = ((GatheringByteChannel) channel).write(gather, 0, n);
                } finally {
                    Arrays.fill(gather, 0, n, null);
                }
            } else {
                wrote = channel.write(queue.peek());
            }
            outOctets -= wrote;
            while (!queue.isEmpty() && !queue.peek().hasRemaining()) {
                queue.poll();
            }
            if (wrote == 0) {
                break;
            }
        }
        return outOctets;
    }

    @Override
    public long getOutOctets() {
        return outOctets;
    }

    @Override
    public int getOutMessages() {
        return queue.size();
    }

    private static void requireNonBlocking(Object channel, String operation) {
        Objects.requireNonNull(channel, "channel");
        if (channel instanceof SelectableChannel && ((SelectableChannel) channel).isBlocking()) {
            throw new IllegalArgumentException("SysRW: cannot " + operation + " a blocking "
                    + channel.getClass().getSimpleName()
                    + "; call configureBlocking(false) on it first");
        }
    }

    @Override
    public String toString() {
        return "SysRW[blockSize=" + blockSize + ", queued=" + outOctets + " octets in " + queue.size() + "]";
    }
}
