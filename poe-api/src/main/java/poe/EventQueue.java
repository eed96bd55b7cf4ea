package poe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The kernel's one queue (POE::Resource::Events + the timer part of POE's queue): a total
 * order by (due time, sequence number).
 *
 * <p>Two structures, merged at the head: a FIFO ring for posted events (their due time is
 * the kernel's clock at posting, which never goes back, so the ring is already sorted) and
 * an indexed binary heap for timers. Posting and taking a due-now event are O(1); adding,
 * adjusting and removing a timer by ID are O(log n). Removed entries in the ring are
 * marked and skipped.
 */
final class EventQueue {

    private EventContext[] ring = new EventContext[64];
    private int head;
    private int tail;
    private int ringSize;

    private EventContext[] heap = new EventContext[64];
    private int heapSize;

    private final LongMap<EventContext> timersById = new LongMap<>();
    private long nextSeq;
    private long nextTimerId = 1;

    /** Live entries, GC markers excluded. */
    private int userEntries;

    void enqueueNow(EventContext ev, long now) {
        ev.due = now;
        ev.seq = nextSeq++;
        if (ringSize == ring.length) {
            growRing();
        }
        ring[tail] = ev;
        tail = (tail + 1) & (ring.length - 1);
        ringSize++;
        if (ev.kind != EventContext.GC_MARK) {
            userEntries++;
        }
    }

    long enqueueTimer(EventContext ev, long due) {
        ev.due = due;
        ev.seq = nextSeq++;
        ev.timerId = nextTimerId++;
        timersById.put(ev.timerId, ev);
        heapInsert(ev);
        userEntries++;
        return ev.timerId;
    }

    /** The earliest entry, or null. Removed ring entries at the head are dropped on the way. */
    EventContext peek() {
        EventContext f = null;
        while (ringSize > 0) {
            f = ring[head];
            if (!f.cancelled) {
                break;
            }
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            ringSize--;
            f = null;
        }
        EventContext t = heapSize > 0 ? heap[0] : null;
        if (t == null) {
            return f;
        }
        if (f == null) {
            return t;
        }
        return (t.due < f.due || (t.due == f.due && t.seq < f.seq)) ? t : f;
    }

    /** Removes the entry {@link #peek()} returned. */
    void take(EventContext ev) {
        if (ev.heapIndex >= 0) {
            heapRemove(ev);
            if (ev.timerId != 0) {
                timersById.remove(ev.timerId);
            }
        } else {
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            ringSize--;
        }
        if (ev.kind != EventContext.GC_MARK) {
            userEntries--;
        }
    }

    /** Due time of the earliest entry, or Long.MAX_VALUE. */
    long nextDue() {
        EventContext ev = peek();
        return ev == null ? Long.MAX_VALUE : ev.due;
    }

    /** Whether any timer is pending. */
    boolean hasTimers() {
        return heapSize > 0;
    }

    boolean isEmpty() {
        return peek() == null;
    }

    int userEntries() {
        return userEntries;
    }

    EventContext timer(long id) {
        return timersById.get(id);
    }

    /** Removes a pending timer by its entry. */
    void removeTimer(EventContext ev) {
        heapRemove(ev);
        timersById.remove(ev.timerId);
        ev.cancelled = true;
        userEntries--;
    }

    void adjustTimer(EventContext ev, long newDue) {
        heapRemove(ev);
        ev.due = newDue;
        heapInsert(ev);
    }

    /**
     * Removes every entry that matches, in due order, and returns them.
     */
    List<EventContext> removeIf(Predicate<EventContext> match) {
        List<EventContext> removed = new ArrayList<>();
        for (int i = 0, idx = head; i < ringSize; i++, idx = (idx + 1) & (ring.length - 1)) {
            EventContext ev = ring[idx];
            if (!ev.cancelled && match.test(ev)) {
                ev.cancelled = true;
                removed.add(ev);
                if (ev.kind != EventContext.GC_MARK) {
                    userEntries--;
                }
            }
        }
        List<EventContext> timers = new ArrayList<>();
        for (int i = 0; i < heapSize; i++) {
            if (match.test(heap[i])) {
                timers.add(heap[i]);
            }
        }
        timers.sort(EventQueue::compare);
        for (EventContext ev : timers) {
            removeTimer(ev);
        }
        removed.addAll(timers);
        return removed;
    }

    /** Timers matching, in due order, without removing them. */
    List<EventContext> timers(Predicate<EventContext> match) {
        List<EventContext> found = new ArrayList<>();
        for (int i = 0; i < heapSize; i++) {
            if (match.test(heap[i])) {
                found.add(heap[i]);
            }
        }
        found.sort(EventQueue::compare);
        return found;
    }

    void clear() {
        Arrays.fill(ring, null);
        head = tail = ringSize = 0;
        for (int i = 0; i < heapSize; i++) {
            heap[i].heapIndex = -1;
            heap[i].cancelled = true;
            heap[i] = null;
        }
        heapSize = 0;
        timersById.clear();
        userEntries = 0;
    }

    static int compare(EventContext a, EventContext b) {
        int c = Long.compare(a.due, b.due);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    }

    private void growRing() {
        EventContext[] bigger = new EventContext[ring.length * 2];
        for (int i = 0; i < ringSize; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
        tail = ringSize;
    }

    private static boolean less(EventContext a, EventContext b) {
        return a.due < b.due || (a.due == b.due && a.seq < b.seq);
    }

    private void heapInsert(EventContext ev) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        int i = heapSize++;
        siftUp(i, ev);
    }

    private void heapRemove(EventContext ev) {
        int i = ev.heapIndex;
        ev.heapIndex = -1;
        int last = --heapSize;
        EventContext moved = heap[last];
        heap[last] = null;
        if (i == last) {
            return;
        }
        if (i > 0 && less(moved, heap[(i - 1) >>> 1])) {
            siftUp(i, moved);
        } else {
            siftDown(i, moved);
        }
    }

    private void siftUp(int i, EventContext ev) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            EventContext p = heap[parent];
            if (!less(ev, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = ev;
        ev.heapIndex = i;
    }

    private void siftDown(int i, EventContext ev) {
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            EventContext c = heap[child];
            int right = child + 1;
            if (right < heapSize && less(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!less(c, ev)) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = ev;
        ev.heapIndex = i;
    }
}
