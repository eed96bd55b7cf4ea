package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import poe.Errno;
import poe.Kernel;
import poe.KernelException;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** K3-ALIAS and K3-REF: alias ownership rules, lookups, public reference counts. */
class AliasAndRefcountTest {

    private static Errno errno(Runnable r) {
        try {
            r.run();
            return null;
        } catch (KernelException e) {
            return e.errno();
        }
    }

    /** K3-ALIAS-1..3, AERR-02: EEXIST, ESRCH, EPERM; lookups by anything resolvable; numeric-looking aliases. */
    @LoopTest
    void aliasRules(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session owner = Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("taken");
                    ev.kernel().aliasSet("1");
                })
                .on("done", ev -> {
                    ev.kernel().aliasRemove("taken");
                    ev.kernel().aliasRemove("1");
                })
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    log.add("set taken: " + errno(() -> k.aliasSet("taken")));
                    log.add("remove unknown: " + errno(() -> k.aliasRemove("never set")));
                    log.add("remove other's: " + errno(() -> k.aliasRemove("taken")));
                    log.add("\"1\" is an alias: " + (k.resolve("1").orElseThrow() == owner));
                    log.add("1L is an ID: " + (k.resolve(1L).orElseThrow() == owner));
                    log.add("lists: " + k.aliasList(owner).size() + k.aliasList(owner.id()).size()
                            + k.aliasList("taken").size() + " unknown " + k.aliasList("nobody"));
                    k.post(owner, "done");
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("set taken: EEXIST", "remove unknown: ESRCH", "remove other's: EPERM",
                "\"1\" is an alias: true", "1L is an ID: true", "lists: 222 unknown []"), log);
    }

    /** K3-REF-1/2: counts return the new value, may go negative; a held session never gets IDLE. */
    @LoopTest
    void refcountsKeepASessionAliveAndBlockIdle(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session held = Session.builder()
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    long me = ev.session().id();
                    log.add("counts " + k.refcountIncrement(me, "a") + " " + k.refcountIncrement(me, "a") + " "
                            + k.refcountDecrement(me, "a") + " " + k.refcountDecrement(me, "b"));
                    k.sig("IDLE", "idle");
                })
                .on("idle", ev -> log.add("held got IDLE"))
                .on("_stop", ev -> log.add("held stop"))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("release", 0.15))
                .on("release", ev -> {
                    log.add("releasing");
                    ev.kernel().refcountDecrement(held.id(), "a");      // a: 1 -> 0, b still -1
                    log.add("held alive after a=0: " + held.isAlive());
                    ev.kernel().refcountIncrement(held.id(), "b");      // b: -1 -> 0: the last hold goes
                    log.add("after b=0");
                })
                .create(ctx.kernel());
        ctx.drive();
        // the last hold going only marks it: the end of the batch stops it (POE 1.370: same)
        assertEquals(List.of("counts 1 2 1 -1", "releasing", "held alive after a=0: true", "after b=0", "held stop"), log);
    }

    /** K3-REF-1, AERR-04: an unknown session is ESRCH. */
    @LoopTest
    void refcountOnAnUnknownSession(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        assertEquals(Errno.ESRCH, errno(() -> k.refcountIncrement(4711, "x")));
        assertEquals(Errno.ESRCH, errno(() -> k.refcountDecrement(4711, "x")));
        ctx.drive();
    }

    /** K3-REF-3: an unhandled terminal signal stops a session that holds refcounts. */
    @LoopTest
    void aTerminalSignalStopsAHeldSession(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session held = Session.builder()
                .on("_start", ev -> ev.kernel().refcountIncrement(ev.session().id(), "forever"))
                .on("_stop", ev -> log.add("held stop"))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("kill", 0.05))
                .on("kill", ev -> ev.kernel().signal(held, "TERM"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("held stop"), log);
        assertTrue(!held.isAlive());
    }
}
