package poe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import poe.internal.Timer;

/**
 * The kernel's queue against a plain reference (a sorted set by due time, then sequence)
 * over many random operations: posts, timers, adjustments, removals by ID and by filter,
 * and takes; the ring and the timer heap must agree on one order.
 */
class EventQueueModelTest {

    /** The model's view of one entry: what the queue should order it by. */
    private record Entry(long due, long seq, EventContext ev, Timer timer) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::due).thenComparingLong(Entry::seq);

    @Test
    void agreesWithASortedSetOver200kRandomOperations() {
        for (long seed = 1; seed <= 4; seed++) {
            run(new Random(seed), 50_000, 1);
        }
    }

    /**
     * Times spread over milliseconds, seconds and an hour: timers move from the wheel's far
     * tier to its second and first levels to its near heap as the head advances.
     */
    @Test
    void agreesAcrossTheTimerWheelsTiers() {
        for (long seed = 1; seed <= 3; seed++) {
            run(new Random(seed), 50_000, 1L << 16);
            run(new Random(seed), 50_000, 1L << 24);
            run(new Random(seed), 50_000, 1L << 34);             // an hour: level 2 and far
        }
    }

    @Test
    void timersFarApartComeOutInOrder() {
        EventQueue queue = new EventQueue(0);
        long second = 1_000_000_000L;
        long[] dues = {5 * second, 3, 2 * second, 3, 3_600 * second, second / 2, 2 * second, 0};
        List<Timer> set = new ArrayList<>();
        for (long due : dues) {
            set.add(queue.addTimer(entry(set.size(), EventContext.TIMER), due));
        }
        List<Timer> expected = new ArrayList<>(set);
        expected.sort(Comparator.comparingLong((Timer t) -> t.due).thenComparingLong(t -> t.id));
        queue.removeTimer(expected.remove(4));           // the first of the two-second timers
        for (Timer t : expected) {
            assertEquals(t.due, queue.exactNextDue());
            assertNull(queue.poll(t.due - 1), "not before it is due");
            assertSame(t.event, queue.poll(t.due));
        }
        assertTrue(queue.isEmpty());
    }

    @Test
    void oneContextMayBeQueuedSeveralTimes() {
        EventQueue queue = new EventQueue(0);
        EventContext shared = entry(1, EventContext.POST);
        EventContext other = entry(2, EventContext.POST);
        queue.post(shared, 5);
        queue.post(other, 5);
        queue.post(shared, 6);
        assertEquals(3, queue.userEntries());
        assertSame(shared, queue.poll(10));
        assertSame(other, queue.poll(10));
        assertSame(shared, queue.poll(10));
        assertNull(queue.poll(10));
    }

    @Test
    void pollLeavesEntriesDueAfterTheLimitWhileATimerIsPending() {
        EventQueue queue = new EventQueue(0);
        EventContext later = entry(1, EventContext.POST);
        queue.post(later, 100);
        Timer t = queue.addTimer(entry(2, EventContext.TIMER), 50);
        Timer last = queue.addTimer(entry(3, EventContext.TIMER), 200);
        assertNull(queue.poll(49));
        assertEquals(50, queue.nextDue());
        assertSame(t.event, queue.poll(50));
        assertFalse(t.pending(), "a fired timer is no longer pending");
        assertNull(queue.timer(t.id));
        assertNull(queue.poll(99), "a timer is pending: the posted event waits for its due time");
        assertSame(later, queue.poll(100));
        assertNull(queue.poll(199));
        assertSame(last.event, queue.poll(200));
        assertTrue(queue.isEmpty());
    }

    @Test
    void withoutTimersPollTakesPostedEventsInOrderWhateverTheLimit() {
        EventQueue queue = new EventQueue(0);
        EventContext first = entry(1, EventContext.POST);
        EventContext second = entry(2, EventContext.POST);
        queue.post(first, 100);
        queue.post(second, 150);
        Timer t = queue.addTimer(entry(3, EventContext.TIMER), 50);
        assertSame(t.event, queue.poll(50));
        // no timer can come between them any more: the limit no longer matters
        assertSame(first, queue.poll(60));
        assertSame(second, queue.poll(60));
        assertNull(queue.poll(Long.MAX_VALUE));
    }

    private static void run(Random random, int operations, long scale) {
        EventQueue queue = new EventQueue(0);
        TreeSet<Entry> model = new TreeSet<>(ORDER);
        Map<Long, Entry> timers = new HashMap<>();
        List<Long> timerIds = new ArrayList<>();
        long now = 0;
        long seq = 0;
        int tag = 0;
        for (int op = 0; op < operations; op++) {
            int kind = random.nextInt(100);
            if (kind < 30) {
                now += random.nextInt(3) * scale;               // the clock may stand still
                EventContext ev = entry(tag++, EventContext.POST);
                if (random.nextBoolean()) {
                    queue.post(ev, now);                        // a post that read the clock
                } else {
                    queue.clockMoved(now);                      // as where a batch starts
                    queue.postUntimed(ev);                      // due at that clock, not stored
                }
                model.add(new Entry(now, seq++, ev, null));
            } else if (kind < 55) {
                long due = now + (random.nextInt(200) - 50) * scale;    // overdue timers too
                EventContext ev = entry(tag++, EventContext.TIMER);
                Timer t = queue.addTimer(ev, due);
                Entry e = new Entry(due, seq++, ev, t);
                model.add(e);
                timers.put(t.id, e);
                timerIds.add(t.id);
            } else if (kind < 65 && !timerIds.isEmpty()) {
                long id = timerIds.get(random.nextInt(timerIds.size()));
                Timer t = queue.timer(id);
                Entry expected = timers.get(id);
                if (expected == null) {
                    assertNull(t, "timer " + id + " was gone");
                } else {
                    assertSame(expected.timer(), t);
                    assertEquals(expected.due(), queue.due(t));
                    model.remove(expected);
                    long newDue = expected.due() + (random.nextInt(100) - 50) * scale;
                    queue.adjustTimer(t, newDue);
                    Entry moved = new Entry(newDue, expected.seq(), expected.ev(), t);
                    model.add(moved);
                    timers.put(id, moved);
                }
            } else if (kind < 72 && !timerIds.isEmpty()) {
                long id = timerIds.get(random.nextInt(timerIds.size()));
                Timer t = queue.timer(id);
                if (t != null) {
                    queue.removeTimer(t);
                    assertTrue(model.remove(timers.remove(id)));
                }
            } else if (kind < 74) {
                int mod = 2 + random.nextInt(5);
                List<EventContext> removed = queue.removeIf(ev -> (Integer) ev.args[0] % mod == 0);
                List<Entry> expected = new ArrayList<>();
                for (Entry e : model) {
                    if ((Integer) e.ev().args[0] % mod == 0) {
                        expected.add(e);
                    }
                }
                assertEquals(expected.size(), removed.size(), "removeIf count");
                model.removeAll(expected);
                for (Entry e : expected) {
                    if (e.timer() != null) {
                        timers.remove(e.timer().id);
                        assertNull(queue.timer(e.timer().id));
                    }
                }
            } else {
                int takes = 1 + random.nextInt(4);
                for (int i = 0; i < takes; i++) {
                    Entry expected = model.isEmpty() ? null : model.first();
                    EventContext head = queue.poll(Long.MAX_VALUE);
                    assertSame(expected == null ? null : expected.ev(), head, "head after " + op + " operations");
                    if (head == null) {
                        break;
                    }
                    model.pollFirst();
                    if (expected.timer() != null) {
                        timers.remove(expected.timer().id);
                    }
                }
            }
            assertEquals(model.size(), queue.userEntries(), "live entries");
            long exact = model.isEmpty() ? Long.MAX_VALUE : model.first().due();
            assertEquals(exact, queue.exactNextDue());
            long bound = queue.nextDue();
            assertTrue(bound <= exact && (exact == Long.MAX_VALUE) == (bound == Long.MAX_VALUE),
                    "the next due time " + bound + " is a lower bound of " + exact);
            assertTrue(exact == Long.MAX_VALUE || exact - bound < 1L << 30, "and at most a period early");
        }
        // drain: everything comes out in model order
        while (!model.isEmpty()) {
            assertSame(model.pollFirst().ev(), queue.poll(Long.MAX_VALUE));
        }
        assertNull(queue.poll(Long.MAX_VALUE));
        assertEquals(0, queue.userEntries());
    }

    private static EventContext entry(int tag, byte kind) {
        return new EventContext(null, null, null, "e" + tag, new Object[] {tag}, kind, null);
    }
}
