package poe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The timer wheel against a list of its timers, at time scales that keep timers in its
 * near heap, its two levels and its far heap: its exact and lower-bound next due times,
 * and which timer it gives up when, stay right as the cursor moves.
 */
class TimerWheelModelTest {

    private static final Comparator<Timer> ORDER = Comparator.comparingLong((Timer t) -> t.due).thenComparingLong(t -> t.id);

    @Test
    void agreesWithAListAtEveryScale() {
        for (long scale : new long[] {1L << 10, 1L << 16, 1L << 24, 1L << 34}) {
            for (long seed = 1; seed <= 3; seed++) {
                run(new Random(seed), scale);
            }
        }
    }

    private static void run(Random random, long scale) {
        TimerWheel wheel = new TimerWheel(0);
        List<Timer> live = new ArrayList<>();
        long now = 0;
        long id = 1;
        for (int op = 0; op < 30_000; op++) {
            int kind = random.nextInt(100);
            String where = "scale " + scale + ", operation " + op;
            if (kind < 50) {
                now += random.nextInt(3) * scale;
                Timer t = new Timer(null, id++, 0);
                wheel.add(t, now + (random.nextInt(200) - 50) * scale);
                live.add(t);
            } else if (kind < 65 && !live.isEmpty()) {
                Timer t = live.get(random.nextInt(live.size()));
                wheel.adjust(t, t.due + (random.nextInt(100) - 50) * scale);
            } else if (kind < 75 && !live.isEmpty()) {
                wheel.remove(live.remove(random.nextInt(live.size())));
            } else if (!live.isEmpty()) {
                Timer first = live.stream().min(ORDER).orElseThrow();
                Timer due = wheel.peekDue(now);
                if (first.due <= now) {
                    assertSame(first, due, where);
                    assertSame(first, wheel.poll(), where);
                    assertEquals(Timer.NONE, first.tier);
                    live.remove(first);
                } else {
                    assertEquals(null, due, where + ": nothing is due yet");
                }
            }
            assertEquals(live.size(), wheel.size(), where);
            if (!live.isEmpty()) {
                long min = live.stream().mapToLong(t -> t.due).min().getAsLong();
                assertEquals(min, wheel.minDue(), where);
                long bound = wheel.dueBound();
                assertTrue(bound <= min && min - bound < 1L << 30, where + ": bound " + bound + " for " + min);
            }
        }
    }
}
