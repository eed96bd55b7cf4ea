package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import poe.AlarmInfo;
import poe.Errno;
import poe.Kernel;
import poe.KernelException;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** K3-TIMER: per-session timers, return values and errors, delayAdjust, removeAll; never early. */
class TimerSemanticsTest {

    /** K3-TIMER-1/2: each session has its own timer names; delay(name) clears only its own. */
    @LoopTest
    void timersBelongToTheirSession(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        for (String who : List.of("a", "b")) {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().delay("t", 0.05, who);
                        if (who.equals("b")) {
                            ev.kernel().delay("t");
                        }
                    })
                    .on("t", ev -> log.add(ev.arg(0) + " fired"))
                    .create(ctx.kernel());
        }
        ctx.drive();
        assertEquals(List.of("a fired"), log);
    }

    /** K3-TIMER-3/4: IDs, EINVAL for a missing name, EPERM for another session's timer, empty for unknown IDs. */
    @LoopTest
    void returnValuesAndErrors(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        long[] foreign = new long[1];
        Session.builder()
                .on("_start", ev -> {
                    foreign[0] = ev.kernel().delaySet("mine", 5);
                    ev.kernel().aliasSet("owner");
                })
                .on("mine", ev -> log.add("owner's timer fired"))
                .on("done", ev -> {
                    ev.kernel().alarmRemove(foreign[0]);
                    ev.kernel().aliasRemove("owner");
                })
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    long id = k.delaySet("x", 0.01);
                    log.add("id positive " + (id > 0));
                    log.add("einval " + errno(() -> k.delay(null, 1)) + " " + errno(() -> k.alarmSet("", 1)));
                    log.add("eperm " + errno(() -> k.alarmRemove(foreign[0])) + " "
                            + errno(() -> k.alarmAdjust(foreign[0], 1)) + " " + errno(() -> k.delayAdjust(foreign[0], 1)));
                    log.add("unknown " + k.alarmRemove(123_456).isPresent() + " " + k.alarmAdjust(123_456, 1).isPresent()
                            + " " + k.delayAdjust(123_456, 1).isPresent());
                    k.post("owner", "done");
                })
                .on("x", ev -> log.add("x fired"))
                .create(ctx.kernel());
        assertThrows(KernelException.class, () -> ctx.kernel().delay("outside", 1), "timers need an active session");
        ctx.drive();
        assertEquals(List.of("id positive true", "einval EINVAL EINVAL", "eperm EPERM EPERM EPERM",
                "unknown false false false", "x fired"), log);
    }

    private static Errno errno(Runnable r) {
        try {
            r.run();
            return null;
        } catch (KernelException e) {
            return e.errno();
        }
    }

    /** K3-TIMER-5: delayAdjust re-aims a long timer (also one made by alarmSet) to fire soon. */
    @LoopTest
    void delayAdjustReaims(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        long[] started = new long[1];
        Session.builder()
                .on("_start", ev -> {
                    started[0] = System.nanoTime();
                    long a = ev.kernel().delaySet("by_delay", 10);
                    long b = ev.kernel().alarmSet("by_alarm", System.currentTimeMillis() / 1000.0 + 10);
                    ev.kernel().delayAdjust(a, 0.1).orElseThrow();
                    ev.kernel().delayAdjust(b, 0.05).orElseThrow();
                })
                .on("by_delay", ev -> log.add("by_delay " + ((System.nanoTime() - started[0]) < 2_000_000_000L)))
                .on("by_alarm", ev -> log.add("by_alarm " + ((System.nanoTime() - started[0]) < 2_000_000_000L)))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("by_alarm true", "by_delay true"), log);
    }

    /** K3-TIMER-6: alarmRemoveAll returns one AlarmInfo per timer (the same shape as alarmRemove). */
    @LoopTest
    void alarmRemoveAllReturnsRecords(ScenarioContext ctx) {
        List<AlarmInfo> removed = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().alarmSet("later", 2_000_000_000, "x", 1);
                    ev.kernel().delay("sooner", 100, "y");
                    removed.addAll(ev.kernel().alarmRemoveAll());
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(2, removed.size());
        assertEquals("sooner", removed.get(0).event());
        assertEquals(List.of("y"), removed.get(0).args());
        assertEquals("later", removed.get(1).event());
        assertEquals(List.of("x", 1), removed.get(1).args());
        assertEquals(2_000_000_000.0, removed.get(1).epochSeconds(), 1e-3);
    }

    /** Timers never fire early: many short delays, checked against System.nanoTime(). */
    @LoopTest
    void timersNeverFireEarly(ScenarioContext ctx) {
        int count = 300;
        long[] setAt = new long[count];
        long[] wanted = new long[count];
        List<String> early = new ArrayList<>();
        int[] fired = new int[1];
        Random random = new Random(4242);
        Session.builder()
                .on("_start", ev -> {
                    for (int i = 0; i < count; i++) {
                        double seconds = random.nextInt(60) / 1000.0;       // 0 .. 59 ms
                        wanted[i] = (long) (seconds * 1e9);
                        setAt[i] = System.nanoTime();
                        if (i % 2 == 0) {
                            ev.kernel().delayAdd("t", seconds, i);
                        } else {
                            ev.kernel().delaySet("t", seconds, i);
                        }
                    }
                    ev.kernel().delay("chain", 0.001, 0);
                })
                .on("t", ev -> {
                    int i = ev.arg(0);
                    long elapsed = System.nanoTime() - setAt[i];
                    if (elapsed < wanted[i]) {
                        early.add("timer " + i + " fired after " + elapsed + " ns, wanted " + wanted[i]);
                    }
                    fired[0]++;
                })
                .on("chain", ev -> {                                            // short delays set one after another
                    int n = ev.arg(0);
                    long wantedNanos = 1_000_000L * (n % 7);
                    if (n < 100) {
                        long t0 = System.nanoTime();
                        ev.kernel().delay("chained", wantedNanos / 1e9, n, t0, wantedNanos);
                    }
                })
                .on("chained", ev -> {
                    int n = ev.arg(0);
                    long t0 = ev.arg(1);
                    long w = ev.arg(2);
                    long elapsed = System.nanoTime() - t0;
                    if (elapsed < w) {
                        early.add("chained " + n + " fired after " + elapsed + " ns, wanted " + w);
                    }
                    ev.kernel().yield("chain", n + 1);
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of(), early);
        assertEquals(count, fired[0]);
        assertTrue(ctx.kernel().dispatchedCount() > count + 200);
    }
}
