package poe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The kernel's queue against a plain reference (a sorted set by due time, then sequence)
 * over many random operations: posts, timers, adjustments, removals by ID and by filter,
 * and takes.
 */
class EventQueueModelTest {

    private static final Comparator<EventContext> ORDER = EventQueue::compare;

    @Test
    void agreesWithASortedSetOver200kRandomOperations() {
        for (long seed = 1; seed <= 4; seed++) {
            run(new Random(seed), 50_000);
        }
    }

    private static void run(Random random, int operations) {
        EventQueue queue = new EventQueue();
        TreeSet<EventContext> model = new TreeSet<>(ORDER);
        Map<Long, EventContext> timers = new HashMap<>();
        List<Long> timerIds = new ArrayList<>();
        long now = 0;
        int tag = 0;
        for (int op = 0; op < operations; op++) {
            int kind = random.nextInt(100);
            if (kind < 30) {
                now += random.nextInt(3);                       // the clock may stand still
                EventContext ev = entry(tag++, EventContext.POST);
                queue.enqueueNow(ev, now);
                model.add(ev);
            } else if (kind < 55) {
                long due = now + random.nextInt(200) - 50;      // overdue timers too
                EventContext ev = entry(tag++, EventContext.TIMER);
                long id = queue.enqueueTimer(ev, due);
                model.add(ev);
                timers.put(id, ev);
                timerIds.add(id);
            } else if (kind < 65 && !timerIds.isEmpty()) {
                long id = timerIds.get(random.nextInt(timerIds.size()));
                EventContext t = queue.timer(id);
                EventContext expected = timers.get(id);
                if (expected == null) {
                    assertNull(t, "timer " + id + " was gone");
                } else {
                    assertSame(expected, t);
                    model.remove(t);
                    queue.adjustTimer(t, t.due + random.nextInt(100) - 50);
                    model.add(t);
                }
            } else if (kind < 72 && !timerIds.isEmpty()) {
                long id = timerIds.get(random.nextInt(timerIds.size()));
                EventContext t = queue.timer(id);
                if (t != null) {
                    queue.removeTimer(t);
                    assertEquals(true, model.remove(t));
                    timers.remove(id);
                }
            } else if (kind < 74) {
                int mod = 2 + random.nextInt(5);
                List<EventContext> removed = queue.removeIf(ev -> ev.args.length > 0 && (Integer) ev.args[0] % mod == 0);
                List<EventContext> expected = new ArrayList<>();
                for (EventContext ev : model) {
                    if ((Integer) ev.args[0] % mod == 0) {
                        expected.add(ev);
                    }
                }
                assertEquals(expected.size(), removed.size(), "removeIf count");
                model.removeAll(expected);
                for (EventContext ev : expected) {
                    timers.remove(ev.timerId);
                }
            } else {
                int takes = 1 + random.nextInt(4);
                for (int i = 0; i < takes; i++) {
                    EventContext head = queue.peek();
                    EventContext expected = model.isEmpty() ? null : model.first();
                    assertSame(expected, head, "head after " + op + " operations");
                    if (head == null) {
                        break;
                    }
                    queue.take(head);
                    model.pollFirst();
                    timers.remove(head.timerId);
                }
            }
            assertEquals(model.size(), queue.userEntries(), "live entries");
            assertEquals(model.isEmpty() ? Long.MAX_VALUE : model.first().due, queue.nextDue());
        }
        // drain: everything comes out in model order
        while (!model.isEmpty()) {
            EventContext head = queue.peek();
            assertNotNull(head);
            assertSame(model.pollFirst(), head);
            queue.take(head);
        }
        assertNull(queue.peek());
        assertEquals(0, queue.userEntries());
    }

    private static EventContext entry(int tag, byte kind) {
        return new EventContext(null, null, null, "e" + tag, new Object[] {tag}, kind, null);
    }
}
