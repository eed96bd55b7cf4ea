package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import poe.EventContext;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * K3-LIFE-4 and the other collection rules, as POE 1.370 does them: a session that runs out
 * of work is only marked, and the marked sessions that still have nothing are stopped
 * once the due events of the batch have been dispatched ({@code _data_ev_dispatch_due},
 * then {@code _data_ses_gc_sweep}). Each test is a program of /work/shared/difffuzz's
 * format ({@link Traced}); its expected trace is the one real POE 1.370 printed for the
 * same program ({@code perl interp.pl CASE.json}; the cases are difffuzz's
 * {@code cases/NAME.json}, named in each test), checked on every loop in both drive modes.
 */
class BatchCollectionTest {

    private static void run(ScenarioContext ctx, Traced t, String root) {
        t.create(root, ctx.kernel());
        t.log.add("main: run");
        ctx.drive();
        t.log.add("run returned");
    }

    private static void expect(Traced t, String... lines) {
        assertEquals(String.join("\n", lines), t.text());
    }

    private static String one(boolean ok) {
        return ok ? "1" : "0";
    }

    /**
     * {@code cases/eager_gc}: A's last work (its GC marker) ends in the first batch, but the
     * post R makes in that batch keeps it: {@code _stop} comes after {@code x}, not before.
     */
    @LoopTest
    void stopComesAtTheEndOfTheBatch(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("A").on("x").on("_stop");
        t.template("R")
                .on("_start", ev -> {
                    t.say(ev, "create A");
                    t.create("A", ev.kernel());
                    ev.kernel().yield("e1");
                    t.say(ev, "yield e1");
                })
                .on("e1", ev -> t.say(ev, "post name:A x = " + one(ev.kernel().post(t.session("A"), "x"))))
                .on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: create A",
                "A _start #1 from=R args=",
                "R _child #2 from=kernel args=create,A,r:A:_start",
                "R _start: yield e1",
                "main: run",
                "R e1 #3 from=R args=",
                "R e1: post name:A x = 1",
                "A x #2 from=R args=",
                "A _stop #3 from=kernel args=",
                "R _child #4 from=kernel args=lose,A,r:A:_stop",
                "R _stop #5 from=kernel args=",
                "run returned");
    }

    /**
     * A runs out of work in the first batch ({@code work}, then its GC marker); {@code poke},
     * later in the same batch, posts to it by ID. In POE that post succeeds and keeps A
     * (difffuzz scenario: R {@code _start} creates A and yields {@code poke}; A's {@code _start}
     * yields {@code work}).
     */
    @LoopTest
    void aPostByIdFromALaterEventOfTheBatchKeepsTheSession(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("A")
                .on("_start", ev -> {
                    ev.kernel().yield("work");
                    t.say(ev, "yield work");
                })
                .on("work").on("late").on("_stop");
        t.template("R")
                .on("_start", ev -> {
                    t.say(ev, "create A");
                    t.create("A", ev.kernel());
                    ev.kernel().yield("poke");
                    t.say(ev, "yield poke");
                })
                .on("poke", ev -> t.say(ev, "post id:A late = "
                        + one(ev.kernel().post(t.session("A").id(), "late"))))
                .on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: create A",
                "A _start #1 from=R args=",
                "A _start: yield work",
                "R _child #2 from=kernel args=create,A,r:A:_start",
                "R _start: yield poke",
                "main: run",
                "A work #2 from=A args=",
                "R poke #3 from=R args=",
                "R poke: post id:A late = 1",
                "A late #3 from=R args=",
                "A _stop #4 from=kernel args=",
                "R _child #4 from=kernel args=lose,A,r:A:_stop",
                "R _stop #5 from=kernel args=",
                "run returned");
    }

    /**
     * {@code cases/sync_gc}: A has nothing left while R calls it; POE never collects inside a
     * dispatch, so the call returns first and A's {@code _stop} comes from the kernel's sweep.
     */
    @LoopTest
    void neverCollectedInsideACall(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("A")
                .on("_start", ev -> {
                    ev.kernel().yield("go");
                    t.say(ev, "yield go");
                })
                .on("go", ev -> t.say(ev, "post name:R e1 = " + one(ev.kernel().post(t.session("R"), "e1"))))
                .on("e3").on("_stop");
        t.template("R")
                .on("_start", ev -> {
                    t.say(ev, "create A");
                    t.create("A", ev.kernel());
                })
                .on("e1", ev -> t.say(ev, "call name:A e3 = " + ev.kernel().call(t.session("A"), "e3")))
                .on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: create A",
                "A _start #1 from=R args=",
                "A _start: yield go",
                "R _child #2 from=kernel args=create,A,r:A:_start",
                "main: run",
                "A go #2 from=A args=",
                "A go: post name:R e1 = 1",
                "R e1 #3 from=A args=",
                "A e3 #3 from=R args=",
                "R e1: call name:A e3 = r:A:e3",
                "A _stop #4 from=kernel args=",
                "R _child #4 from=kernel args=lose,A,r:A:_stop",
                "R _stop #5 from=kernel args=",
                "run returned");
    }

    /**
     * {@code cases/gcmark}: the GC marker is queued after every {@code _start}, behind what
     * {@code _start} queued, even when the session has other work: A lives until it is
     * dispatched, after R's {@code z}.
     */
    @LoopTest
    void theGcMarkerIsAlwaysQueuedAfterStart(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("A")
                .on("_start", ev -> {
                    ev.kernel().yield("e");
                    t.say(ev, "yield e");
                    t.say(ev, "call name:R y = " + ev.kernel().call(t.session("R"), "y"));
                })
                .on("e").on("_stop");
        t.template("R")
                .on("_start", ev -> {
                    t.say(ev, "create A");
                    t.create("A", ev.kernel());
                })
                .on("y", ev -> {
                    ev.kernel().yield("z");
                    t.say(ev, "yield z");
                })
                .on("z").on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: create A",
                "A _start #1 from=R args=",
                "A _start: yield e",
                "R y #2 from=A args=",
                "R y: yield z",
                "A _start: call name:R y = r:R:y",
                "R _child #3 from=kernel args=create,A,r:A:_start",
                "main: run",
                "A e #2 from=A args=",
                "R z #4 from=R args=",
                "A _stop #3 from=kernel args=",
                "R _child #5 from=kernel args=lose,A,r:A:_stop",
                "R _stop #6 from=kernel args=",
                "run returned");
    }

    /** {@code cases/sig_nohold}: a queued signal keeps its sender (A) alive until it is dispatched. */
    @LoopTest
    void aQueuedSignalHoldsItsSender(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("A")
                .on("_start", ev -> {
                    ev.kernel().yield("go");
                    t.say(ev, "yield go");
                })
                .on("go", ev -> t.say(ev, "signal name:R PING = " + one(ev.kernel().signal(t.session("R"), "PING"))))
                .on("_stop");
        t.template("R")
                .on("_start", ev -> {
                    ev.kernel().aliasSet("x");
                    t.say(ev, "alias_set x = ok");
                    ev.kernel().sig("PING", "on_PING");
                    t.say(ev, "sig PING on_PING");
                    t.say(ev, "create A");
                    t.create("A", ev.kernel());
                })
                .on("on_PING", ev -> {
                    ev.kernel().aliasRemove("x");
                    t.say(ev, "alias_remove x = ok");
                })
                .on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: alias_set x = ok",
                "R _start: sig PING on_PING",
                "R _start: create A",
                "A _start #1 from=R args=",
                "A _start: yield go",
                "R _child #2 from=kernel args=create,A,r:A:_start",
                "main: run",
                "A go #2 from=A args=",
                "A go: signal name:R PING = 1",
                "R on_PING #3 from=kernel args=PING",
                "R on_PING: alias_remove x = ok",
                "A _stop #3 from=kernel args=",
                "R _child #4 from=kernel args=lose,A,r:A:_stop",
                "R _stop #5 from=kernel args=",
                "run returned");
    }

    /**
     * {@code cases/nocollect}: A loses its last reference in a signal watcher (it is not the
     * signal's target) and goes in that batch's sweep, 200 ms before R's timer.
     */
    @LoopTest
    void freedInASignalWatcherGoesInThatBatch(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("A")
                .on("_start", ev -> {
                    ev.kernel().aliasSet("a");
                    t.say(ev, "alias_set a = ok");
                    ev.kernel().sig("PING", "on_PING");
                    t.say(ev, "sig PING on_PING");
                })
                .on("on_PING", ev -> {
                    ev.kernel().aliasRemove("a");
                    t.say(ev, "alias_remove a = ok");
                })
                .on("_stop");
        t.template("R")
                .on("_start", ev -> startWithTimer(t, ev))
                .on("go", ev -> t.say(ev, "signal name:R PING = " + one(ev.kernel().signal(t.session("R"), "PING"))))
                .on("t1").on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: create A",
                "A _start #1 from=R args=",
                "A _start: alias_set a = ok",
                "A _start: sig PING on_PING",
                "R _child #2 from=kernel args=create,A,r:A:_start",
                "R _start: yield go",
                "R _start: delay_set t1 0.2 -> T1",
                "main: run",
                "R go #3 from=R args=",
                "R go: signal name:R PING = 1",
                "A on_PING #2 from=kernel args=PING",
                "A on_PING: alias_remove a = ok",
                "A _stop #3 from=kernel args=",
                "R _child #4 from=kernel args=lose,A,r:A:_stop",
                "R t1 #5 from=R args=",
                "R _stop #6 from=kernel args=",
                "run returned");
    }

    /** {@code cases/nocollect_parent}: the same for a session that loses its last reference in {@code _parent}. */
    @LoopTest
    void freedInAParentNoticeGoesInThatBatch(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("A")
                .on("_start", ev -> {
                    ev.kernel().aliasSet("a");
                    t.say(ev, "alias_set a = ok");
                })
                .on("_parent", ev -> {
                    ev.kernel().aliasRemove("a");
                    t.say(ev, "alias_remove a = ok");
                })
                .on("_stop");
        t.template("R")
                .on("_start", ev -> startWithTimer(t, ev))
                .on("go", ev -> {
                    ev.kernel().detachChild(t.session("A"));
                    t.say(ev, "detach_child A = 1");
                })
                .on("t1").on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: create A",
                "A _start #1 from=R args=",
                "A _start: alias_set a = ok",
                "R _child #2 from=kernel args=create,A,r:A:_start",
                "R _start: yield go",
                "R _start: delay_set t1 0.2 -> T1",
                "main: run",
                "R go #3 from=R args=",
                "R _child #4 from=kernel args=lose,A,undef",
                "A _parent #2 from=kernel args=R,kernel",
                "A _parent: alias_remove a = ok",
                "R go: detach_child A = 1",
                "A _stop #3 from=kernel args=",
                "R t1 #5 from=R args=",
                "R _stop #6 from=kernel args=",
                "run returned");
    }

    private static void startWithTimer(Traced t, EventContext ev) {
        t.say(ev, "create A");
        t.create("A", ev.kernel());
        ev.kernel().yield("go");
        t.say(ev, "yield go");
        ev.kernel().delaySet("t1", 0.2);
        t.say(ev, "delay_set t1 0.2 -> T1");
    }

    /**
     * {@code cases/idle_gc}: a handled IDLE that made work (a child, collected again) is
     * followed by another IDLE; GC markers count as work, as POE's queue count does. The
     * fourth IDLE makes nothing, and ZOMBIE stops R.
     */
    @LoopTest
    void idleComesAgainAfterTheWorkItMadeHasEnded(ScenarioContext ctx) {
        Traced t = new Traced();
        int[] idles = {0};
        t.template("A").on("_stop");
        t.template("R")
                .on("_start", ev -> {
                    ev.kernel().aliasSet("x");
                    t.say(ev, "alias_set x = ok");
                    ev.kernel().sig("IDLE", "on_IDLE");
                    t.say(ev, "sig IDLE on_IDLE");
                })
                .on("on_IDLE", ev -> {
                    ev.kernel().sigHandled();
                    t.say(ev, "sig_handled");
                    if (++idles[0] <= 3) {
                        String name = idles[0] == 1 ? "A" : "A." + idles[0];
                        t.say(ev, "create " + name);
                        t.create("A", ev.kernel());
                    }
                })
                .on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: alias_set x = ok",
                "R _start: sig IDLE on_IDLE",
                "main: run",
                "R on_IDLE #2 from=kernel args=IDLE",
                "R on_IDLE: sig_handled",
                "R on_IDLE: create A",
                "A _start #1 from=R args=",
                "R _child #3 from=kernel args=create,A,r:A:_start",
                "A _stop #2 from=kernel args=",
                "R _child #4 from=kernel args=lose,A,r:A:_stop",
                "R on_IDLE #5 from=kernel args=IDLE",
                "R on_IDLE: sig_handled",
                "R on_IDLE: create A.2",
                "A.2 _start #1 from=R args=",
                "R _child #6 from=kernel args=create,A.2,r:A.2:_start",
                "A.2 _stop #2 from=kernel args=",
                "R _child #7 from=kernel args=lose,A.2,r:A.2:_stop",
                "R on_IDLE #8 from=kernel args=IDLE",
                "R on_IDLE: sig_handled",
                "R on_IDLE: create A.3",
                "A.3 _start #1 from=R args=",
                "R _child #9 from=kernel args=create,A.3,r:A.3:_start",
                "A.3 _stop #2 from=kernel args=",
                "R _child #10 from=kernel args=lose,A.3,r:A.3:_stop",
                "R on_IDLE #11 from=kernel args=IDLE",
                "R on_IDLE: sig_handled",
                "R _stop #12 from=kernel args=",
                "run returned");
    }

    /**
     * {@code cases/stop_orphan}: B, created in A's {@code _stop}, is handed to A's parent R
     * when A is freed (without a {@code _child(gain)}), and R stops only after B.
     */
    @LoopTest
    void aChildCreatedInStopGoesToTheGrandparent(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("B")
                .on("_start", ev -> {
                    ev.kernel().yield("e");
                    t.say(ev, "yield e");
                })
                .on("e").on("_parent").on("_stop");
        orphanParents(t);
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: create A",
                "A _start #1 from=R args=",
                "R _child #2 from=kernel args=create,A,r:A:_start",
                "main: run",
                "A _stop #2 from=kernel args=",
                "A _stop: create B",
                "B _start #1 from=A args=",
                "B _start: yield e",
                "A _child #3 from=kernel args=create,B,r:B:_start",
                "R _child #3 from=kernel args=lose,A,r:A:_stop",
                "B e #2 from=B args=",
                "B _stop #3 from=kernel args=",
                "R _child #4 from=kernel args=lose,B,r:B:_stop",
                "R _stop #5 from=kernel args=",
                "run returned");
    }

    /** {@code cases/stop_orphan_hang}: the same with an aliased B, which IDLE stops; {@code run()} returns. */
    @LoopTest
    void anAliasedChildCreatedInStopIsStoppedByIdle(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("B")
                .on("_start", ev -> {
                    ev.kernel().aliasSet("b");
                    t.say(ev, "alias_set b = ok");
                })
                .on("_parent").on("_stop");
        orphanParents(t);
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: create A",
                "A _start #1 from=R args=",
                "R _child #2 from=kernel args=create,A,r:A:_start",
                "main: run",
                "A _stop #2 from=kernel args=",
                "A _stop: create B",
                "B _start #1 from=A args=",
                "B _start: alias_set b = ok",
                "A _child #3 from=kernel args=create,B,r:B:_start",
                "R _child #3 from=kernel args=lose,A,r:A:_stop",
                "B _stop #2 from=kernel args=",
                "R _child #4 from=kernel args=lose,B,r:B:_stop",
                "R _stop #5 from=kernel args=",
                "run returned");
    }

    private static void orphanParents(Traced t) {
        t.template("A")
                .on("_stop", ev -> {
                    t.say(ev, "create B");
                    t.create("B", ev.kernel());
                })
                .on("_child");
        t.template("R")
                .on("_start", ev -> {
                    t.say(ev, "create A");
                    t.create("A", ev.kernel());
                })
                .on("_child").on("_stop");
    }

    /**
     * {@code cases/watch_live}: a signal goes to the watchers there were when it was
     * dispatched: R stops watching PING while A handles it, and still gets it.
     */
    @LoopTest
    void aSignalGoesToTheWatchersOfItsDispatch(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("A")
                .on("_start", ev -> {
                    ev.kernel().aliasSet("a");
                    t.say(ev, "alias_set a = ok");
                    ev.kernel().sig("PING", "on_PING");
                    t.say(ev, "sig PING on_PING");
                })
                .on("on_PING", ev -> {
                    t.say(ev, "call name:R unwatch = " + ev.kernel().call(t.session("R"), "unwatch"));
                    ev.kernel().aliasRemove("a");
                    t.say(ev, "alias_remove a = ok");
                })
                .on("_stop");
        t.template("R")
                .on("_start", ev -> {
                    ev.kernel().aliasSet("x");
                    t.say(ev, "alias_set x = ok");
                    ev.kernel().sig("PING", "on_PING");
                    t.say(ev, "sig PING on_PING");
                    t.say(ev, "create A");
                    t.create("A", ev.kernel());
                    ev.kernel().yield("go");
                    t.say(ev, "yield go");
                })
                .on("go", ev -> t.say(ev, "signal name:R PING = " + one(ev.kernel().signal(t.session("R"), "PING"))))
                .on("unwatch", ev -> {
                    ev.kernel().sig("PING");
                    t.say(ev, "sig PING undef");
                })
                .on("on_PING", ev -> {
                    ev.kernel().aliasRemove("x");
                    t.say(ev, "alias_remove x = ok");
                })
                .on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: alias_set x = ok",
                "R _start: sig PING on_PING",
                "R _start: create A",
                "A _start #1 from=R args=",
                "A _start: alias_set a = ok",
                "A _start: sig PING on_PING",
                "R _child #2 from=kernel args=create,A,r:A:_start",
                "R _start: yield go",
                "main: run",
                "R go #3 from=R args=",
                "R go: signal name:R PING = 1",
                "A on_PING #2 from=kernel args=PING",
                "R unwatch #4 from=A args=",
                "R unwatch: sig PING undef",
                "A on_PING: call name:R unwatch = r:R:unwatch",
                "A on_PING: alias_remove a = ok",
                "R on_PING #5 from=kernel args=PING",
                "R on_PING: alias_remove x = ok",
                "A _stop #3 from=kernel args=",
                "R _child #6 from=kernel args=lose,A,r:A:_stop",
                "R _stop #7 from=kernel args=",
                "run returned");
    }

    /**
     * {@code cases/start_nolose}: {@code detachChild} of a child still in its {@code _start}
     * sends the parent {@code _child(lose)} (only {@code detachMyself} from {@code _start} skips it).
     */
    @LoopTest
    void detachingAChildInItsStartSendsLose(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("A")
                .on("_start", ev -> t.say(ev, "call name:R det = " + ev.kernel().call(t.session("R"), "det")))
                .on("_parent").on("_stop");
        t.template("R")
                .on("_start", ev -> {
                    t.say(ev, "create A");
                    t.create("A", ev.kernel());
                })
                .on("det", ev -> {
                    ev.kernel().detachChild(t.session("A"));
                    t.say(ev, "detach_child A = 1");
                })
                .on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: create A",
                "A _start #1 from=R args=",
                "R det #2 from=A args=",
                "R _child #3 from=kernel args=lose,A,undef",
                "A _parent #2 from=kernel args=R,kernel",
                "R det: detach_child A = 1",
                "A _start: call name:R det = r:R:det",
                "main: run",
                "R _stop #4 from=kernel args=",
                "A _stop #3 from=kernel args=",
                "run returned");
    }

    /**
     * {@code cases/gain3}: TERM stops C; its child D goes to R, which gets
     * {@code _child("gain", D)}: two arguments, as POE passes them.
     */
    @LoopTest
    void childGainHasTwoArguments(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("D").on("_parent").on("_stop");
        t.template("C")
                .on("_start", ev -> {
                    ev.kernel().aliasSet("c");
                    t.say(ev, "alias_set c = ok");
                    ev.kernel().sig("TERM", "on_TERM");
                    t.say(ev, "sig TERM on_TERM");
                })
                .on("on_TERM", ev -> {
                    t.say(ev, "create D");
                    t.create("D", ev.kernel());
                })
                .on("_stop");
        t.template("R")
                .on("_start", ev -> {
                    t.say(ev, "create C");
                    t.create("C", ev.kernel());
                    ev.kernel().yield("go");
                    t.say(ev, "yield go");
                })
                .on("go", ev -> t.say(ev, "signal name:C TERM = " + one(ev.kernel().signal(t.session("C"), "TERM"))))
                .on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: create C",
                "C _start #1 from=R args=",
                "C _start: alias_set c = ok",
                "C _start: sig TERM on_TERM",
                "R _child #2 from=kernel args=create,C,r:C:_start",
                "R _start: yield go",
                "main: run",
                "R go #3 from=R args=",
                "R go: signal name:C TERM = 1",
                "C on_TERM #2 from=kernel args=TERM",
                "C on_TERM: create D",
                "D _start #1 from=C args=",
                "R _child #4 from=kernel args=gain,D",
                "D _parent #2 from=kernel args=C,R",
                "C _stop #3 from=kernel args=",
                "R _child #5 from=kernel args=lose,C,r:C:_stop",
                "D _stop #3 from=kernel args=",
                "R _child #6 from=kernel args=lose,D,r:D:_stop",
                "R _stop #7 from=kernel args=",
                "run returned");
    }

    /**
     * A session that drops its own last watcher is marked like any other and goes at the end
     * of that batch, after R's {@code tick} and before {@code tock}. POE 1.370 prints this
     * trace for the same program (A: {@code select_read($r, "in")} and {@code yield("drop")}
     * in {@code _start}; {@code drop} does {@code select_read($r)}; R yields {@code tick},
     * which yields {@code tock}).
     */
    @LoopTest
    void droppingItsOwnLastWatcherGoesAtTheEndOfTheBatch(ScenarioContext ctx) throws IOException {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Pipe pipe = Pipe.open();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        log.add("R _start");
                        Session.builder()
                                .on("_start", a -> {
                                    log.add("A _start");
                                    a.kernel().selectRead(pipe.source(), "in");
                                    a.kernel().yield("drop");
                                })
                                .on("drop", a -> {
                                    log.add("A drop");
                                    a.kernel().selectRead(pipe.source());
                                    log.add("A dropped");
                                })
                                .on("in", a -> log.add("A in"))
                                .on("_stop", a -> log.add("A _stop"))
                                .create(ev.kernel());
                        ev.kernel().yield("tick");
                    })
                    .on("tick", ev -> {
                        log.add("R tick");
                        ev.kernel().yield("tock");
                    })
                    .on("tock", ev -> log.add("R tock"))
                    .on("_child", ev -> log.add("R _child " + ev.arg(0)))
                    .on("_stop", ev -> log.add("R _stop"))
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
        assertEquals(List.of("R _start", "A _start", "R _child create", "A drop", "A dropped", "R tick", "A _stop",
                "R _child lose", "R tock", "R _stop"), log);
    }

    /**
     * One event frees both its sender and its destination: POE marks the destination, then
     * the sender, and sweeps last marked first, so the sender (A) stops before the
     * destination (B). Difffuzz program: R creates B (nothing to do) and A, whose
     * {@code go} posts {@code x} to B.
     */
    @LoopTest
    void theSenderOfTheLastEventStopsBeforeItsDestination(ScenarioContext ctx) {
        Traced t = new Traced();
        t.template("B").on("x").on("_stop");
        t.template("A")
                .on("_start", ev -> {
                    ev.kernel().yield("go");
                    t.say(ev, "yield go");
                })
                .on("go", ev -> t.say(ev, "post name:B x = " + one(ev.kernel().post(t.session("B"), "x"))))
                .on("_stop");
        t.template("R")
                .on("_start", ev -> {
                    t.say(ev, "create B");
                    t.create("B", ev.kernel());
                    t.say(ev, "create A");
                    t.create("A", ev.kernel());
                })
                .on("_child").on("_stop");
        run(ctx, t, "R");
        expect(t,
                "R _start #1 from=kernel args=",
                "R _start: create B",
                "B _start #1 from=R args=",
                "R _child #2 from=kernel args=create,B,r:B:_start",
                "R _start: create A",
                "A _start #1 from=R args=",
                "A _start: yield go",
                "R _child #3 from=kernel args=create,A,r:A:_start",
                "main: run",
                "A go #2 from=A args=",
                "A go: post name:B x = 1",
                "B x #2 from=A args=",
                "A _stop #3 from=kernel args=",
                "R _child #4 from=kernel args=lose,A,r:A:_stop",
                "B _stop #3 from=kernel args=",
                "R _child #5 from=kernel args=lose,B,r:B:_stop",
                "R _stop #6 from=kernel args=",
                "run returned");
    }
}
