package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import poe.Errno;
import poe.EventContext;
import poe.Kernel;
import poe.KernelException;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** POE::Test::Loops all_errors (AERR-01 .. AERR-06; dormant in PTL, required here). */
class KernelErrorContractTest {

    private static boolean strict() {
        return Boolean.getBoolean("poe.assert.default") || Boolean.getBoolean("poe.assert.usage");
    }

    private static Object outcome(java.util.function.Supplier<Object> s) {
        try {
            return s.get();
        } catch (KernelException e) {
            return e.errno();
        }
    }

    /** AERR-01, AERR-03, AERR-04: unknown sessions. */
    @LoopTest
    void unknownSessions(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        List<Object> got = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    got.add(outcome(() -> k.call(4711L, "x")));
                    got.add(outcome(() -> k.post(4711L, "x")));
                    got.add(outcome(() -> k.signal(4711L, "USR1")));
                    got.add(outcome(() -> k.refcountIncrement(4711, "t")));
                    got.add(outcome(() -> k.refcountDecrement(4711, "t")));
                    got.add(k.idToSession(4711).isPresent());
                    got.add(k.resolve(4711L).isPresent());
                    got.add(k.resolve(new Object()).isPresent());
                })
                .create(k);
        ctx.drive();
        Object unknownPost = strict() ? Errno.ESRCH : Boolean.FALSE;
        assertEquals(List.of(Errno.ESRCH, unknownPost, unknownPost, Errno.ESRCH, Errno.ESRCH, false, false, false), got);
    }

    /** AERR-02: alias ownership. */
    @LoopTest
    void aliasOwnership(ScenarioContext ctx) {
        List<Object> got = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().aliasSet("mine"))
                .on("bye", ev -> ev.kernel().aliasRemove("mine"))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    got.add(outcome(() -> {
                        k.aliasSet("mine");
                        return "set";
                    }));
                    got.add(outcome(() -> {
                        k.aliasRemove("mine");
                        return "removed";
                    }));
                    got.add(outcome(() -> {
                        k.aliasRemove("nobody's");
                        return "removed";
                    }));
                    k.post("mine", "bye");
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of(Errno.EEXIST, Errno.EPERM, Errno.ESRCH), got);
    }

    /** AERR-05: session-scoped calls with no active session fail with ESRCH. */
    @LoopTest
    void noActiveSession(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        for (Runnable r : List.<Runnable>of(
                () -> k.state("x", ev -> { }),
                () -> k.aliasSet("x"),
                () -> k.delay("x", 1),
                () -> k.sig("USR1", "x"),
                () -> k.detachMyself())) {
            KernelException e = assertThrows(KernelException.class, r::run);
            assertEquals(Errno.ESRCH, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("handler"), "the message says what to do: " + e.getMessage());
        }
        ctx.drive();
    }

    /** AERR-06: builder misuse fails at once with a clear message. */
    @LoopTest
    void builderMisuse(ScenarioContext ctx) {
        assertThrows(IllegalArgumentException.class, () -> Session.builder().on("", ev -> { }));
        assertThrows(NullPointerException.class, () -> Session.builder().on(null, ev -> { }));
        assertThrows(NullPointerException.class, () -> Session.builder().on("x", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Session.builder().object(new Object(), "noSuchMethod"));
        assertTrue(e.getMessage().contains("noSuchMethod"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Session.builder().statics(Handlers.class, "instanceOnly"));
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    assertThrows(IllegalArgumentException.class, () -> ev.session().postback(""));
                    assertThrows(IllegalArgumentException.class, () -> ev.kernel().yield(""));
                    log.add("checked");
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("checked"), log);
    }

    /** Used by {@link #builderMisuse}: an instance method is no static handler. */
    static final class Handlers {
        void instanceOnly(EventContext ev) {
        }
    }
}
