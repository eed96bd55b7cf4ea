package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import poe.EventContext;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.Run;

/**
 * {@link Run.Builder#createInBackground}: the child starts on a spawner thread and the wheel
 * arrives in the started event (with its pid and the ID returned at once); output, CloseEvent
 * and the exit status follow as for {@link Run.Builder#create}; a program that cannot start
 * gives the failed event; the owner is held until one of them comes; an owner stopped before
 * leaves no child running; the builder may be reused at once.
 */
class WheelRunBackgroundTest {

    static Map<String, Object> heap(EventContext ev) {
        return ev.heap();
    }

    /** Eight children at once: each started event names its wheel; all output, closes and exits arrive. */
    @LoopTest(timeoutSeconds = 90)
    void childrenStartedInTheBackgroundDeliverEverything(ScenarioContext ctx) {
        int children = 8;
        List<Long> returned = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Map<Long, Run> byId = new HashMap<>();
        Session.builder()
                .on("_start", ev -> {
                    Run.Builder b = Run.builder().stdoutEvent("out").closeEvent("closed");
                    for (int i = 0; i < children; i++) {
                        // the same builder, changed at once: each start keeps the command it was given
                        returned.add(b.shell("echo child " + i + "; exit " + i).createInBackground(ev.kernel(),
                                "started", "failed"));
                    }
                    log.add("returned");
                })
                .on("started", ev -> {
                    Run r = ev.arg(0);
                    long pid = ev.arg(1);
                    long id = ev.arg(2);
                    assertEquals(r.id(), id);
                    assertEquals(r.pid(), pid);
                    byId.put(id, r);
                    ev.kernel().sigChild(pid, "reaped", id);
                })
                .on("out", ev -> log.add("out " + ev.arg(1) + " " + ev.arg(0)))
                .on("closed", ev -> {
                    log.add("closed " + ev.arg(0));
                    byId.get((long) ev.arg(0)).close();
                })
                .on("reaped", ev -> log.add("reaped " + ev.arg(3) + " " + ev.arg(2)))
                .on("failed", ev -> log.add("failed " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals("returned", log.get(0), "createInBackground returns before any child is handed over");
        assertEquals(children, byId.size(), log.toString());
        assertEquals(byId.keySet(), new java.util.HashSet<>(returned), "the started events name the IDs returned");
        for (int i = 0; i < children; i++) {
            long id = returned.get(i);
            int out = log.indexOf("out " + id + " child " + i);
            int closed = log.indexOf("closed " + id);
            assertTrue(out > 0 && closed > out, "child " + i + ": output, then CloseEvent: " + log);
            assertTrue(log.contains("reaped " + id + " " + i), "child " + i + "'s exit status: " + log);
        }
        assertFalse(log.stream().anyMatch(s -> s.startsWith("failed")), log.toString());
    }

    /** The pty conduit started in the background: the child sees a terminal, and put() reaches it once started. */
    @LoopTest(timeoutSeconds = 120)
    void aPtyChildStartedInTheBackground(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> Run.builder().conduit(Run.Conduit.PTY)
                        .shell("if test -t 0; then echo tty; fi; read line; echo \"got $line\"")
                        .stdoutEvent("out").closeEvent("closed")
                        .createInBackground(ev.kernel(), "started", "failed"))
                .on("started", ev -> {
                    Run r = ev.arg(0);
                    heap(ev).put("run", r);
                    r.put("hello");
                })
                .on("out", ev -> log.add(ev.arg(0)))
                .on("closed", ev -> ((Run) heap(ev).get("run")).close())
                .on("failed", ev -> log.add("failed " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.contains("tty") && log.contains("got hello"), log.toString());
    }

    /** A program that does not exist: the failed event ("spawn", ENOENT, the reason, the ID), no wheel, run() returns. */
    @LoopTest(timeoutSeconds = 60)
    void aProgramThatCannotStartGivesTheFailedEvent(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        long[] id = {0};
        Session.builder()
                .on("_start", ev -> id[0] = Run.builder().command("/nonexistent/poe-no-such-program")
                        .stdoutEvent("out").closeEvent("closed").createInBackground(ev.kernel(), "started", "failed"))
                .on("started", ev -> log.add("started"))
                .on("failed", ev -> log.add(ev.arg(0) + " " + ev.arg(1) + " " + (id[0] == (long) ev.arg(3)) + " "
                        + ev.arg(2)))
                .on("_stop", ev -> log.add("_stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("spawn ENOENT true ") && log.get(0).contains("poe-no-such-program")
                && log.get(0).contains("No such file"), log.toString());
        assertEquals("_stop", log.get(1), "held until the failure came, then collected");
    }

    /**
     * The owner is held while its child starts: a session that does nothing but start one is
     * not collected before the started event, and is collected once the wheel is closed.
     */
    @LoopTest(timeoutSeconds = 60)
    void theOwnerIsHeldUntilTheChildIsHandedOver(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> Run.builder().command("sleep", "0.3").noStdin(true).closeEvent("closed")
                        .createInBackground(ev.kernel(), "started", "failed"))
                .on("started", ev -> {
                    log.add("started");
                    heap(ev).put("run", ev.arg(0));
                })
                .on("closed", ev -> {
                    log.add("closed");
                    ((Run) heap(ev).get("run")).close();
                })
                .on("failed", ev -> log.add("failed " + ev.arg(2)))
                .on("_stop", ev -> log.add("_stop"))
                .heap(new HashMap<String, Object>())
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("started", "closed", "_stop"), log);
    }

    /**
     * The owner stops while its child is still starting (in the handler that started it): the
     * child, once started, is killed, and no started event comes.
     */
    @LoopTest(timeoutSeconds = 90)
    void anOwnerStoppedWhileTheChildStartsLeavesNoChildRunning(ScenarioContext ctx) throws InterruptedException {
        String marker = uniqueSleep();
        assertEquals(List.of(), startThenStop(ctx, marker, log -> { }), "no event after the owner stopped");
        Thread.sleep(1000);                 // the start (a few ms) is over: a child left running would show now
        assertNoChildRuns(marker);
    }

    /**
     * The owner stops after its child was handed over but before the handover was dispatched:
     * the child is killed, and no started event comes.
     */
    @LoopTest(timeoutSeconds = 90)
    void anOwnerStoppedBeforeTheHandoverLeavesNoChildRunning(ScenarioContext ctx) throws InterruptedException {
        String marker = uniqueSleep();
        List<String> log = startThenStop(ctx, marker, l -> {
            // hold the kernel's thread until the child runs and its handover is queued
            for (int i = 0; i < 200 && !childRuns(marker); i++) {
                sleep(50);
            }
            l.add("child ran " + childRuns(marker));
            sleep(300);
        });
        assertEquals(List.of("child ran true"), log, "no event after the owner stopped");
        assertNoChildRuns(marker);
    }

    /**
     * A session that starts {@code sleep marker} in the background, runs {@code beforeStop}
     * in the same handler, and stops the kernel; what it logged (its started or failed event
     * included, should one come).
     */
    private static List<String> startThenStop(ScenarioContext ctx, String marker,
            Consumer<List<String>> beforeStop) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    Run.builder().command("sleep", marker).noStdin(true).closeEvent("closed")
                            .createInBackground(ev.kernel(), "started", "failed");
                    beforeStop.accept(log);
                    ev.kernel().stop();
                })
                .on("started", ev -> log.add("started"))
                .on("failed", ev -> log.add("failed " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        return log;
    }

    /** A sleep duration no other test uses: it names the child in this JVM's process list. */
    private static String uniqueSleep() {
        return "60." + (System.nanoTime() & 0xffffff);
    }

    private static boolean childRuns(String sleepArg) {
        return ProcessHandle.current().children().anyMatch(p -> p.isAlive()
                && p.info().arguments().map(a -> List.of(a).contains(sleepArg)).orElse(false));
    }

    private static void assertNoChildRuns(String sleepArg) throws InterruptedException {
        for (int i = 0; i < 200 && childRuns(sleepArg); i++) {
            Thread.sleep(50);
        }
        assertFalse(childRuns(sleepArg), "a child 'sleep " + sleepArg + "' still runs 10 s after its owner stopped");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Misuse: no events, or outside a session's handler, is refused with the reason. */
    @LoopTest
    void misuseIsRefused(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> Run.builder().command("true").createInBackground(ev.kernel(), "started", null));
                    log.add(e.getMessage());
                    e = assertThrows(IllegalArgumentException.class,
                            () -> Run.builder().createInBackground(ev.kernel(), "started", "failed"));
                    log.add(e.getMessage());
                })
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(log.get(0).contains("needs a started and a failed event"), log.toString());
        assertTrue(log.get(1).contains("needs a program"), log.toString());
        IllegalStateException outside = assertThrows(IllegalStateException.class,
                () -> Run.builder().command("true").createInBackground(ctx.kernel(), "started", "failed"));
        assertTrue(outside.getMessage().contains("inside a handler"), outside.getMessage());
    }
}
