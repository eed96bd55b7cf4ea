package poe.filter;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A filter for whole objects (POE::Filter::Reference): each record is serialized, framed
 * with POE's {@code "<length>\0"} header, and read back on the other side.
 *
 * <p>The serializer is pluggable ({@link Serializer}); the default, {@link JavaSerializer},
 * refuses to create any class outside its allowlist. Every record read must also be an
 * instance of the filter's record type. Compression (zlib, as POE's
 * {@code Compression} option) is off by default; inflation is bounded by the frame limit.
 *
 * <p>Errors: a frame longer than {@code maxFrame} bytes (16 MiB by default) makes
 * {@link #getOne()} throw {@link FrameTooLargeException} and the frame is skipped; a
 * frame that cannot be read (malformed, refused class, wrong type) throws
 * {@link FilterException} after the frame was consumed, so the next frame reads normally.
 * With {@link Builder#onError(Function)} (POE's {@code NoFatals}) those errors become
 * records instead.
 *
 * <pre>{@code
 * Reference<Object> refs = Reference.create();
 * List<byte[]> wire = refs.put(List.of(List.of(2, 4, 6), "text"));
 * List<Object> back = refs.get(wire);            // [[2, 4, 6], "text"]
 *
 * Reference<Event> events = Reference.builder(Event.class)
 *     .serializer(JavaSerializer.builder().allow(Event.class).build())
 *     .compression(true)
 *     .build();
 * }</pre>
 *
 * @param <T> the record type
 */
public final class Reference<T> implements Filter<byte[], T> {

    /** Default largest frame: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME = 16 << 20;

    private final Builder<T> settings;
    private final Class<T> type;
    private final Serializer serializer;
    private final boolean compression;
    private final int maxFrame;
    private final Function<? super FilterException, ? extends T> onError;
    private final Block frames;
    private FilterException pendingError;

    private Reference(Builder<T> b) {
        this.settings = b.copy();
        this.type = b.type;
        this.serializer = b.serializer;
        this.compression = b.compression;
        this.maxFrame = b.maxFrame;
        this.onError = b.onError;
        this.frames = Block.builder().maxLength(maxFrame).maxBuffer(b.maxBuffer).build();
    }

    /** Any allowed object, with the default serializer and limits. */
    public static Reference<Object> create() {
        return builder(Object.class).build();
    }

    /**
     * A builder for records of the given type.
     *
     * @param type every record read must be an instance of it
     */
    public static <T> Builder<T> builder(Class<T> type) {
        return new Builder<>(type);
    }

    @Override
    public void getOneStart(List<? extends byte[]> chunks) {
        try {
            frames.getOneStart(chunks);
        } catch (FrameTooLargeException e) {
            if (onError == null) {
                throw e;
            }
            pendingError = e;
        }
    }

    @Override
    public Optional<T> getOne() {
        if (pendingError != null) {
            FilterException e = pendingError;
            pendingError = null;
            return Optional.of(errorRecord(e));
        }
        try {
            Optional<byte[]> frame = frames.getOne();
            if (frame.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(decode(frame.get()));
        } catch (FilterException e) {
            if (onError == null) {
                throw e;
            }
            return Optional.of(errorRecord(e));
        }
    }

    private T errorRecord(FilterException e) {
        return Objects.requireNonNull(onError.apply(e), "Reference: the onError function returned null");
    }

    private T decode(byte[] frame) {
        byte[] payload = compression ? inflate(frame) : frame;
        Object value;
        try {
            value = serializer.deserialize(payload);
        } catch (FilterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FilterException("Reference: the serializer failed: " + e, e);
        }
        if (value == null) {
            throw new FilterException("Reference: the serializer returned null");
        }
        if (!type.isInstance(value)) {
            throw new FilterException("Reference: expected a " + type.getName() + " but the frame holds a "
                    + value.getClass().getName());
        }
        return type.cast(value);
    }

    private byte[] inflate(byte[] frame) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(frame);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxFrame, frame.length * 4 + 64));
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new FilterException("Reference: truncated compressed frame");
                }
                if ((long) out.size() + n > maxFrame) {
                    throw new FrameTooLargeException("Reference: a compressed frame inflates past maxFrame ("
                            + maxFrame + " bytes)", maxFrame);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new FilterException("Reference: malformed compressed frame: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static byte[] deflate(byte[] bytes) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    @Override
    public List<byte[]> getPending() {
        return frames.getPending();
    }

    @Override
    public List<byte[]> put(List<? extends T> records) {
        List<byte[]> payloads = new ArrayList<>(records.size());
        for (T record : records) {
            Objects.requireNonNull(record, "records must not contain null");
            byte[] bytes = serializer.serialize(record);
            if (bytes.length > maxFrame) {
                throw new IllegalArgumentException("Reference: a " + record.getClass().getName()
                        + " serializes to " + bytes.length + " bytes, more than maxFrame (" + maxFrame
                        + "); the peer would refuse it");
            }
            payloads.add(compression ? deflate(bytes) : bytes);
        }
        return frames.put(payloads);
    }

    @Override
    public Reference<T> clone() {
        return new Reference<>(settings);
    }

    /** The record type. */
    public Class<T> type() {
        return type;
    }

    /**
     * Configures a {@link Reference}.
     *
     * <pre>{@code
     * Reference<Object> r = Reference.builder(Object.class)
     *     .onError(e -> "error: " + e.getMessage())   // POE's NoFatals
     *     .maxFrame(1 << 20)
     *     .build();
     * }</pre>
     *
     * @param <T> the record type
     */
    public static final class Builder<T> {
        private final Class<T> type;
        private Serializer serializer = JavaSerializer.defaults();
        private boolean compression;
        private int maxFrame = DEFAULT_MAX_FRAME;
        private int maxBuffer = Block.DEFAULT_MAX_BUFFER;
        private Function<? super FilterException, ? extends T> onError;

        private Builder(Class<T> type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        private Builder<T> copy() {
            Builder<T> b = new Builder<>(type);
            b.serializer = serializer;
            b.compression = compression;
            b.maxFrame = maxFrame;
            b.maxBuffer = maxBuffer;
            b.onError = onError;
            return b;
        }

        /** The serializer (default {@link JavaSerializer#defaults()}). */
        public Builder<T> serializer(Serializer s) {
            serializer = Objects.requireNonNull(s, "serializer");
            return this;
        }

        /** Compress each frame with zlib (default off). */
        public Builder<T> compression(boolean on) {
            compression = on;
            return this;
        }

        /** Largest accepted frame, after inflation (default 16 MiB). */
        public Builder<T> maxFrame(int bytes) {
            maxFrame = Limits.positive("Reference maxFrame", bytes);
            maxBuffer = (int) Math.max(maxBuffer, Math.min(Integer.MAX_VALUE - 16, 2L * maxFrame));
            return this;
        }

        /** Bound on buffered bytes between {@code getOne()} calls (default 64 MiB). */
        public Builder<T> maxBuffer(int bytes) {
            maxBuffer = Limits.positive("Reference maxBuffer", bytes);
            return this;
        }

        /**
         * Turns read errors into records instead of exceptions (POE's {@code NoFatals}).
         *
         * @param handler makes a record from the error; must not return null
         */
        public Builder<T> onError(Function<? super FilterException, ? extends T> handler) {
            onError = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** @return the filter */
        public Reference<T> build() {
            return new Reference<>(this);
        }
    }
}
