package poe.filter;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A growable FIFO of bytes: the framing buffer of the byte filters. Appends at the tail,
 * consumes from the head, compacts lazily. Indexes are relative to the head.
 */
final class ByteQueue {

    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    private int head;
    private int tail;

    int size() {
        return tail - head;
    }

    boolean isEmpty() {
        return tail == head;
    }

    /** The backing array; valid bytes are {@code [offset(), offset() + size())}. */
    byte[] array() {
        return bytes;
    }

    int offset() {
        return head;
    }

    void appendAll(List<? extends byte[]> chunks) {
        long total = 0;
        for (byte[] chunk : chunks) {
            total += Objects.requireNonNull(chunk, "chunks must not contain null").length;
        }
        ensureRoom(total);
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, bytes, tail, chunk.length);
            tail += chunk.length;
        }
    }

    void append(byte[] chunk, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(chunk, offset, bytes, tail, length);
        tail += length;
    }

    private void ensureRoom(long more) {
        if (more == 0) {
            return;
        }
        long needed = (long) size() + more;
        if (needed > Integer.MAX_VALUE - 16) {
            throw new FrameTooLargeException(
                    "a filter buffer cannot hold more than 2 GiB; lower the filter's limits",
                    Integer.MAX_VALUE - 16);
        }
        if (bytes.length - tail >= more) {
            return;
        }
        if (bytes.length - size() >= more && head > bytes.length / 2) {
            System.arraycopy(bytes, head, bytes, 0, size());
            tail -= head;
            head = 0;
            return;
        }
        int capacity = (int) Math.min(Integer.MAX_VALUE - 16,
                Math.max(needed, Math.max(64, (long) bytes.length * 2)));
        byte[] grown = new byte[capacity];
        System.arraycopy(bytes, head, grown, 0, size());
        tail -= head;
        head = 0;
        bytes = grown;
    }

    byte get(int index) {
        return bytes[head + index];
    }

    /** Index of {@code b} at or after {@code from}, or -1. */
    int indexOf(byte b, int from) {
        for (int i = head + from; i < tail; i++) {
            if (bytes[i] == b) {
                return i - head;
            }
        }
        return -1;
    }

    /** Index of the first CR or LF at or after {@code from}, or -1. */
    int indexOfNewline(int from) {
        for (int i = head + from; i < tail; i++) {
            byte b = bytes[i];
            if (b == '\r' || b == '\n') {
                return i - head;
            }
        }
        return -1;
    }

    /** Index of {@code needle} at or after {@code from}, or -1. */
    int indexOf(byte[] needle, int from) {
        if (needle.length == 1) {
            return indexOf(needle[0], from);
        }
        int last = tail - needle.length;
        outer:
        for (int i = head + from; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i - head;
        }
        return -1;
    }

    /** Copies {@code [from, to)} out. */
    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(bytes, head + from, head + to);
    }

    /** Removes and returns the first {@code n} bytes. */
    byte[] take(int n) {
        byte[] out = copy(0, n);
        skip(n);
        return out;
    }

    void skip(int n) {
        if (n < 0 || n > size()) {
            throw new IndexOutOfBoundsException("skip " + n + " of " + size());
        }
        head += n;
        if (head == tail) {
            clear();
        }
    }

    void clear() {
        head = 0;
        tail = 0;
        if (bytes.length > 64 * 1024) {
            bytes = EMPTY; // give a large buffer back after a burst
        }
    }

    /** The buffered bytes as one chunk, or an empty list. */
    List<byte[]> pending() {
        return isEmpty() ? List.of() : List.of(copy(0, size()));
    }
}
