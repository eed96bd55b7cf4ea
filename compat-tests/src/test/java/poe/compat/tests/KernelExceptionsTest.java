package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import poe.DieInfo;
import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * Exceptions as DIE: POE's t/10_units/07_exceptions (01_normal, 02_turn_off,
 * 03_not_handled) and the t/90_regression cases whelan-dieprop, grinnz-die-in-die and
 * leolo-sig-die (M-EXC).
 */
class KernelExceptionsTest {

    /** A failure of the scenario's own, so that no other exception passes for it. */
    static final class Friends extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Friends(String message) {
            super(message);
        }
    }

    /** 07_exceptions/01_normal: DIE caught and handled; the program survives and ends normally. */
    @LoopTest
    void exceptions01_handledDieLetsTheProgramGoOn(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    log.add("started");
                    ev.kernel().sig("DIE", "avoid_death");
                    ev.kernel().yield("death");
                    ev.kernel().delay("party", 0.5);
                })
                .on("_stop", ev -> log.add("stopping"))
                .on("death", ev -> {
                    throw new Friends("OMG THEY CANCELLED FRIENDS");
                })
                .on("avoid_death", ev -> {
                    DieInfo die = ev.arg(1);
                    log.add(ev.arg(0) + " from_state=" + die.fromState() + " event=" + die.event()
                            + " error=" + die.message());
                    ev.kernel().sig("DIE");
                    ev.kernel().sigHandled();
                })
                .on("party", ev -> log.add("survived"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("started", "DIE from_state=_start event=death error=OMG THEY CANCELLED FRIENDS",
                "survived", "stopping"), log);
    }

    /** 07_exceptions/02_turn_off: with catching off, the exception itself leaves run() at once. */
    @LoopTest
    void exceptions02_catchingOff(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Kernel kernel = ctx.kernel();
        kernel.catchExceptions(false);
        Session.builder()
                .on("_start", ev -> {
                    log.add("started");
                    ev.kernel().sig("DIE", "die");
                    ev.kernel().yield("death");
                    ev.kernel().yield("after");
                })
                .on("_stop", ev -> log.add("stopping"))
                .on("death", ev -> {
                    throw new Friends("OMG THEY CANCELLED FRIENDS");
                })
                .on("after", ev -> log.add("after"))
                .on("die", ev -> log.add("die"))
                .create(kernel);
        Friends f = assertThrows(Friends.class, ctx::drive);
        assertEquals("OMG THEY CANCELLED FRIENDS", f.getMessage());
        // no DIE, no later event; POE 1.370 then stops every session
        assertEquals(List.of("started", "stopping"), log);
        assertEquals(0, kernel.sessionCount());
    }

    /**
     * 07_exceptions/03_not_handled: DIE watched but not handled: the session stops, the
     * kernel stops the other session too (its timer never fires), run() rethrows.
     */
    @LoopTest
    void exceptions03_notHandledStopsEverythingAndRethrows(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Friends thrown = new Friends("OMG THEY CANCELLED FRIENDS");
        Session.builder()
                .on("_start", ev -> {
                    log.add("started");
                    ev.kernel().sig("DIE", "mock_death");
                    ev.kernel().yield("death");
                })
                .on("_stop", ev -> log.add("stopping"))
                .on("death", ev -> {
                    throw thrown;
                })
                .on("mock_death", ev -> log.add("signal " + ev.arg(0)))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> {
                    log.add("other started");
                    ev.kernel().delay("last_breath", 0.5);
                })
                .on("_stop", ev -> log.add("other stopping"))
                .on("last_breath", ev -> log.add("survived an uncaught exception"))
                .create(ctx.kernel());
        Friends f = assertThrows(Friends.class, ctx::drive);
        assertSame(thrown, f, "run() rethrows the original exception itself");
        assertEquals(List.of("started", "other started", "signal DIE", "stopping", "other stopping"), log);
    }

    /** whelan-dieprop (K3-DIE-2): the child's watcher does not handle DIE, the parent's does. */
    @LoopTest
    void whelanDieprop_dieGoesUpToTheParent(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "parent_exception");
                    Session.builder()
                            .on("_start", ev2 -> {
                                ev2.kernel().sig("DIE", "child_exception");
                                ev2.kernel().yield("throw_exception");
                            })
                            .on("throw_exception", ev2 -> {
                                throw new Friends("goodbye sweet world");
                            })
                            .on("child_exception", ev2 -> log.add("child got exception"))
                            .on("_stop", ev2 -> { })
                            .create(ev.kernel());
                })
                .on("parent_exception", ev -> {
                    log.add("parent got exception");
                    ev.kernel().sigHandled();
                })
                .on("_stop", ev -> { })
                .on("_child", ev -> { })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("child got exception", "parent got exception"), log);
    }

    /**
     * grinnz-die-in-die (K3-DIE-4): the DIE handler throws before it could handle DIE: run()
     * rethrows the original error with the handler's error combined into it (suppressed).
     */
    @LoopTest
    void grinnzDieInDie_bothErrorsAreRethrown(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "sig_DIE");
                    throw new Friends("original error");
                })
                .on("sig_DIE", ev -> {
                    DieInfo die = ev.arg(1);
                    log.add("die in " + die.event() + " caught");
                    throw new Friends("error in error handler");
                })
                .create(ctx.kernel());
        Friends f = assertThrows(Friends.class, ctx::drive);
        assertEquals("original error", f.getMessage());
        assertEquals(1, f.getSuppressed().length);
        assertEquals("error in error handler", f.getSuppressed()[0].getMessage());
        assertEquals(List.of("die in _start caught"), log, "the DIE handler ran once: no DIE loop");
    }

    /**
     * leolo-sig-die (K3-DIE-5): with catching off, call() returns values as usual, and an
     * exception in a called handler unwinds through the caller (nothing after the call runs)
     * and out of run() as itself.
     */
    @LoopTest
    void leoloSigDie_callUnwindsWithCatchingOff(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Kernel kernel = ctx.kernel();
        kernel.catchExceptions(false);
        Friends thrown = new Friends("array_ctx3\nmore");
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("step2"))
                .on("step2", ev -> {
                    log.add("scalar_ctx " + ev.kernel().call(ev.session(), "scalar_ctx"));
                    log.add("array_ctx " + ev.kernel().call(ev.session(), "array_ctx"));
                    ev.kernel().post(ev.session(), "step3");
                })
                .onValue("scalar_ctx", ev -> 42)
                .onValue("array_ctx", ev -> List.of(1, 2, 3))
                .on("step3", ev -> {
                    log.add("scalar_ctx3 " + ev.kernel().call(ev.session(), "scalar_ctx"));
                    ev.kernel().call(ev.session(), "array_ctx3");
                    log.add("array_ctx3 returned unexpectedly");
                })
                .on("array_ctx3", ev -> {
                    throw thrown;
                })
                .on("_stop", ev -> { })
                .create(kernel);
        Friends f = assertThrows(Friends.class, ctx::drive);
        assertSame(thrown, f, "exited when expected, with the exception itself");
        assertEquals(List.of("scalar_ctx 42", "array_ctx [1, 2, 3]", "scalar_ctx3 42"), log);
        assertNull(f.getCause());
    }

    /** A failed assertion in a handler is a DIE too: it fails the run loudly, not silently. */
    @LoopTest
    void assertionErrorsInHandlersAreRethrown(ScenarioContext ctx) {
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("check"))
                .on("check", ev -> assertEquals(1, 2, "inside a handler"))
                .create(ctx.kernel());
        AssertionError e = assertThrows(AssertionError.class, ctx::drive);
        assertTrue(e.getMessage().startsWith("inside a handler"), e.getMessage());
        assertInstanceOf(AssertionError.class, e);
    }

    /**
     * A session's call to itself runs in place (POE's {@code _invoke_state}), so an exception
     * goes up through the calling handlers to the event the kernel dispatched: the rest of
     * them does not run, DIE names that event, and a handler can catch it around the call.
     * A call to another session stays a dispatch of its own: DIE names the called event and
     * the caller goes on. Real POE 1.370 prints this trace for the same program.
     */
    @LoopTest
    void dieInASelfCallGoesUpToTheCallingHandler(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("a");
                    ev.kernel().sig("DIE", "on_die");
                    ev.kernel().yield("outer");
                })
                .on("outer", ev -> {
                    log.add("outer begins");
                    ev.kernel().call(ev.session(), "mid");
                    log.add("outer goes on");
                })
                .on("mid", ev -> {
                    log.add("mid begins");
                    ev.kernel().call(ev.session(), "boom");
                    log.add("mid goes on");
                })
                .on("boom", ev -> {
                    throw new Friends("boom");
                })
                .on("caught", ev -> {
                    try {
                        ev.kernel().call(ev.session(), "boom");
                        log.add("caught: no");
                    } catch (Friends e) {
                        log.add("caught: yes " + e.getMessage());
                    }
                })
                .on("on_die", ev -> {
                    DieInfo die = ev.arg(1);
                    log.add("on_die event=" + die.event() + " from_state=" + die.fromState() + " source="
                            + (die.source() == ev.session() ? "self" : "other"));
                    ev.kernel().sigHandled();
                })
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("go", 0.1))
                .on("go", ev -> {
                    Object r = ev.kernel().call("a", "boom");
                    log.add("other after call r=" + r);
                    ev.kernel().call("a", "caught");
                    log.add("other done");
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of(
                "outer begins",
                "mid begins",
                "on_die event=outer from_state=_start source=self",
                "other after call r=null",
                "caught: yes boom",
                "other done",
                "on_die event=boom from_state=go source=other"), log);
    }

    /**
     * POE dispatches {@code _start}, {@code _child}, {@code _parent} and {@code _stop} with
     * no caller state, so a DIE from {@code _start} has no {@code from_state} (found by the
     * fuzzer's die profile; real POE 1.370 prints this trace for the same program).
     */
    @LoopTest
    void dieInStartReportsNoCallerState(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "on_die");
                    ev.kernel().yield("go");
                })
                .on("go", ev -> Session.builder()
                        .on("_start", c -> {
                            log.add("child _start caller=" + c.callerState());
                            throw new Friends("in start");
                        })
                        .on("_stop", c -> log.add("child _stop caller=" + c.callerState()))
                        .create(ev.kernel()))
                .on("_child", ev -> log.add("parent _child " + ev.arg(0) + " caller=" + ev.callerState()))
                .on("on_die", ev -> {
                    DieInfo die = ev.arg(1);
                    log.add("on_die event=" + die.event() + " from_state=" + die.fromState());
                    ev.kernel().sigHandled();
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of(
                "child _start caller=null",
                "parent _child create caller=null",
                "on_die event=_start from_state=null",
                "child _stop caller=null",
                "parent _child lose caller=null"), log);
    }
}
