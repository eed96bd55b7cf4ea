package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import poe.AlarmInfo;
import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** POE::Test::Loops k_alarms (KAL-01 .. KAL-17): the name- and ID-based timer API. */
class KernelAlarmsTest {

    private static final double SOON = 0.2;

    private static double now() {
        Instant i = Instant.now();
        return i.getEpochSecond() + i.getNano() / 1e9;
    }

    /** KAL-01 .. KAL-08: alarm, alarmAdd, delay, delayAdd, clearing by name, overdue epochs. */
    @LoopTest
    void namedTimers(ScenarioContext ctx) {
        Map<String, List<Double>> fired = new TreeMap<>();
        Session.builder()
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    double t = now() + SOON;
                    k.alarm("p01", t, 1.1);                                          // KAL-01
                    k.alarm("p02", t, 2.1);                                          // KAL-02
                    k.alarm("p02", t, 2.2);
                    k.alarmAdd("p03", t, 3.1);                                       // KAL-03
                    k.alarmAdd("p03", t, 3.2);
                    k.alarm("p04", t, 4.1);                                          // KAL-04
                    k.alarmAdd("p04", t, 4.2);
                    k.alarm("p04", t, 4.3);
                    k.alarmAdd("p04", t, 4.4);
                    k.alarm("p05", t, 5.1);                                          // KAL-05
                    k.alarm("p05");
                    k.delay("p06", SOON, 6.1);                                       // KAL-06
                    k.delay("p06", SOON, 6.2);
                    k.delayAdd("p07", SOON, 7.1);
                    k.delayAdd("p07", SOON, 7.2);
                    k.delay("p08", SOON, 8.1);
                    k.delayAdd("p08", SOON, 8.2);
                    k.delay("p08", SOON, 8.3);
                    k.delayAdd("p08", SOON, 8.4);
                    k.alarm("p09", 0.5, 9.1);                                        // KAL-07: 1970
                    k.alarmAdd("p09", 0.5, 9.2);
                    k.alarm("p09", 0.5, 9.3);
                    k.alarmAdd("p09", 0.5, 9.4);
                    k.delay("p10", SOON, 10.1);
                    k.delay("p10");
                })
                .on("_default", ev -> {
                    String name = ev.arg(0);
                    List<Object> args = ev.arg(1);
                    if (name.startsWith("p")) {
                        fired.computeIfAbsent(name, n -> new ArrayList<>()).add((Double) args.get(0));
                    }
                })
                .create(ctx.kernel());
        long start = System.nanoTime();
        ctx.drive(Duration.ofSeconds(15));                                            // KAL-08
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos());
        Map<String, List<Double>> want = new TreeMap<>();
        want.put("p01", List.of(1.1));
        want.put("p02", List.of(2.2));
        want.put("p03", List.of(3.1, 3.2));
        want.put("p04", List.of(4.3, 4.4));
        want.put("p06", List.of(6.2));
        want.put("p07", List.of(7.1, 7.2));
        want.put("p08", List.of(8.3, 8.4));
        want.put("p09", List.of(9.3, 9.4));
        assertEquals(want, fired);
    }

    /** KAL-09: ordered insertion into a large queue, small adjustments both ways, clearing. */
    @LoopTest
    void queueOrderOnALargeQueue(ScenarioContext ctx) {
        List<String> peeked = new ArrayList<>();
        List<String> fired = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    long id3 = k.alarmSet("025_3", 25);
                    k.alarmSet("025_2", 25);
                    long id1 = k.alarmSet("025_1", 25);
                    k.alarmAdjust(id1, -0.01);
                    k.alarmAdjust(id3, 0.01);
                    Random random = new Random(53302);
                    for (int i = 0; i < 600; i++) {
                        k.alarmAdd("filler", 1 + random.nextInt(299));
                    }
                    for (int t : new int[] {100, 200, 300, 50, 150, 250, 350, 75, 175, 275, 325, 225, 125}) {
                        k.alarmAdd(String.format("%03d", t), t);
                    }
                    long id206 = k.alarmSet("206", 205);
                    k.alarmSet("205", 205);
                    long id204 = k.alarmSet("204", 205);
                    k.alarmAdjust(id204, -0.01);
                    k.alarmAdjust(id206, 0.01);
                    k.alarm("filler");
                    k.alarmsPending().forEach(a -> peeked.add(a.event()));
                    k.alarmRemoveAll();
                })
                .on("_default", ev -> fired.add(ev.arg(0)))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("025_1", "025_2", "025_3", "050", "075", "100", "125", "150", "175", "200", "204", "205",
                "206", "225", "250", "275", "300", "325", "350"), peeked);
        assertEquals(List.of("_stop"), fired, "cleared timers must not fire");
    }

    /** KAL-10 .. KAL-17: the ID-based API, adjustments, remove_all and _default. */
    @LoopTest
    void idBasedTimers(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        List<String> forbidden = new ArrayList<>();
        double[] startedAt = new double[1];
        Session.builder()
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    startedAt[0] = now();
                    k.alarmSet("test_13", 1, 13);                                    // KAL-13
                    long id14 = k.alarmSet("test_14", 1, 14);                        // KAL-10
                    AlarmInfo a14 = k.alarmRemove(id14).orElseThrow();
                    log.add(a14.event() + " " + a14.epochSeconds() + " " + a14.args());
                    long id15 = k.delaySet("test_15", 0.5, 15);                      // KAL-11
                    AlarmInfo a15 = k.alarmRemove(id15).orElseThrow();
                    log.add(a15.event() + " " + a15.args());
                    assertTrue(a15.epochSeconds() >= startedAt[0] && a15.epochSeconds() <= startedAt[0] + 3,
                            "delay_set's removed time is an epoch time near now+0.5: " + a15.epochSeconds());
                    assertTrue(k.alarmRemove(id15).isEmpty(), "a removed timer is gone");

                })
                .on("test_13", ev -> {
                    log.add("13 fired " + ev.<Integer>arg(0));
                    Kernel k = ev.kernel();
                    k.delay("test_16", 1, 16);                                       // KAL-14
                    k.delay("test_17", 1, 17);
                    List<AlarmInfo> removed = k.alarmRemoveAll();
                    log.add("removed all: " + removed.stream().map(a -> a.event() + a.args())
                            .collect(Collectors.joining(" ")));
                    long id18 = k.alarmSet("test_18", 50, 18);                       // KAL-15
                    log.add("18: " + epoch(k.alarmAdjust(id18, -1)) + " " + epoch(k.alarmAdjust(id18, 1)));
                    long id19 = k.alarmSet("test_19", 52, 19);
                    log.add("19: " + epoch(k.alarmAdjust(id19, -4)) + " " + epoch(k.alarmAdjust(id19, 4)));
                    long id20 = k.alarmSet("test_20", 49, 20);
                    log.add("20: " + epoch(k.alarmAdjust(id20, 2)) + " " + epoch(k.alarmAdjust(id20, 2)) + " "
                            + epoch(k.alarmAdjust(id20, -2)));
                    List<Long> fillers = new ArrayList<>();                          // KAL-16
                    for (int i = 1; i <= 100; i++) {
                        fillers.add(k.alarmSet("filler", i));
                    }
                    long id21 = k.alarmSet("test_21", 50, 21);
                    log.add("21: " + epoch(k.alarmAdjust(id21, -10)) + " " + epoch(k.alarmAdjust(id21, 20)) + " "
                            + epoch(k.alarmAdjust(id21, -100)));
                    long id22 = k.alarmSet("test_22", 50, 22);
                    log.add("22: " + epoch(k.alarmAdjust(id22, 100)));
                    for (long id : fillers) {
                        k.alarmRemove(id).orElseThrow();
                    }
                })
                .on("test_14", ev -> forbidden.add("test_14"))                       // KAL-12
                .on("test_15", ev -> forbidden.add("test_15"))
                .on("test_16", ev -> forbidden.add("test_16"))
                .on("test_17", ev -> forbidden.add("test_17"))
                .on("_default", ev -> {                                               // KAL-17
                    String name = ev.arg(0);
                    if (name.startsWith("test_")) {
                        defaults.add(name + ev.arg(1));
                    }
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of(), forbidden, "removed timers fired");
        assertEquals(List.of(
                "test_14 1.0 [14]",
                "test_15 [15]",
                "13 fired 13",
                "removed all: test_16[16] test_17[17]",
                "18: 49.0 50.0",
                "19: 48.0 52.0",
                "20: 51.0 53.0 51.0",
                "21: 40.0 60.0 -40.0",
                "22: 150.0"), log.subList(0, 9));
        assertEquals(List.of("test_21[21]", "test_18[18]", "test_20[20]", "test_19[19]", "test_22[22]"), defaults);
        assertEquals(9, log.size(), log::toString);
    }

    private static String epoch(java.util.Optional<Instant> due) {
        Instant i = due.orElseThrow();
        return String.valueOf(Math.round((i.getEpochSecond() + i.getNano() / 1e9) * 1000) / 1000.0);
    }

}
