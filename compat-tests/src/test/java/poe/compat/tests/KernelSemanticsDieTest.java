package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import poe.DieInfo;
import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * K3-DIE: exceptions as the DIE signal. Each expected log is what POE 1.370 prints for the
 * same program (a Perl {@code die} there, a thrown exception here; POE's combined message
 * "A\nAdditional error thrown in handler for previous error:\nB" is A with B suppressed).
 */
class KernelSemanticsDieTest {

    /** This scenario's failures: nothing else may pass for them. */
    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom(String message) {
            super(message);
        }
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getMessage());
        Arrays.stream(t.getSuppressed()).forEach(s -> sb.append(" + ").append(s.getMessage()));
        return sb.toString();
    }

    /**
     * K3-DIE-1: DIE is queued (the next event runs first) and goes to the session whose
     * handler threw, not to the sender; the record says what, where, from whom and from
     * which event.
     */
    @LoopTest
    void die1_queuedToTheSessionThatThrewWithTheRecord(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        List<String> log = new ArrayList<>();
        Boom boom = new Boom("oops");
        Session target = Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("target");
                    ev.kernel().sig("DIE", "die");
                })
                .on("boom", ev -> {
                    log.add("boom");
                    throw boom;
                })
                .on("next", ev -> log.add("next"))
                .on("die", ev -> {
                    DieInfo d = ev.arg(1);
                    log.add("target DIE " + ev.arg(0) + " " + (d.error() == boom) + " dest=" + (d.destination() == ev.session())
                            + " event=" + d.event() + " source=" + d.source().id() + " from=" + d.fromState()
                            + " message=" + d.message() + " file=" + d.file() + " line>0=" + (d.line() > 0));
                    ev.kernel().sigHandled();
                    ev.kernel().aliasRemove("target");
                })
                .on("_stop", ev -> { })
                .create(k);
        Session sender = Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "die");
                    ev.kernel().yield("send");
                })
                .on("send", ev -> {
                    ev.kernel().post(target, "boom");
                    ev.kernel().post(target, "next");
                })
                .on("die", ev -> log.add("sender got DIE"))
                .on("_stop", ev -> { })
                .create(k);
        ctx.drive();
        assertEquals(List.of("boom", "next", "target DIE DIE true dest=true event=boom source=" + sender.id()
                + " from=send message=oops file=KernelSemanticsDieTest.java line>0=true"), log);
    }

    /** K3-DIE-2: DIE goes down to the descendants (deepest first), then up to the ancestors. */
    @LoopTest
    void die2_downThenUp(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "die");
                    Session.builder()
                            .on("_start", ev2 -> {
                                ev2.kernel().sig("DIE", "die");
                                // queued before G's timer is set: boom comes first however long
                                // a loaded machine takes between the two (G exists by then)
                                ev2.kernel().yield("boom");
                                Session.builder()
                                        .on("_start", ev3 -> {
                                            ev3.kernel().sig("DIE", "die");
                                            ev3.kernel().delay("t", 0.2);
                                        })
                                        .on("die", ev3 -> log.add("die G " + ((DieInfo) ev3.arg(1)).event()))
                                        .on("t", ev3 -> log.add("t G"))
                                        .on("_stop", ev3 -> log.add("stop G"))
                                        .create(ev2.kernel());
                            })
                            .on("boom", ev2 -> {
                                log.add("boom C");
                                throw new Boom("oops");
                            })
                            .on("die", ev2 -> log.add("die C"))
                            .on("_child", ev2 -> { })
                            .on("_stop", ev2 -> log.add("stop C"))
                            .create(ev.kernel());
                })
                .on("die", ev -> {
                    log.add("die P");
                    ev.kernel().sigHandled();
                })
                .on("_child", ev -> { })
                .on("_stop", ev -> log.add("stop P"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("boom C", "die G boom", "die C", "die P", "t G", "stop G", "stop C", "stop P"), log);
    }

    /**
     * K3-DIE-3/6: unhandled, the touched sessions stop (children first), then every other
     * one; run() rethrows the original exception; the kernel then runs again cleanly.
     */
    @LoopTest
    void die3_unhandledStopsEverythingRethrowsAndRunsAgain(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        List<String> log = new ArrayList<>();
        Boom boom = new Boom("oops");
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("t", 0.5))
                .on("t", ev -> log.add("t U"))
                .on("_stop", ev -> log.add("stop U"))
                .create(k);
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "die");
                    Session.builder()
                            .on("_start", ev2 -> {
                                ev2.kernel().yield("boom");
                                ev2.kernel().delay("t", 0.5);
                            })
                            .on("boom", ev2 -> {
                                throw boom;
                            })
                            .on("t", ev2 -> log.add("t C"))
                            .on("_stop", ev2 -> log.add("stop C"))
                            .create(ev.kernel());
                })
                .on("die", ev -> log.add("die P"))
                .on("_child", ev -> log.add("child P " + ev.arg(0)))
                .on("_stop", ev -> log.add("stop P"))
                .create(k);
        assertSame(boom, assertThrows(Boom.class, ctx::drive));
        assertEquals(List.of("child P create", "die P", "stop C", "child P lose", "stop P", "stop U"), log);
        assertEquals(0, k.sessionCount());
        log.clear();
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("x"))
                .on("x", ev -> log.add("x"))
                .on("_stop", ev -> log.add("stop"))
                .create(k);
        ctx.drive();
        assertEquals(List.of("x", "stop"), log);
    }

    /**
     * K3-DIE-4 (rt19908-merlyn-stop, KSRR-01): an exception in _stop is rethrown, not
     * signalled; _stop runs exactly once; also when _stop is reached through _default.
     */
    @LoopTest
    void die4_stopExceptionIsRethrownOnce(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        int[] stops = {0};
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().sig("DIE", "die"))
                .on("die", ev -> log.add("DIE"))
                .on("_stop", ev -> {
                    stops[0]++;
                    throw new Boom("in stop");
                })
                .create(k);
        Boom b = assertThrows(Boom.class, ctx::drive);
        assertEquals("in stop", messages(b));
        assertEquals(1, stops[0], "_stop ran exactly once");
        assertEquals(List.of(), log);

        Session.builder()
                .on("_start", ev -> { })
                .on("_default", ev -> {
                    log.add("default " + ev.arg(0));
                    throw new Boom("in default " + ev.arg(0));
                })
                .create(k);
        Boom d = assertThrows(Boom.class, ctx::drive);
        assertEquals("in default _stop", messages(d));
        assertEquals(List.of("default _stop"), log);
    }

    /**
     * K3-DIE-4 (grinnz-die-in-die): a DIE handler that throws is not signalled again; the
     * other recipients still get DIE. Nobody handles: original + handler's error. Another
     * recipient handles: the handler's error alone ends the program.
     */
    @LoopTest
    void die4_dieHandlerFailures(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        for (boolean parentHandles : new boolean[] {false, true}) {
            List<String> log = new ArrayList<>();
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().sig("DIE", "die");
                        Session.builder()
                                .on("_start", ev2 -> {
                                    ev2.kernel().sig("DIE", "die");
                                    ev2.kernel().yield("boom");
                                    ev2.kernel().delay("t", 0.2);
                                })
                                .on("boom", ev2 -> {
                                    throw new Boom("first");
                                })
                                .on("die", ev2 -> {
                                    log.add("die C");
                                    throw new Boom("second");
                                })
                                .on("t", ev2 -> log.add("t C"))
                                .on("_stop", ev2 -> log.add("stop C"))
                                .create(ev.kernel());
                    })
                    .on("die", ev -> {
                        log.add("die P");
                        if (parentHandles) {
                            ev.kernel().sigHandled();
                        }
                    })
                    .on("_child", ev -> { })
                    .on("_stop", ev -> log.add("stop P"))
                    .create(k);
            Boom b = assertThrows(Boom.class, ctx::drive);
            assertEquals(parentHandles ? "second" : "first + second", messages(b));
            assertEquals(List.of("die C", "die P", "stop C", "stop P"), log);
        }
        // through _default, a DIE handler is still one
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "no_handler");
                    ev.kernel().yield("boom");
                })
                .on("boom", ev -> {
                    throw new Boom("x");
                })
                .on("_default", ev -> {
                    throw new Boom("in default");
                })
                .on("_stop", ev -> { })
                .create(k);
        assertEquals("x + in default", messages(assertThrows(Boom.class, ctx::drive)));
    }

    /** K3-DIE-1: call() into a failing handler returns null and the caller goes on; DIE goes to the callee. */
    @LoopTest
    void die1_callIntoAFailingHandler(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("callee");
                    ev.kernel().sig("DIE", "die");
                })
                .onValue("boom", ev -> {
                    throw new Boom("called");
                })
                .on("die", ev -> {
                    log.add("callee DIE from " + ((DieInfo) ev.arg(1)).source().id());
                    ev.kernel().sigHandled();
                })
                .on("_stop", ev -> log.add("callee stop"))
                .create(k);
        Session caller = Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "die");
                    ev.kernel().yield("go");
                })
                .on("go", ev -> {
                    log.add("call returned " + ev.kernel().call("callee", "boom"));
                    log.add("after call");
                })
                .on("die", ev -> log.add("caller DIE"))
                .on("_stop", ev -> log.add("caller stop"))
                .create(k);
        ctx.drive();
        // the caller has nothing left to do after "go" (the DIE is the kernel's, not its)
        assertEquals(List.of("call returned null", "after call", "caller stop", "callee DIE from " + caller.id(),
                "callee stop"), log);
    }

    /** K3-DIE: an exception after kernel.stop() in the same handler cannot become DIE: it is rethrown. */
    @LoopTest
    void die_exceptionAfterStopIsRethrown(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("go"))
                .on("go", ev -> {
                    ev.kernel().stop();
                    log.add("after stop");
                    throw new Boom("after stop");
                })
                .on("_stop", ev -> log.add("stop"))
                .create(ctx.kernel());
        Boom b = assertThrows(Boom.class, ctx::drive);
        assertEquals("after stop", b.getMessage());
        assertEquals(List.of("stop", "after stop"), log);
        assertTrue(ctx.kernel().sessionCount() == 0);
    }
}
