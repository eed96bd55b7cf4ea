package poe.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A filter for blocks of bytes (POE::Filter::Block), in one of two modes.
 *
 * <ul>
 *   <li><b>Fixed size</b> ({@link #fixed(int)}): input is cut into blocks of exactly that
 *       many bytes; output is the records concatenated, unpadded, in one chunk.</li>
 *   <li><b>Length-prefixed</b> ({@link #lengthPrefixed()}, the default): each block travels
 *       behind a length header written and read by a {@link LengthCodec}; POE's own
 *       {@code "5\0hello"} by default.</li>
 * </ul>
 *
 * <p>Limits (length-prefixed mode): a header announcing more than {@code maxLength}
 * bytes (16 MiB by default) makes {@link #getOne()} throw {@link FrameTooLargeException};
 * the filter then skips that many payload bytes as they arrive, without buffering them,
 * and carries on with the next block. A malformed header makes the codec throw
 * {@link FilterException}; the filter first drops everything it had buffered (the
 * framing is lost). In both modes, buffering more than {@code maxBuffer} bytes (64 MiB by
 * default) without calling {@code getOne()} makes {@link #getOneStart(List)} throw.
 *
 * <pre>{@code
 * Block fixed = Block.fixed(4);
 * fixed.get(List.of("12345678".getBytes(US_ASCII)));          // ["1234", "5678"]
 *
 * Block framed = Block.lengthPrefixed();
 * List<byte[]> wire = framed.put(List.of("abc".getBytes(US_ASCII)));   // "3\0abc"
 * Block binary = Block.builder().lengthCodec(LengthCodec.int32()).maxLength(1 << 20).build();
 * }</pre>
 */
public final class Block implements Filter<byte[], byte[]> {

    /** Default largest length-prefixed block: 16 MiB. */
    public static final int DEFAULT_MAX_LENGTH = 16 << 20;
    /** Default framing buffer bound: 64 MiB. */
    public static final int DEFAULT_MAX_BUFFER = 64 << 20;

    private final Builder settings;
    private final int blockSize;           // > 0 in fixed mode
    private final LengthCodec codec;       // non-null in length-prefixed mode
    private final int maxLength;
    private final int maxBuffer;

    private final ByteQueue buffer = new ByteQueue();
    private LengthCodec.Header header;     // decoded, not yet consumed
    private long discardRemaining;

    private Block(Builder b) {
        this.settings = b.copy();
        this.blockSize = b.blockSize;
        this.codec = b.blockSize > 0 ? null : (b.codec == null ? LengthCodec.asciiDecimal() : b.codec);
        this.maxLength = b.maxLength;
        this.maxBuffer = b.maxBuffer;
        if (blockSize > 0) {
            Limits.bufferHolds("Block", maxBuffer, blockSize, "one block");
        } else {
            Limits.bufferHolds("Block", maxBuffer, (long) maxLength + 20, "a block of maxLength bytes and its header");
        }
    }

    /** Blocks of exactly {@code size} bytes. */
    public static Block fixed(int size) {
        return builder().blockSize(size).build();
    }

    /** Length-prefixed blocks with POE's {@code "<digits>\0"} header. */
    public static Block lengthPrefixed() {
        return builder().build();
    }

    /** Length-prefixed blocks with the given header codec. */
    public static Block lengthPrefixed(LengthCodec codec) {
        return builder().lengthCodec(codec).build();
    }

    /** A builder for limits and codecs. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void getOneStart(List<? extends byte[]> chunks) {
        Limits.checkBuffer("Block", buffer, chunks, maxBuffer);
        buffer.appendAll(chunks);
    }

    @Override
    public Optional<byte[]> getOne() {
        if (blockSize > 0) {
            return buffer.size() >= blockSize ? Optional.of(buffer.take(blockSize)) : Optional.empty();
        }
        if (discardRemaining > 0) {
            int drop = (int) Math.min(discardRemaining, buffer.size());
            buffer.skip(drop);
            discardRemaining -= drop;
            if (discardRemaining > 0) {
                return Optional.empty();
            }
        }
        if (header == null) {
            Optional<LengthCodec.Header> decoded;
            try {
                decoded = codec.decode(buffer.array(), buffer.offset(), buffer.size());
            } catch (FilterException e) {
                buffer.clear();
                throw e;
            } catch (RuntimeException e) {
                buffer.clear();
                throw new FilterException("Block: the length codec " + codec + " failed: " + e, e);
            }
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            LengthCodec.Header h = decoded.get();
            if (h.headerLength() > buffer.size() || h.headerLength() == 0) {
                buffer.clear();
                throw new FilterException("Block: the length codec " + codec + " reported a header of "
                        + h.headerLength() + " bytes with " + buffer.size() + " buffered");
            }
            if (h.payloadLength() > maxLength) {
                buffer.skip(h.headerLength());
                discardRemaining = h.payloadLength();
                int drop = (int) Math.min(discardRemaining, buffer.size());
                buffer.skip(drop);
                discardRemaining -= drop;
                throw new FrameTooLargeException("Block: a block of " + h.payloadLength()
                        + " bytes exceeds maxLength (" + maxLength + " bytes); skipping it"
                        + " (raise Block.builder().maxLength(...) to accept it)", maxLength);
            }
            header = h;
        }
        long frame = header.headerLength() + header.payloadLength();
        if (buffer.size() < frame) {
            return Optional.empty();
        }
        buffer.skip(header.headerLength());
        byte[] block = buffer.take((int) header.payloadLength());
        header = null;
        return Optional.of(block);
    }

    @Override
    public List<byte[]> getPending() {
        return buffer.pending();
    }

    @Override
    public List<byte[]> put(List<? extends byte[]> records) {
        if (blockSize > 0) {
            long total = 0;
            for (byte[] r : records) {
                total += Objects.requireNonNull(r, "records must not contain null").length;
            }
            if (total == 0) {
                return List.of();
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("Block: cannot put more than 2 GiB at once");
            }
            byte[] joined = new byte[(int) total];
            int at = 0;
            for (byte[] r : records) {
                System.arraycopy(r, 0, joined, at, r.length);
                at += r.length;
            }
            return List.of(joined);
        }
        List<byte[]> out = new ArrayList<>(records.size());
        for (byte[] r : records) {
            Objects.requireNonNull(r, "records must not contain null");
            byte[] head = codec.encode(r.length);
            byte[] chunk = new byte[head.length + r.length];
            System.arraycopy(head, 0, chunk, 0, head.length);
            System.arraycopy(r, 0, chunk, head.length, r.length);
            out.add(chunk);
        }
        return out;
    }

    @Override
    public Block clone() {
        return new Block(settings);
    }

    /** The fixed block size, or 0 in length-prefixed mode. */
    public int blockSize() {
        return blockSize;
    }

    /** The largest accepted length-prefixed block, in bytes. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Configures a {@link Block}. {@link #blockSize(int)} (fixed mode) excludes
     * {@link #lengthCodec} and {@link #maxLength}.
     *
     * <pre>{@code
     * Block b = Block.builder().lengthCodec(LengthCodec.int32()).maxLength(65536).build();
     * }</pre>
     */
    public static final class Builder {
        private int blockSize;
        private LengthCodec codec;
        private boolean maxLengthSet;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private boolean maxBufferSet;
        private int maxBuffer = DEFAULT_MAX_BUFFER;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.blockSize = blockSize;
            b.codec = codec;
            b.maxLengthSet = maxLengthSet;
            b.maxLength = maxLength;
            b.maxBufferSet = maxBufferSet;
            b.maxBuffer = maxBuffer;
            return b;
        }

        /** Fixed-size mode: blocks of exactly this many bytes. */
        public Builder blockSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("Block: blockSize must be positive, got " + bytes);
            }
            if (codec != null || maxLengthSet) {
                throw new IllegalStateException(
                        "Block: blockSize (fixed mode) cannot be combined with lengthCodec or maxLength");
            }
            blockSize = bytes;
            return this;
        }

        /** Length-prefixed mode with this header codec. */
        public Builder lengthCodec(LengthCodec lengthCodec) {
            if (blockSize > 0) {
                throw new IllegalStateException("Block: lengthCodec cannot be combined with blockSize");
            }
            codec = Objects.requireNonNull(lengthCodec, "lengthCodec");
            return this;
        }

        /** Largest accepted length-prefixed block (default 16 MiB). */
        public Builder maxLength(int bytes) {
            if (blockSize > 0) {
                throw new IllegalStateException("Block: maxLength cannot be combined with blockSize");
            }
            maxLength = Limits.positive("Block maxLength", bytes);
            maxLengthSet = true;
            if (!maxBufferSet) {
                maxBuffer = (int) Math.max(DEFAULT_MAX_BUFFER, Math.min(Integer.MAX_VALUE - 16, 2L * maxLength));
            }
            return this;
        }

        /** Bound on buffered bytes between {@code getOne()} calls (default 64 MiB). */
        public Builder maxBuffer(int bytes) {
            maxBuffer = Limits.positive("Block maxBuffer", bytes);
            maxBufferSet = true;
            return this;
        }

        /**
         * @return the filter
         * @throws IllegalArgumentException if maxBuffer cannot hold one block
         */
        public Block build() {
            return new Block(this);
        }
    }
}
