package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import poe.Errno;
import poe.Kernel;
import poe.KernelException;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** K3-MSG: post, yield and call; the queue's order; arguments by reference. */
class MessagingTest {

    /** K3-MSG-1: the destination is resolved when posting, so removing the alias later changes nothing. */
    @LoopTest
    void postResolvesTheDestinationWhenCalled(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().aliasSet("target"))
                .on("hello", ev -> log.add("target got hello"))
                .on("drop_alias", ev -> ev.kernel().aliasRemove("target"))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().post("target", "hello");
                    ev.kernel().call("target", "drop_alias");
                    log.add("alias now resolves: " + ev.kernel().aliasResolve("target").isPresent());
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("alias now resolves: false", "target got hello"), log);
    }

    /** K3-MSG-1, AERR-01: posting to an unknown session fails with ESRCH (strict mode throws). */
    @LoopTest
    void postToAnUnknownSession(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        if (Boolean.getBoolean("poe.assert.default") || Boolean.getBoolean("poe.assert.usage")) {
            KernelException e = assertThrows(KernelException.class, () -> k.post(9999L, "nobody"));
            assertEquals(Errno.ESRCH, e.errno());
            e = assertThrows(KernelException.class, () -> k.post("no such alias", "nobody"));
            assertEquals(Errno.ESRCH, e.errno());
        } else {
            assertEquals(false, k.post(9999L, "nobody"));
        }
        KernelException e = assertThrows(KernelException.class, () -> k.call(9999L, "nobody"));
        assertEquals(Errno.ESRCH, e.errno());
        ctx.drive();
    }

    /** K3-MSG-1, K3-MSG-2: SENDER is the posting session, or the kernel outside handlers. */
    @LoopTest
    void senders(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session target = Session.builder()
                .on("_start", ev -> ev.kernel().aliasSet("t"))
                .on("ev", ev -> log.add(ev.arg(0) + " from " + (ev.sender() instanceof Kernel ? "kernel"
                        : ev.sender() == ev.session() ? "self" : "other")))
                .on("release", ev -> ev.kernel().aliasRemove("t"))
                .create(ctx.kernel());
        ctx.kernel().post(target, "ev", "outside");
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().post("t", "ev", "posted");
                    ev.kernel().call("t", "ev", "called");
                    ev.kernel().post("t", "release");
                })
                .create(ctx.kernel());
        Session.builder().on("_start", ev -> ev.kernel().yield("ev", "yielded")).on("ev", ev -> log.add(
                ev.arg(0) + " from " + (ev.sender() == ev.session() ? "self" : "?"))).create(ctx.kernel());
        assertThrows(IllegalStateException.class, () -> ctx.kernel().yield("nowhere"), "yield needs a session");
        ctx.drive();
        assertEquals(List.of("called from other", "outside from kernel", "posted from other", "yielded from self"), log);
    }

    /** K3-MSG-3: call runs at once, ahead of the queue, returns the value (or _default's), nests. */
    @LoopTest
    void callIsSynchronousAndNests(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("calc");
                    ev.kernel().yield("queued");
                })
                .on("queued", ev -> log.add("queued"))
                .onValue("double", ev -> 2 * ev.<Integer>arg(0))
                .onValue("quadruple", ev -> 2 * (Integer) ev.kernel().call(ev.session(), "double", ev.<Integer>arg(0)))
                .onValue("_default", ev -> "default for " + ev.arg(0))
                .on("done", ev -> ev.kernel().aliasRemove("calc"))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> {
                    values.add(ev.kernel().call("calc", "double", 21));
                    values.add(ev.kernel().call("calc", "quadruple", 5));
                    values.add(ev.kernel().call("calc", "unknown_event"));
                    log.add("calls done");
                    ev.kernel().post("calc", "done");
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of(42, 20, "default for unknown_event"), values);
        assertEquals(List.of("calls done", "queued"), log);
    }

    /** K3-MSG-4: FIFO for many posts; an overdue timer goes before waiting posts. */
    @LoopTest
    void queueOrder(ScenarioContext ctx) {
        List<Integer> order = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    for (int i = 0; i < 10_000; i++) {
                        ev.kernel().yield("n", i);
                    }
                    ev.kernel().alarm("overdue", 1.0);
                })
                .on("n", ev -> {
                    int n = ev.arg(0);
                    if (n == 0) {
                        log.add("first post");
                    }
                    order.add(n);
                })
                .on("overdue", ev -> log.add("overdue timer"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("overdue timer", "first post"), log);
        assertEquals(10_000, order.size());
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i, order.get(i));
        }
    }

    /**
     * K3-MSG-4, section 1.5: a timer that came due before an event was posted goes first,
     * even when both happen inside one batch of dispatches (real POE: "t p").
     */
    @LoopTest
    void aTimerDueBeforeAPostGoesFirstEvenWithinABatch(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("a"))
                .on("a", ev -> {
                    ev.kernel().delay("t", 0.01);
                    long end = System.nanoTime() + 50_000_000L;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    ev.kernel().yield("p");
                })
                .on("t", ev -> log.add("t"))
                .on("p", ev -> log.add("p"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("t", "p"), log);
    }

    /** K3-MSG-5: arguments pass by reference, so a handler can forward one unchanged. */
    @LoopTest
    void argumentsPassByReference(ScenarioContext ctx) {
        List<Object> original = new ArrayList<>(List.of("payload"));
        List<Object> received = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("first", "x", original))
                .on("first", ev -> ev.kernel().yield("second", ev.<Object>arg(1)))
                .on("second", ev -> received.add(ev.arg(0)))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(1, received.size());
        assertSame(original, received.get(0));
        assertTrue(ctx.kernel().sessionCount() == 0);
    }
}
