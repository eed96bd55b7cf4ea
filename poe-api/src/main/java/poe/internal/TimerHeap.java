package poe.internal;

import java.util.Arrays;

/**
 * Pending timers in (due time, sequence) order: a 4-ary min-heap kept in primitive arrays.
 *
 * <p>The heap's arrays hold each timer's due time, sequence number and handle (an index
 * into {@link #slab}, where the {@link Timer} object sits for as long as it is pending).
 * Sifting moves only primitives: no timer object is read, and no reference is stored
 * (each reference store into a long-lived array costs a GC write barrier). {@link #pos}
 * maps a handle back to its heap position, so a timer is removed or moved in O(log n).
 * Four children per node make the heap half as deep as a binary one, and their four due
 * times share a cache line.
 *
 * <pre>{@code
 * int bigger = TimerHeap.grow(slots.length);   // the growth policy the kernel's tables share
 * }</pre>
 *
 * <p>Not API: see {@link poe.internal}.
 */
public final class TimerHeap {

    private long[] due = new long[12];
    private long[] seq = new long[12];
    private int[] handles = new int[12];
    private int size;

    /** Heap position by handle; -1 for a free handle. */
    private int[] pos = new int[12];
    /** Timer by handle. */
    private Timer[] slab = new Timer[12];
    /** Free handles, a stack; handles above {@link #handleLimit} were never used. */
    private int[] free = new int[12];
    private int freeCount;
    private int handleLimit;

    int size() {
        return size;
    }

    void add(Timer t, long dueNanos, long sequence) {
        int h = allocHandle();
        slab[h] = t;
        t.handle = h;
        if (size == due.length) {
            int n = grow(size);
            due = Arrays.copyOf(due, n);
            seq = Arrays.copyOf(seq, n);
            handles = Arrays.copyOf(handles, n);
        }
        siftUp(size++, dueNanos, sequence, h);
    }

    /** The earliest timer, or null. */
    Timer peek() {
        return size == 0 ? null : slab[handles[0]];
    }

    /** Due time of the earliest timer; only when not empty. */
    long headDue() {
        return due[0];
    }

    /** Removes and returns the earliest timer; only when not empty. */
    Timer poll() {
        int h = handles[0];
        Timer t = slab[h];
        removeAt(0);
        return t;
    }

    void remove(Timer t) {
        removeAt(pos[t.handle]);
    }

    /** Every timer, in no particular order. */
    void forEach(java.util.function.Consumer<Timer> action) {
        for (int i = 0; i < size; i++) {
            action.accept(slab[handles[i]]);
        }
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            slab[handles[i]].handle = -1;
        }
        Arrays.fill(slab, 0, handleLimit, null);
        size = 0;
        freeCount = 0;
        handleLimit = 0;
    }

    /**
     * The next capacity of an array of {@code length}: about double, and such that its
     * size in bytes with the 16-byte array header is a power of two. (A large array just
     * over a power of two would waste most of a region in G1, which rounds huge objects
     * up to whole regions.)
     */
    public static int grow(int length) {
        return (length + 4) * 2 - 4;
    }

    /** Whether a comes before b. */
    static boolean before(long dueA, long seqA, long dueB, long seqB) {
        return dueA < dueB || (dueA == dueB && seqA < seqB);
    }

    private void removeAt(int i) {
        int h = handles[i];
        slab[h].handle = -1;
        slab[h] = null;
        pos[h] = -1;
        free[freeCount++] = h;
        int last = --size;
        if (i == last) {
            return;
        }
        long d = due[last];
        long s = seq[last];
        int lh = handles[last];
        if (i > 0 && before(d, s, due[(i - 1) >>> 2], seq[(i - 1) >>> 2])) {
            siftUp(i, d, s, lh);
        } else {
            siftDown(i, d, s, lh);
        }
    }

    private int allocHandle() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (handleLimit == slab.length) {
            int n = grow(handleLimit);
            slab = Arrays.copyOf(slab, n);
            pos = Arrays.copyOf(pos, n);
            free = Arrays.copyOf(free, n);
        }
        return handleLimit++;
    }

    private void siftUp(int i, long d, long s, int h) {
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pd = due[parent];
            if (d > pd || (d == pd && s > seq[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        place(i, d, s, h);
    }

    private void siftDown(int i, long d, long s, int h) {
        int n = size;
        while (true) {
            int first = 4 * i + 1;
            if (first >= n) {
                break;
            }
            int best = first;
            long bd = due[first];
            int end = Math.min(first + 4, n);
            for (int c = first + 1; c < end; c++) {
                long cd = due[c];
                if (cd < bd || (cd == bd && seq[c] < seq[best])) {
                    best = c;
                    bd = cd;
                }
            }
            if (d < bd || (d == bd && s < seq[best])) {
                break;
            }
            move(best, i);
            i = best;
        }
        place(i, d, s, h);
    }

    private void move(int from, int to) {
        due[to] = due[from];
        seq[to] = seq[from];
        int h = handles[from];
        handles[to] = h;
        pos[h] = to;
    }

    private void place(int i, long d, long s, int h) {
        due[i] = d;
        seq[i] = s;
        handles[i] = h;
        pos[h] = i;
    }
}
