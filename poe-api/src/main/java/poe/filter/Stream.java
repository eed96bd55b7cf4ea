package poe.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pass-through filter (POE::Filter::Stream): no framing at all. Whatever bytes have
 * been buffered come out as one record; records go out unchanged.
 *
 * <p>Its buffer only holds what arrived since the last {@link #getOne()}, so it needs no
 * limit of its own. A chunk that arrives alone into an empty buffer is returned as it is,
 * without a copy (the {@link Filter} contract hands chunks over to the filter); several
 * chunks are joined into a new array.
 *
 * <pre>{@code
 * Stream stream = Stream.create();
 * stream.get(List.of(a, b, c));     // one record: a, b and c joined
 * stream.put(List.of(x, y));        // [x, y], unchanged
 * }</pre>
 */
public final class Stream implements Filter<byte[], byte[]> {

    private final ByteQueue buffer = new ByteQueue();
    /** A chunk given alone into an empty buffer, kept as it is; then {@code buffer} is empty. */
    private byte[] single;

    private Stream() {
    }

    /** A new stream filter. */
    public static Stream create() {
        return new Stream();
    }

    @Override
    public void getOneStart(List<? extends byte[]> chunks) {
        if (chunks.size() == 1 && single == null && buffer.isEmpty()) {
            byte[] chunk = Objects.requireNonNull(chunks.get(0), "chunks must not contain null");
            if (chunk.length > 0) {
                single = chunk;                                 // handed over: no copy
            }
            return;
        }
        if (single != null) {
            buffer.append(single, 0, single.length);
            single = null;
        }
        buffer.appendAll(chunks);
    }

    @Override
    public Optional<byte[]> getOne() {
        if (single != null) {
            byte[] out = single;
            single = null;
            return Optional.of(out);
        }
        return buffer.isEmpty() ? Optional.empty() : Optional.of(buffer.take(buffer.size()));
    }

    @Override
    public List<byte[]> getPending() {
        return single != null ? List.of(single.clone()) : buffer.pending();
    }

    @Override
    public List<byte[]> put(List<? extends byte[]> records) {
        List<byte[]> out = new ArrayList<>(records.size());
        for (byte[] r : records) {
            out.add(Objects.requireNonNull(r, "records must not contain null").clone());
        }
        return out;
    }

    @Override
    public Stream clone() {
        return new Stream();
    }
}
