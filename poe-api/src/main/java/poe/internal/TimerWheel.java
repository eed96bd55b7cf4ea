package poe.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Pending timers in (due time, ID) order, for any number of timers: only the timers due
 * soonest are kept sorted.
 *
 * <p>Time is cut into buckets of about a millisecond ({@code 2^20} ns), and buckets into
 * periods of 1,024 buckets (about a second). Four tiers:
 * <ul>
 *   <li><b>near</b>: a {@link TimerHeap} of every timer in a bucket up to the cursor; its
 *       head is the earliest timer of all;</li>
 *   <li><b>level 1</b>: 1,024 unsorted buckets (intrusive lists through the timers) for
 *       the next second or so after the cursor: adding or removing one is O(1);</li>
 *   <li><b>level 2</b>: 1,024 unsorted periods for the next 18 minutes or so, also O(1)
 *       (a timer placed here may come before level 1's, which were placed later);</li>
 *   <li><b>far</b>: a {@link TimerHeap} of timers beyond that.</li>
 * </ul>
 * When the near heap runs empty, the cursor moves to the next bucket that holds a timer;
 * that bucket's timers move to the near heap, and timers of a period the cursor enters
 * (or far timers that came within reach) move down a tier. So each timer is sorted in a heap of about one bucket's timers rather than among
 * all of them: a million timers spread over a second cost a few hundred nanoseconds each,
 * set and fired, instead of a deep sift through a million-entry heap per fired timer.
 *
 * <pre>{@code
 * TimerWheel wheel = new TimerWheel(System.nanoTime());
 * wheel.add(timer, dueNanos);
 * Timer next = wheel.peekDue(nowNanos);   // null if none is due by then
 * }</pre>
 *
 * <p>Not API: see {@link poe.internal}.
 */
public final class TimerWheel {

    private static final int BUCKET_SHIFT = 20;
    private static final int LEVEL_BITS = 10;
    private static final int SLOTS = 1 << LEVEL_BITS;
    private static final int MASK = SLOTS - 1;

    /** One level of unsorted slots, each a list of timers. */
    private static final class Level {
        final Timer[] slots = new Timer[SLOTS];
        /** Which slots hold a list. */
        final long[] occupied = new long[SLOTS / 64];
        int count;

        /** Distance (1 ..) from {@code base} to the first occupied slot after it. */
        int nextOccupied(long base) {
            int from = (int) (base + 1) & MASK;
            for (int d = 0; d < SLOTS; ) {
                int slot = (from + d) & MASK;
                long word = occupied[slot >>> 6] >>> (slot & 63);
                if (word != 0) {
                    return 1 + d + Long.numberOfTrailingZeros(word);
                }
                d += 64 - (slot & 63);
            }
            throw new IllegalStateException("a timer wheel level counts " + count + " timers but has none");
        }

        void link(Timer t, int slot) {
            Timer head = slots[slot];
            t.prev = null;
            t.next = head;
            if (head != null) {
                head.prev = t;
            } else {
                occupied[slot >>> 6] |= 1L << slot;
            }
            slots[slot] = t;
            count++;
        }

        void unlink(Timer t, int slot) {
            Timer p = t.prev;
            Timer n = t.next;
            if (n != null) {
                n.prev = p;
            }
            if (p != null) {
                p.next = n;
            } else {
                slots[slot] = n;
                if (n == null) {
                    occupied[slot >>> 6] &= ~(1L << slot);
                }
            }
            t.next = null;
            t.prev = null;
            count--;
        }

        /** Empties a slot and returns its list. */
        Timer take(int slot) {
            Timer t = slots[slot];
            if (t != null) {
                slots[slot] = null;
                occupied[slot >>> 6] &= ~(1L << slot);
                for (Timer x = t; x != null; x = x.next) {
                    count--;
                }
            }
            return t;
        }

        void forEach(Consumer<Timer> action) {
            if (count > 0) {
                for (Timer head : slots) {
                    for (Timer t = head; t != null; t = t.next) {
                        action.accept(t);
                    }
                }
            }
        }

        void clear() {
            Arrays.fill(slots, null);
            Arrays.fill(occupied, 0L);
            count = 0;
        }
    }

    private final TimerHeap near = new TimerHeap();
    private final Level level1 = new Level();
    private final Level level2 = new Level();
    private final TimerHeap far = new TimerHeap();
    /** Near holds the buckets up to this one; level 1 the next SLOTS - 1. */
    private long cursor;
    /** Pending timers in all tiers (checked at every post and take). */
    private int size;

    /** @param nowNanos the clock now: the wheel starts at its bucket */
    public TimerWheel(long nowNanos) {
        cursor = bucket(nowNanos);
    }

    public int size() {
        return size;
    }

    public void add(Timer t, long due) {
        t.due = due;
        place(t);
        size++;
    }

    /**
     * A lower bound of the earliest due time, never later than it: exact while the near
     * heap holds timers, else the start of the earliest occupied bucket or period (up to
     * a second early). Only when not empty. Moves nothing.
     */
    public long dueBound() {
        if (near.size() > 0) {
            return near.headDue();
        }
        // level 2 timers were placed when the cursor was further back: they may come
        // before level 1's
        long bound = Long.MAX_VALUE;
        if (level1.count > 0) {
            bound = (cursor + level1.nextOccupied(cursor)) << BUCKET_SHIFT;
        }
        if (level2.count > 0) {
            long p = period(cursor);
            bound = Math.min(bound, (p + level2.nextOccupied(p)) << LEVEL_BITS << BUCKET_SHIFT);
        }
        if (far.size() > 0) {
            bound = Math.min(bound, far.headDue());
        }
        return bound;
    }

    /** The earliest due time exactly (scans one bucket's list); only when not empty. Moves nothing. */
    public long minDue() {
        if (near.size() > 0) {
            return near.headDue();
        }
        long min = Long.MAX_VALUE;
        if (level1.count > 0) {
            min = minOf(level1.slots[(int) (cursor + level1.nextOccupied(cursor)) & MASK]);
        }
        if (level2.count > 0) {
            long p = period(cursor);
            min = Math.min(min, minOf(level2.slots[(int) (p + level2.nextOccupied(p)) & MASK]));
        }
        if (far.size() > 0) {
            min = Math.min(min, far.headDue());
        }
        return min;
    }

    /**
     * The earliest timer if it is due by {@code cut}, else null. Sorts only buckets that
     * start by then, so the cursor never runs ahead of the caller's clock.
     */
    public Timer peekDue(long cut) {
        settle(bucket(cut));
        return near.size() > 0 && near.headDue() <= cut ? near.peek() : null;
    }

    /** Removes and returns the timer {@link #peekDue} just returned. */
    public Timer poll() {
        Timer t = near.poll();
        t.tier = Timer.NONE;
        size--;
        return t;
    }

    public void remove(Timer t) {
        switch (t.tier) {
            case Timer.NEAR -> near.remove(t);
            case Timer.LEVEL1 -> level1.unlink(t, (int) bucket(t.due) & MASK);
            case Timer.LEVEL2 -> level2.unlink(t, (int) period(bucket(t.due)) & MASK);
            case Timer.FAR -> far.remove(t);
            default -> throw new IllegalStateException(t + " is not pending");
        }
        t.tier = Timer.NONE;
        size--;
    }

    public void adjust(Timer t, long newDue) {
        remove(t);
        add(t, newDue);
    }

    /** Every pending timer, in no particular order. */
    public void forEach(Consumer<Timer> action) {
        near.forEach(action);
        level1.forEach(action);
        level2.forEach(action);
        far.forEach(action);
    }

    public void clear() {
        forEach(t -> t.tier = Timer.NONE);
        near.clear();
        level1.clear();
        level2.clear();
        far.clear();
        size = 0;
    }

    private static long minOf(Timer list) {
        long min = Long.MAX_VALUE;
        for (Timer t = list; t != null; t = t.next) {
            min = Math.min(min, t.due);
        }
        return min;
    }

    private static long bucket(long due) {
        return due >> BUCKET_SHIFT;
    }

    private static long period(long bucket) {
        return bucket >> LEVEL_BITS;
    }

    private void place(Timer t) {
        long b = bucket(t.due);
        if (b <= cursor) {
            t.tier = Timer.NEAR;
            near.add(t, t.due, t.id);
        } else if (b - cursor < SLOTS) {
            t.tier = Timer.LEVEL1;
            level1.link(t, (int) b & MASK);
        } else if (period(b) - period(cursor) < SLOTS) {
            // b >= cursor + SLOTS, so its period is after the cursor's
            t.tier = Timer.LEVEL2;
            level2.link(t, (int) period(b) & MASK);
        } else {
            t.tier = Timer.FAR;
            far.add(t, t.due, t.id);
        }
    }

    /**
     * Makes the near heap hold the earliest timer if it is in a bucket up to
     * {@code limitBucket}; the cursor moves no further than that.
     */
    private void settle(long limitBucket) {
        while (near.size() == 0 && size > 0) {
            // the next bucket that may hold a timer; every candidate is after the cursor
            long next = Long.MAX_VALUE;
            if (level1.count > 0) {
                next = cursor + level1.nextOccupied(cursor);
            }
            if (level2.count > 0) {
                long p = period(cursor);
                next = Math.min(next, (p + level2.nextOccupied(p)) << LEVEL_BITS);
            }
            if (far.size() > 0) {
                next = Math.min(next, bucket(far.headDue()));
            }
            if (next > limitBucket) {
                return;
            }
            cursor = next;
            while (far.size() > 0 && period(bucket(far.headDue())) - period(cursor) < SLOTS) {
                place(far.poll());
            }
            // the period the cursor entered: its timers are now within level 1's reach
            if (level2.count > 0) {
                long p = period(cursor);
                Timer t = level2.slots[(int) p & MASK];
                if (t != null && period(bucket(t.due)) == p) {
                    replace(level2.take((int) p & MASK));
                }
            }
            replace(level1.take((int) cursor & MASK));
        }
    }

    /** Places each timer of a list taken from a level again. */
    private void replace(Timer t) {
        while (t != null) {
            Timer next = t.next;
            t.next = null;
            t.prev = null;
            place(t);
            t = next;
        }
    }
}
