package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import poe.Kernel;
import poe.Postback;
import poe.Session;
import poe.compat.Capability;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * K3-IDLE: SIGIDLE, SIGZOMBIE, SIGUIDESTROY. The expected logs are what POE 1.370 prints
 * for the same programs.
 */
class KernelSemanticsIdleTest {

    /** K3-IDLE-1: only aliased sessions left: IDLE reaches all of them; unhandled, all stop, bottom-up. */
    @LoopTest
    void idle1_aliasedSessionsAreIdleTerminated(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("a");
                    ev.kernel().sig("IDLE", "idle");
                    Session.builder()
                            .on("_start", ev2 -> {
                                ev2.kernel().aliasSet("b");
                                ev2.kernel().sig("IDLE", "idle");
                            })
                            .on("idle", ev2 -> log.add("idle B " + ev2.arg(0) + " from kernel "
                                    + (ev2.sender() == ev2.kernel())))
                            .on("_stop", ev2 -> log.add("stop B"))
                            .create(ev.kernel());
                })
                .on("idle", ev -> log.add("idle A " + ev.arg(0)))
                .on("_child", ev -> log.add("child A " + ev.arg(0)))
                .on("_stop", ev -> log.add("stop A"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("child A create", "idle B IDLE from kernel true", "idle A IDLE", "stop B",
                "child A lose", "stop A"), log);
    }

    /**
     * K3-IDLE-1: IDLE waits while anything else can still happen: an extra refcount and then
     * an outstanding postback keep an aliased session from being idle while another thread
     * takes its time to release them.
     */
    @LoopTest
    void idle1_refcountsAndPostbacksDelayIdle(ScenarioContext ctx) throws InterruptedException {
        List<String> log = new ArrayList<>();
        Thread[] helper = new Thread[1];
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("idler");
                    ev.kernel().sig("IDLE", "idle");
                    ev.kernel().refcountIncrement(ev.session().id(), "held");
                    Postback pb = ev.session().postback("never");
                    long id = ev.session().id();
                    poe.Kernel kernel = ev.kernel();
                    helper[0] = new Thread(() -> {
                        try {
                            Thread.sleep(200);
                            kernel.post(id, "release");
                            Thread.sleep(200);
                            kernel.post(id, "closing");
                            pb.close();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "idle-test-helper");
                    helper[0].start();
                })
                .on("idle", ev -> log.add("idle"))
                .on("release", ev -> {
                    log.add("release");
                    ev.kernel().refcountDecrement(ev.session().id(), "held");
                })
                .on("closing", ev -> log.add("closing"))
                .on("_stop", ev -> log.add("stop"))
                .create(ctx.kernel());
        try {
            ctx.drive();
        } finally {
            helper[0].join(10_000);
        }
        assertEquals(List.of("release", "closing", "idle", "stop"), log);
    }

    /** K3-IDLE-2: IDLE handled without new work: ZOMBIE follows and cannot be masked. */
    @LoopTest
    void idle2_handledIdleWithoutWorkIsFollowedByZombie(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("a");
                    ev.kernel().sig("IDLE", "idle");
                    ev.kernel().sig("ZOMBIE", "zombie");
                })
                .on("idle", ev -> {
                    log.add("idle");
                    ev.kernel().sigHandled();
                })
                .on("zombie", ev -> {
                    log.add("zombie");
                    ev.kernel().sigHandled();
                })
                .on("_stop", ev -> log.add("stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("idle", "zombie", "stop"), log);
    }

    /** K3-IDLE-2: an IDLE handler that makes work keeps the program going; IDLE comes again later. */
    @LoopTest
    void idle2_idleThatMakesWorkCarriesOn(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        int[] n = {0};
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("a");
                    ev.kernel().sig("IDLE", "idle");
                    ev.kernel().sig("ZOMBIE", "zombie");
                })
                .on("idle", ev -> {
                    log.add("idle");
                    if (n[0]++ < 2) {
                        ev.kernel().delay("work", 0.01);
                        ev.kernel().sigHandled();
                    }
                })
                .on("work", ev -> log.add("work"))
                .on("zombie", ev -> log.add("zombie"))
                .on("_stop", ev -> log.add("stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("idle", "work", "idle", "work", "idle", "stop"), log);
    }

    /** K3-IDLE-1/2: IDLE is terminal: not handled, the session stops even if the handler made work. */
    @LoopTest
    void idle2_unhandledIdleStopsEvenWithNewWork(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("a");
                    ev.kernel().sig("IDLE", "idle");
                })
                .on("idle", ev -> {
                    log.add("idle");
                    ev.kernel().delay("work", 0.01);
                })
                .on("work", ev -> log.add("work"))
                .on("_stop", ev -> log.add("stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("idle", "stop"), log);
    }

    /**
     * K3-IDLE-3: UIDESTROY cannot be masked: sigHandled does not save anyone. Loops
     * without windows refuse signalUiDestroy with a clear error (a real window closing is
     * {@link #idle3_closingTheWindowStopsEverySession}).
     */
    @LoopTest
    void idle3_uiDestroyCannotBeMasked(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("UIDESTROY", "ui_destroy");
                    ev.kernel().delay("later", 5);
                    if (!hasWindows(ctx)) {
                        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                                () -> ev.kernel().signalUiDestroy(new Object()));
                        log.add("refused: " + e.getMessage().contains("GUI"));
                    }
                    ev.kernel().signal(ev.kernel(), "UIDESTROY");
                })
                .on("ui_destroy", ev -> {
                    log.add("ui_destroy " + ev.arg(0));
                    ev.kernel().sigHandled();
                })
                .on("later", ev -> log.add("survived UIDESTROY"))
                .on("_stop", ev -> log.add("stop"))
                .create(ctx.kernel());
        ctx.drive();
        List<String> expected = new ArrayList<>();
        if (!hasWindows(ctx)) {
            expected.add("refused: true");
        }
        expected.addAll(List.of("ui_destroy UIDESTROY", "stop"));
        assertEquals(expected, log);
    }

    /**
     * K3-IDLE-3 with a real window (loops with windows: javafx, swt): the user closes the
     * window given to {@code signalUiDestroy} while a session still has a timer running;
     * UIDESTROY reaches the watcher with the window as its argument, every session stops
     * and the drive returns, in both drive modes.
     */
    @LoopTest(requires = Capability.WINDOWS)
    void idle3_closingTheWindowStopsEverySession(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Kernel kernel = ctx.kernel();
        Object window = ctx.openWindow("UIDESTROY");
        kernel.signalUiDestroy(window);
        Session.builder()                                            // kept alive by its alias only
                .on("_start", ev -> {
                    ev.kernel().aliasSet("watcher");
                    ev.kernel().sig("UIDESTROY", "ui_gone");
                })
                .on("ui_gone", ev -> log.add("watcher: " + ev.arg(0) + " of the window " + (ev.arg(1) == window)))
                .on("_stop", ev -> log.add("watcher: _stop"))
                .create(kernel);
        Session.builder()                                            // busy until stopped
                .heap(new int[1])
                .on("_start", ev -> ev.kernel().delay("tick", 0.02))
                .on("tick", ev -> {
                    int[] ticks = ev.heap();
                    if (++ticks[0] == 3) {
                        log.add("ticker: the user closes the window");
                        ctx.closeWindow(window);
                    }
                    ev.kernel().delay("tick", 0.02);
                })
                .on("_stop", ev -> log.add("ticker: _stop"))
                .create(kernel);
        ctx.drive();
        assertEquals("ticker: the user closes the window", log.get(0), log.toString());
        assertEquals(List.of("watcher: UIDESTROY of the window true", "watcher: _stop"),
                log.stream().filter(e -> e.startsWith("watcher")).toList());
        assertEquals(List.of("ticker: the user closes the window", "ticker: _stop"),
                log.stream().filter(e -> e.startsWith("ticker")).toList());
        assertEquals(0, kernel.sessionCount());
    }

    private static boolean hasWindows(ScenarioContext ctx) {
        return ctx.fixture().capabilities().contains(Capability.WINDOWS);
    }
}
