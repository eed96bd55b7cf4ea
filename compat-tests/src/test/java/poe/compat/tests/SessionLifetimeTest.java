package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** K3-LIFE: what keeps a session alive, creation order, deferred GC, the stop sequence, IDs. */
class SessionLifetimeTest {

    /** K3-LIFE-1: a sender is kept alive while the event it sent is queued. */
    @LoopTest
    void aSenderLivesWhileItsEventIsQueued(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().aliasSet("b"))
                .on("got", ev -> log.add("b got it from " + ev.sender().id()))
                .on("_stop", ev -> log.add("b stop"))
                .create(ctx.kernel());
        Session a = Session.builder()
                .on("_start", ev -> ev.kernel().post("b", "got"))
                .on("_stop", ev -> log.add("a stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals("b got it from " + a.id(), log.get(0));
        assertTrue(log.indexOf("a stop") > 0, log::toString);
    }

    /** K3-LIFE-1: children keep their parent alive; the parent stops after its last child. */
    @LoopTest
    void childrenKeepTheirParentAlive(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> Session.builder()
                        .on("_start", c -> c.kernel().delay("work", 0.1))
                        .on("work", c -> log.add("child works"))
                        .on("_stop", c -> log.add("child stop"))
                        .create(ev.kernel()))
                .on("_child", ev -> log.add("parent _child " + ev.arg(0)))
                .on("_stop", ev -> log.add("parent stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("parent _child create", "child works", "child stop", "parent _child lose", "parent stop"),
                log);
    }

    /** K3-LIFE-2: signal watchers and holding the Session object do not keep a session alive. */
    @LoopTest
    void signalWatchersDoNotKeepASessionAlive(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session held = Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("USR1", "usr1");
                    ev.kernel().sig("CHLD", "chld");
                })
                .on("_stop", ev -> log.add("watcher stop"))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("later", 0.1))
                .on("later", ev -> log.add("later; watcher alive: " + held.isAlive()))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("watcher stop", "later; watcher alive: false"), log);
    }

    /** K3-LIFE-3: creation order; _child("create") gets _start's value; SENDER of _start is the parent. */
    @LoopTest
    void creationOrder(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    log.add("parent _start");
                    Session child = Session.builder()
                            .args("a", 2)
                            .onValue("_start", c -> {
                                log.add("child _start args " + c.args() + " sender is parent "
                                        + (c.sender() == ev.session()));
                                return "started";
                            })
                            .create(ev.kernel());
                    log.add("create returned " + child.id());
                })
                .on("_child", ev -> log.add("parent _child " + ev.arg(0) + " " + ((Session) ev.arg(1)).id() + " "
                        + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("parent _start", "child _start args [a, 2] sender is parent true",
                "parent _child create 2 started", "create returned 2", "parent _child lose 2 null"), log);
    }

    /** K3-LIFE-3, K3-DET-1: a child that detaches in _start gives its old parent no notice at all. */
    @LoopTest
    void detachingInStartSendsNoCreateOrLose(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> Session.builder()
                        .on("_start", c -> c.kernel().detachMyself())
                        .on("_parent", c -> log.add("child _parent " + c.arg(0).getClass().getSimpleName() + " -> "
                                + c.arg(1).getClass().getSimpleName()))
                        .create(ev.kernel()))
                .on("_child", ev -> log.add("parent _child " + ev.arg(0)))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("child _parent Session -> Kernel"), log);
    }

    /** K3-LIFE-4: a session with nothing to do stops at the next dispatch, not inside create. */
    @LoopTest
    void garbageCollectionIsDeferred(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    Session idle = Session.builder().on("_stop", c -> log.add("idle stop")).create(ev.kernel());
                    log.add("after create, alive " + idle.isAlive());
                })
                .on("_child", ev -> log.add("_child " + ev.arg(0)))
                .create(ctx.kernel());
        Session outside = Session.builder().on("_stop", c -> log.add("outside stop")).create(ctx.kernel());
        log.add("outside alive " + outside.isAlive());
        ctx.drive();
        assertEquals(List.of("_child create", "after create, alive true", "outside alive true"), log.subList(0, 3));
        assertTrue(log.containsAll(List.of("idle stop", "outside stop", "_child lose")), log::toString);
    }

    /**
     * K3-LIFE-4: releasing another session's last reference from _stop marks it, and the
     * same sweep stops it, before IDLE could come (POE 1.370 prints the same order).
     */
    @LoopTest
    void releasingTheLastReferenceFromStopStopsItInTheSameSweep(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session held = Session.builder()
                .on("_start", ev -> {
                    ev.kernel().refcountIncrement(ev.session().id(), "held");
                    ev.kernel().sig("IDLE", "idle");
                })
                .on("idle", ev -> log.add("held got IDLE"))
                .on("_stop", ev -> log.add("held stop"))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("done", 0.05))
                .on("done", ev -> log.add("releaser done"))
                .on("_stop", ev -> {
                    log.add("releaser stop");
                    ev.kernel().refcountDecrement(held.id(), "held");
                    log.add("after release");
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("releaser done", "releaser stop", "after release", "held stop"), log);
    }

    /** K3-LIFE-5: _stop's SENDER, _child("lose") with _stop's value, events posted from _stop discarded. */
    @LoopTest
    void stopSequence(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("peer");
                    ev.kernel().delay("wait", 0.2);
                })
                .on("wait", ev -> { })
                .on("from_stop", ev -> log.add("peer got an event posted from _stop"))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> Session.builder()
                        .on("_start", c -> c.kernel().yield("x"))
                        .on("x", c -> { })
                        .onValue("_stop", c -> {
                            log.add("child _stop, active is child " + (c.kernel().activeSession() == c.session()));
                            c.kernel().post("peer", "from_stop");
                            c.kernel().yield("self_from_stop");
                            return "bye";
                        })
                        .on("self_from_stop", c -> log.add("child got its own event from _stop"))
                        .create(ev.kernel()))
                .on("_child", ev -> log.add("parent _child " + ev.arg(0) + " " + ev.arg(2)))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("parent _child create null", "child _stop, active is child true", "parent _child lose bye"),
                log);
    }

    /** K3-LIFE-6: IDs are positive, unique and increasing; the kernel has its own. */
    @LoopTest
    void sessionIds(ScenarioContext ctx) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(Session.builder().on("_start", ev -> ev.kernel().yield("x")).on("x", ev -> { })
                    .create(ctx.kernel()).id());
        }
        ctx.drive();
        for (int i = 0; i < ids.size(); i++) {
            assertTrue(ids.get(i) > 0 && ids.get(i) != Kernel.KERNEL_ID);
            if (i > 0) {
                assertTrue(ids.get(i) > ids.get(i - 1), ids::toString);
            }
        }
    }
}
