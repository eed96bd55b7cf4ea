package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import poe.EventContext;
import poe.Errno;
import poe.Kernel;
import poe.KernelException;
import poe.Nfa;
import poe.NfaBuilder;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * POE's {@code t/10_units/03_base/16_nfa_usage.t}: constructor checks, and spawning in
 * each handler style. POE's "odd number of parameters", "unknown parameter" and "not an
 * array/hash" checks cannot happen with a typed builder; their nearest Java misuses are
 * checked instead.
 */
class NfaUsageTest {

    /** Package states of the POE test: a class with methods foo and bar. */
    static final class Foo {
        static void foo(EventContext ev) {
        }

        static Object bar(EventContext ev) {
            return "bar";
        }

        void instanceOnly(EventContext ev) {
        }
    }

    @LoopTest
    void constructorChecksAndSpawning(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();

        // "requires a working Kernel"
        NullPointerException noKernel = assertThrows(NullPointerException.class,
                () -> Nfa.builder().state("initial", s -> s.on("start", ev -> { })).spawn(null));
        assertTrue(noKernel.getMessage().contains("kernel"), noKernel.getMessage());

        // "constructor requires at least one of ... states"
        IllegalStateException noStates = assertThrows(IllegalStateException.class,
                () -> Nfa.builder().runstate(new ArrayList<>()).spawn(kernel));
        assertTrue(noStates.getMessage().contains("at least one state"), noStates.getMessage());

        // the most basic machine
        Nfa basic = Nfa.builder().state("initial", s -> s.onValue("start", ev -> 0)).spawn(kernel);
        assertTrue(basic.id() > 0);
        assertTrue(basic.isAlive());
        assertEquals(java.util.Set.of("initial"), basic.stateNames());

        // "the data for state ... should be an array": a handler method that does not exist
        IllegalArgumentException noMethod = assertThrows(IllegalArgumentException.class,
                () -> Nfa.builder().state("initial", s -> s.statics(Foo.class, "baz")));
        assertTrue(noMethod.getMessage().contains("baz"), noMethod.getMessage());
        // "events ... need to be a hash or array ref": an instance method as a package state
        assertThrows(IllegalArgumentException.class,
                () -> Nfa.builder().state("initial", s -> s.statics(Foo.class, "instanceOnly")));
        assertThrows(IllegalArgumentException.class,
                () -> Nfa.builder().state("initial", s -> s.object(new Foo(), Map.of("start", "missing"))));
        assertThrows(NullPointerException.class, () -> Nfa.builder().state("initial", s -> s.object(null, "foo")));

        // spawn with package states
        Nfa packaged = Nfa.builder().state("initial", s -> s.statics(Foo.class, "foo", "bar")).spawn(kernel);
        assertTrue(packaged.isAlive());

        // spawn with package states and a list as runstate
        List<Object> runstate = new ArrayList<>();
        Nfa listed = Nfa.builder()
                .state("initial", s -> s.statics(Foo.class, "foo", "bar"))
                .runstate(runstate)
                .spawn(kernel);
        assertSame(runstate, listed.runstate());
        assertSame(runstate, listed.session().heap());

        // machines that never entered a state have nothing to do: run() returns
        ctx.drive();
        assertFalse(basic.isAlive());
        assertFalse(packaged.isAlive());
        assertFalse(listed.isAlive());
        assertEquals(0, kernel.sessionCount());
    }

    @LoopTest
    void misuseIsRefusedWithClearErrors(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        NfaBuilder b = Nfa.builder();
        assertThrows(IllegalArgumentException.class, () -> b.state("", s -> { }));
        assertThrows(IllegalArgumentException.class, () -> b.state("a", s -> s.on("", ev -> { })));
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> b.state("a", s -> s.on("poe_nfa_goto_state", ev -> { })));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        IllegalArgumentException start = assertThrows(IllegalArgumentException.class,
                () -> b.state("a", s -> s.on("_start", ev -> { })));
        assertTrue(start.getMessage().contains("initialState"), start.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.state("a", s -> s.on("_stop", ev -> { })));

        b.state("a", s -> s.on("enter", ev -> { }));
        IllegalArgumentException noSuchInitial = assertThrows(IllegalArgumentException.class,
                () -> b.initialState("zz").spawn(kernel));
        assertTrue(noSuchInitial.getMessage().contains("'zz'"), noSuchInitial.getMessage());
        IllegalArgumentException noSuchEntry = assertThrows(IllegalArgumentException.class,
                () -> b.initialState("a", "nope").spawn(kernel));
        assertTrue(noSuchEntry.getMessage().contains("'nope'"), noSuchEntry.getMessage());
        assertEquals(0, kernel.sessionCount(), "a refused spawn creates no session");

        Nfa m = b.initialState("a").spawn(kernel);
        IllegalArgumentException badGoto = assertThrows(IllegalArgumentException.class, () -> m.gotoState("nowhere"));
        assertTrue(badGoto.getMessage().contains("'nowhere'") && badGoto.getMessage().contains("[a]"),
                badGoto.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.gotoState("a", "missing"));
        assertThrows(IllegalArgumentException.class, () -> m.gotoState("a", ""));
        assertThrows(IllegalArgumentException.class, () -> m.callState("ret", "nowhere", null));
        assertThrows(IllegalArgumentException.class, () -> m.callState("", "a", null));

        // Nfa.of on a plain session
        AtomicReference<Throwable> plain = new AtomicReference<>();
        Session.builder().on("_start", ev -> {
            try {
                Nfa.of(ev);
            } catch (IllegalArgumentException e) {
                plain.set(e);
            }
        }).create(kernel);
        assertTrue(plain.get().getMessage().contains("plain session"), String.valueOf(plain.get()));

        // kernel-thread methods refuse other threads; postEvent and stop() are thread-safe
        AtomicReference<Throwable> fromThread = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                m.gotoState("a");
            } catch (Throwable e) {
                fromThread.set(e);
            }
        }, "not-the-kernel");
        t.start();
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(fromThread.get() instanceof IllegalStateException, String.valueOf(fromThread.get()));
        assertTrue(fromThread.get().getMessage().contains("not-the-kernel"), fromThread.get().getMessage());

        ctx.drive();
        // a stopped machine refuses transitions clearly; stop() stays harmless
        IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> m.gotoState("a"));
        assertTrue(stopped.getMessage().contains("stopped"), stopped.getMessage());
        m.stop();
        // like any post to a gone session: false, or ESRCH in strict mode (poe.assert.usage)
        try {
            assertFalse(m.postEvent("enter"));
        } catch (KernelException e) {
            assertSame(Errno.ESRCH, e.errno());
        }
    }
}
