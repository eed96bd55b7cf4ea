package poe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import poe.internal.Timer;
import poe.internal.TimerHeap;
import poe.internal.TimerWheel;

/**
 * The kernel's one queue (POE::Resource::Events + the timer part of POE's queue): a total
 * order by (due time, sequence number).
 *
 * <p>Two structures, merged at the head: a FIFO ring for posted events (their due time is
 * the kernel's clock at posting, which never goes back, so the ring is already sorted) and
 * a {@link TimerWheel} for timers. Posting and taking a due-now event are O(1); adding,
 * adjusting and removing a timer by ID are O(1) to O(log n). The ring keeps due
 * times in a primitive array beside the events, so one {@link EventContext} may sit in the
 * queue several times; a removed ring entry is nulled and skipped. A posted event's
 * sequence number is its position in the ring; timers order among themselves by ID and,
 * on a tie in due time, after the events posted before them.
 */
final class EventQueue {

    private EventContext[] ring = new EventContext[64];
    private long[] ringDue = new long[64];
    /** Absolute positions: an entry's position is its posting order (its sequence number). */
    private long head;
    private long tail;
    /**
     * Ring positions from here to the tail were posted without a due time ({@link
     * #postUntimed}); theirs is {@link #untimedDue}. A timed post or a clock move writes
     * their due times out first, so untimed entries are always the ring's last ones.
     */
    private long untimedFrom;
    /** The due time of untimed entries: the kernel's clock as of the last timed post or clock move. */
    private long untimedDue;
    /** Removed (nulled) ring entries not yet skipped, and GC markers in the ring. */
    private int ringRemoved;
    private int ringMarks;
    /** See {@link #polledTimerDue()}. */
    private long polledTimerDue;

    private final TimerWheel timers;
    /**
     * Pending timers by slot; a timer's ID is (serial << 32 | slot), so finding one by ID
     * is an array read, and IDs still rise in the order timers are set.
     */
    private Timer[] timerSlots = new Timer[60];
    private int[] freeSlots = new int[60];
    private int freeCount;
    private int slotLimit;
    private long timerSerial;

    /** @param nowNanos the clock now, where the timer wheel starts */
    EventQueue(long nowNanos) {
        timers = new TimerWheel(nowNanos);
        untimedDue = nowNanos;
    }

    /** Posts an event due at {@code now}, the kernel's clock, read for this post. */
    void post(EventContext ev, long now) {
        long t = tail;
        if (untimedFrom != t) {
            stampUntimed();
        }
        EventContext[] r = ring;
        if (t - head == r.length) {
            r = growRing();
        }
        int i = (int) t & (r.length - 1);
        r[i] = ev;
        ringDue[i] = now;
        tail = t + 1;
        untimedFrom = t + 1;
        untimedDue = now;
    }

    /**
     * Posts an event due at the kernel's clock as it stands, which has not moved since the
     * last timed post or {@link #clockMoved}: no due time is written (the common case, a
     * post in a batch with no timer pending, saves a store).
     */
    void postUntimed(EventContext ev) {
        long t = tail;
        EventContext[] r = ring;
        if (t - head == r.length) {
            r = growRing();
        }
        r[(int) t & (r.length - 1)] = ev;
        tail = t + 1;
    }

    /** The kernel's clock moved on to {@code now}: untimed entries so far keep the old time. */
    void clockMoved(long now) {
        if (now != untimedDue) {
            if (untimedFrom != tail) {
                stampUntimed();
            }
            untimedDue = now;
        }
    }

    /** Writes out the due time of the untimed entries. */
    private void stampUntimed() {
        long[] d = ringDue;
        int mask = d.length - 1;
        long due = untimedDue;
        for (long p = Math.max(untimedFrom, head); p != tail; p++) {
            d[(int) p & mask] = due;
        }
        untimedFrom = tail;
    }

    /** The due time of the ring entry at position {@code p}. */
    private long dueAt(long p) {
        return p >= untimedFrom ? untimedDue : ringDue[(int) p & (ringDue.length - 1)];
    }

    /** Counts a GC marker just posted: an entry that keeps no one alive and is not counted as an event. */
    void markPosted() {
        ringMarks++;
    }

    /** The caller took a GC marker off the queue (poll does not look at kinds). */
    void markTaken() {
        ringMarks--;
    }

    Timer addTimer(EventContext ev, long due) {
        // timers order among themselves by ID; against posted events by the ring's tail
        int slot = allocSlot();
        if (++timerSerial == 1L << 31) {
            timerSerial = 1;   // IDs stay positive; a stale ID could match again 2^31 timers later
        }
        Timer t = new Timer(ev, timerSerial << 32 | slot, tail);
        timerSlots[slot] = t;
        timers.add(t, due);
        return t;
    }

    /**
     * Removes and returns the earliest entry if it is due by {@code limit}; null if the
     * queue is empty or its head is due later. With no timer pending, the earliest entry
     * whatever its due time: posted events are dispatched in posting order anyway, and
     * the limit serves only to let a timer that comes due go between them.
     */
    EventContext poll(long limit) {
        EventContext[] r = ring;
        long h = head;
        int i = (int) h & (r.length - 1);
        // a slot at or past the tail is always null, so a non-null head is live
        EventContext f = r[i];
        if (f != null && timers.size() == 0) {
            // without timers only posted events are queued, first-in first-out; and any
            // of them is due by now (one posted after the limit comes next all the same)
            r[i] = null;
            head = h + 1;
            return f;
        }
        return pollMerged(limit);
    }

    /**
     * Whether the entry {@link #poll}{@code (limit)} would return next belongs to a later
     * batch than the one that began with the ring's tail at {@code batchEnd} and the clock at
     * {@code batchClock} (the test the kernel makes after a poll, made before it); false when
     * nothing is due by {@code limit}.
     */
    boolean nextIsAfterBatch(long limit, long batchEnd, long batchClock) {
        EventContext[] r = ring;
        int mask = r.length - 1;
        long h = liveHead();
        EventContext f = h != tail ? r[(int) h & mask] : null;
        if (timers.size() == 0) {
            return f != null && h >= batchEnd;
        }
        long rd = f == null ? Long.MAX_VALUE : dueAt(h);
        Timer t = timers.peekDue(Math.min(limit, rd));
        if (t != null && (t.due < rd || t.ringMark <= h)) {
            return h > batchEnd || t.due > batchClock;
        }
        return f != null && rd <= limit && h >= batchEnd;
    }

    /** {@link #poll} when timers are pending or the ring's head slot is empty. */
    private EventContext pollMerged(long limit) {
        EventContext[] r = ring;
        int mask = r.length - 1;
        long h = liveHead();
        EventContext f = h != tail ? r[(int) h & mask] : null;
        long rd = f == null ? Long.MAX_VALUE : dueAt(h);
        if (timers.size() > 0) {
            // a timer goes first if it is due by the limit and before the ring's head
            Timer t = timers.peekDue(Math.min(limit, rd));
            if (t != null && (t.due < rd || t.ringMark <= h)) {
                timers.poll();
                freeSlot(t);
                polledTimerDue = t.due;
                return t.event;
            }
        }
        if (f == null || rd > limit) {
            return null;
        }
        r[(int) h & mask] = null;
        head = h + 1;
        return f;
    }

    /**
     * Due time of the earliest entry, or Long.MAX_VALUE; for a timer more than a bucket
     * away it may be earlier than that (see {@link TimerWheel#dueBound()}), never later.
     */
    long nextDue() {
        long due = ringHeadDue();
        return timers.size() > 0 ? Math.min(due, timers.dueBound()) : due;
    }

    /** Due time of the earliest entry exactly, or Long.MAX_VALUE. */
    long exactNextDue() {
        long due = ringHeadDue();
        return timers.size() > 0 ? Math.min(due, timers.minDue()) : due;
    }

    /** Due time of the ring's first live entry, or Long.MAX_VALUE. */
    private long ringHeadDue() {
        long h = skipRemoved();
        return h != tail ? dueAt(h) : Long.MAX_VALUE;
    }

    /** The ring's first live position: its head, past removed (nulled) entries. */
    private long liveHead() {
        long h = head;
        return ring[(int) h & (ring.length - 1)] == null && ringRemoved > 0 ? skipRemoved() : h;
    }

    /** Drops removed (nulled) entries at the ring's head; returns the head's position. */
    private long skipRemoved() {
        EventContext[] r = ring;
        int mask = r.length - 1;
        long h = head;
        while (h != tail && r[(int) h & mask] == null) {
            h++;
            ringRemoved--;
        }
        head = h;
        return h;
    }

    /** Whether nothing at all is queued: no ring entry (live or removed) and no timer. */
    boolean idle() {
        return head == tail && timers.size() == 0;
    }

    /** Whether any timer is pending. */
    boolean hasTimers() {
        return timers.size() > 0;
    }

    boolean isEmpty() {
        return nextDue() == Long.MAX_VALUE;
    }

    /** Live entries, GC markers excluded. */
    int userEntries() {
        return (int) (tail - head) - ringRemoved - ringMarks + timers.size();
    }

    /** Live entries, GC markers included (POE's {@code get_item_count}, which IDLE and ZOMBIE test). */
    int entries() {
        return (int) (tail - head) - ringRemoved + timers.size();
    }

    /**
     * Ring position one past the last entry taken: a ring entry just returned by {@link #poll}
     * was at {@code head() - 1}. Compared with an earlier {@link #tail()}, it tells whether
     * that entry was posted before or after (the kernel's batch boundary).
     */
    long head() {
        return head;
    }

    /** Ring position where the next post goes. */
    long tail() {
        return tail;
    }

    /** Due time of the timer {@link #poll} returned last (set only when it returns a timer). */
    long polledTimerDue() {
        return polledTimerDue;
    }

    /** The pending timer with this ID, or null. */
    Timer timer(long id) {
        int slot = (int) id;
        if (id <= 0 || slot < 0 || slot >= slotLimit) {
            return null;
        }
        Timer t = timerSlots[slot];
        return t != null && t.id == id ? t : null;
    }

    long due(Timer t) {
        return t.due;
    }

    /** Removes a pending timer. */
    void removeTimer(Timer t) {
        timers.remove(t);
        freeSlot(t);
    }

    void adjustTimer(Timer t, long newDue) {
        timers.adjust(t, newDue);
    }

    /** Timers in the order they fire: by due time, then by ID (the order they were set). */
    private static final Comparator<Timer> DUE_ORDER = Comparator.comparingLong((Timer t) -> t.due)
            .thenComparingLong(t -> t.id);

    /** Ring slots {@link #removeIf} has visited: a test counts a stop's work by it. */
    long slotsScanned;

    /** A queue entry: a ring position and its event, or a timer. */
    record Entry(long position, EventContext event, Timer timer) {
    }

    /**
     * Every entry, listed under each session it names (destination and sending session):
     * one pass, so that freeing many sessions costs the queue's length once rather than
     * once per session (see {@link #removeEntries}).
     */
    Map<Session, List<Entry>> entriesBySession() {
        Map<Session, List<Entry>> bySession = new IdentityHashMap<>();
        int mask = ring.length - 1;
        for (long p = head; p != tail; p++) {
            EventContext ev = ring[(int) p & mask];
            if (ev != null) {
                index(bySession, new Entry(p, ev, null));
            }
        }
        timers.forEach(t -> index(bySession, new Entry(-1, t.event, t)));
        return bySession;
    }

    private static void index(Map<Session, List<Entry>> bySession, Entry e) {
        Session dest = e.event().session;
        if (dest != null) {
            bySession.computeIfAbsent(dest, k -> new ArrayList<>(2)).add(e);
        }
        if (e.event().sender instanceof Session sender && sender != dest) {
            bySession.computeIfAbsent(sender, k -> new ArrayList<>(2)).add(e);
        }
    }

    /**
     * Removes those of {@code entries} still queued and returns their events as {@link
     * #removeIf} would: posted events in posting order, then timers in due order.
     */
    List<EventContext> removeEntries(List<Entry> entries) {
        List<EventContext> removed = new ArrayList<>();
        List<Timer> found = null;
        for (Entry e : entries) {
            if (e.timer() != null) {
                if (timer(e.timer().id) == e.timer()) {
                    (found == null ? found = new ArrayList<>() : found).add(e.timer());
                }
                continue;
            }
            long p = e.position();
            int i = (int) p & (ring.length - 1);
            if (p >= head && p < tail && ring[i] == e.event()) {
                removed.add(takeSlot(i));
            }
        }
        if (found != null) {
            found.sort(DUE_ORDER);
            for (Timer t : found) {
                removeTimer(t);
                removed.add(t.event);
            }
        }
        return removed;
    }

    /** Removes the live ring entry in slot {@code i} (nulled, skipped later) and returns it. */
    private EventContext takeSlot(int i) {
        EventContext ev = ring[i];
        ring[i] = null;
        ringRemoved++;
        if (ev.kind == EventContext.GC_MARK) {
            ringMarks--;
        }
        return ev;
    }

    /** Removes every event (posted or timer) that matches, in due order, and returns them. */
    List<EventContext> removeIf(Predicate<EventContext> match) {
        List<EventContext> removed = new ArrayList<>();
        int mask = ring.length - 1;
        slotsScanned += tail - head;
        for (long p = head; p != tail; p++) {
            int i = (int) p & mask;
            EventContext ev = ring[i];
            if (ev != null && match.test(ev)) {
                removed.add(takeSlot(i));
            }
        }
        if (timers.size() > 0) {
            // timers due before posted events are rare enough: list them after, in their order
            for (Timer t : removeTimersIf(t -> match.test(t.event))) {
                removed.add(t.event);
            }
        }
        return removed;
    }

    /** Removes every timer that matches and returns them in due order. */
    List<Timer> removeTimersIf(Predicate<Timer> match) {
        List<Timer> found = timers(match);
        for (Timer t : found) {
            removeTimer(t);
        }
        return found;
    }

    /** Timers matching, in due order, without removing them. */
    List<Timer> timers(Predicate<Timer> match) {
        List<Timer> found = new ArrayList<>();
        timers.forEach(t -> {
            if (match.test(t)) {
                found.add(t);
            }
        });
        found.sort(DUE_ORDER);
        return found;
    }

    void clear() {
        Arrays.fill(ring, null);
        head = tail = untimedFrom = 0;
        ringRemoved = ringMarks = 0;
        timers.clear();
        Arrays.fill(timerSlots, 0, slotLimit, null);
        freeCount = 0;
        slotLimit = 0;
    }

    private int allocSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotLimit == timerSlots.length) {
            timerSlots = Arrays.copyOf(timerSlots, TimerHeap.grow(slotLimit));
            freeSlots = Arrays.copyOf(freeSlots, TimerHeap.grow(slotLimit));
        }
        return slotLimit++;
    }

    private void freeSlot(Timer t) {
        int slot = (int) t.id;
        timerSlots[slot] = null;
        freeSlots[freeCount++] = slot;
    }

    private EventContext[] growRing() {
        int n = ring.length * 2;
        EventContext[] r = new EventContext[n];
        long[] d = new long[n];
        int oldMask = ring.length - 1;
        for (long p = head; p != tail; p++) {
            int from = (int) p & oldMask;
            int to = (int) p & (n - 1);
            r[to] = ring[from];
            d[to] = ringDue[from];
        }
        ring = r;
        ringDue = d;
        return r;
    }
}
