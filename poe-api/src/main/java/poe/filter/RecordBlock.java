package poe.filter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Groups records into lists of a fixed size and ungroups them again
 * (POE::Filter::RecordBlock). Usually stacked on a framing filter in a {@link Stackable}.
 *
 * <p>Input: every {@code blockSize} records make one {@code List} record; a short tail
 * waits. Output: the lists are flattened. With {@code checkPut} on, output is released
 * only in whole blocks and the short tail waits for the next {@link #put(List)} (see
 * {@link #putPending()}).
 *
 * <pre>{@code
 * RecordBlock<String> pairs = RecordBlock.of(2);
 * pairs.get(List.of("a", "b", "c"));         // [[a, b]]; "c" waits
 * pairs.put(List.of(List.of("x", "y")));     // [x, y]
 * }</pre>
 *
 * @param <T> the type of the grouped records
 */
public final class RecordBlock<T> implements Filter<T, List<T>> {

    private final ArrayDeque<T> getBuffer = new ArrayDeque<>();
    private final ArrayDeque<T> putBuffer = new ArrayDeque<>();
    private int blockSize;
    private boolean checkPut;

    private RecordBlock(int blockSize, boolean checkPut) {
        this.blockSize = checkSize(blockSize);
        this.checkPut = checkPut;
    }

    /** Groups of {@code blockSize} records, {@code checkPut} off. */
    public static <T> RecordBlock<T> of(int blockSize) {
        return new RecordBlock<>(blockSize, false);
    }

    /** Groups of {@code blockSize} records; {@code checkPut} releases output only in whole blocks. */
    public static <T> RecordBlock<T> of(int blockSize, boolean checkPut) {
        return new RecordBlock<>(blockSize, checkPut);
    }

    private static int checkSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("RecordBlock: blockSize must be positive, got " + size);
        }
        return size;
    }

    @Override
    public void getOneStart(List<? extends T> chunks) {
        for (T t : chunks) {
            getBuffer.add(Objects.requireNonNull(t, "chunks must not contain null"));
        }
    }

    @Override
    public Optional<List<T>> getOne() {
        if (getBuffer.size() < blockSize) {
            return Optional.empty();
        }
        List<T> block = new ArrayList<>(blockSize);
        for (int i = 0; i < blockSize; i++) {
            block.add(getBuffer.poll());
        }
        return Optional.of(List.copyOf(block));
    }

    @Override
    public List<T> getPending() {
        return List.copyOf(getBuffer);
    }

    @Override
    public List<T> put(List<? extends List<T>> records) {
        List<T> out = new ArrayList<>();
        if (checkPut) {
            for (List<T> block : records) {
                for (T t : Objects.requireNonNull(block, "records must not contain null")) {
                    putBuffer.add(Objects.requireNonNull(t, "blocks must not contain null"));
                }
            }
            while (putBuffer.size() >= blockSize) {
                for (int i = 0; i < blockSize; i++) {
                    out.add(putBuffer.poll());
                }
            }
        } else {
            out.addAll(putBuffer);
            putBuffer.clear();
            for (List<T> block : records) {
                for (T t : Objects.requireNonNull(block, "records must not contain null")) {
                    out.add(Objects.requireNonNull(t, "blocks must not contain null"));
                }
            }
        }
        return out;
    }

    /** Output records held back by {@code checkPut} until a block is whole; empty if none. */
    public List<T> putPending() {
        return List.copyOf(putBuffer);
    }

    @Override
    public RecordBlock<T> clone() {
        return new RecordBlock<>(blockSize, checkPut);
    }

    /** The block size. */
    public int blockSize() {
        return blockSize;
    }

    /** Changes the block size. */
    public void setBlockSize(int size) {
        blockSize = checkSize(size);
    }

    /** Whether output is released only in whole blocks. */
    public boolean checkPut() {
        return checkPut;
    }

    /** Turns whole-block output on or off. */
    public void setCheckPut(boolean on) {
        checkPut = on;
    }
}
