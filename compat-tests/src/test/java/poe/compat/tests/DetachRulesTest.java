package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import poe.Errno;
import poe.KernelException;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** K3-DET: detachMyself and detachChild errors and event order. */
class DetachRulesTest {

    private static Errno errno(Runnable r) {
        try {
            r.run();
            return null;
        } catch (KernelException e) {
            return e.errno();
        }
    }

    /** K3-DET-1/2: EPERM when already the kernel's child or not one's child; ESRCH for unknown sessions. */
    @LoopTest
    void errors(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    log.add("top detaches itself: " + errno(() -> ev.kernel().detachMyself()));
                    log.add("unknown child: " + errno(() -> ev.kernel().detachChild("nobody")));
                    Session.builder().on("_start", c -> c.kernel().aliasSet("not mine")).on("go", c -> c.kernel()
                            .aliasRemove("not mine")).create(ev.kernel());
                })
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> {
                    log.add("someone else's child: " + errno(() -> ev.kernel().detachChild("not mine")));
                    ev.kernel().post("not mine", "go");
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("top detaches itself: EPERM", "unknown child: ESRCH", "someone else's child: EPERM"), log);
    }

    /** K3-DET-2 (t/90 neyuki_detach): the full order around a child detaching itself. */
    @LoopTest
    void neyukiDetachOrder(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    log.add("parent _start");
                    Session.builder()
                            .on("_start", c -> {
                                log.add("child _start");
                                c.kernel().yield("detach");
                            })
                            .on("detach", c -> {
                                log.add("child detaches");
                                c.kernel().detachMyself();
                                log.add("child detached");
                            })
                            .on("_parent", c -> log.add("child _parent -> " + c.arg(1).getClass().getSimpleName()))
                            .create(ev.kernel());
                })
                .on("_child", ev -> log.add("parent _child " + ev.arg(0)))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("parent _start", "child _start", "parent _child create", "child detaches",
                "parent _child lose", "child _parent -> Kernel", "child detached"), log);
    }

    /** K3-DET-1: the old parent may be collected once its detached child is gone from it. */
    @LoopTest
    void theOldParentIsCollectedAfterDetach(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> Session.builder()
                        .on("_start", c -> c.kernel().delay("detach", 0.02))
                        .on("detach", c -> {
                            c.kernel().detachMyself();
                            c.kernel().delay("done", 0.1);
                        })
                        .on("done", c -> log.add("child done"))
                        .on("_stop", c -> log.add("child stop"))
                        .create(ev.kernel()))
                .on("_stop", ev -> log.add("parent stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("parent stop", "child done", "child stop"), log);
    }

    /**
     * K3-DET-2: a session's call to itself runs in place, as in POE, so it keeps the caller's
     * active event. detachMyself from a handler that {@code _start} called on its own session
     * is still "from _start" (no {@code _child("lose")}); reached through another session's
     * call it is not. Real POE 1.370 (difffuzz, kernel profile, seed 107, shrunk):
     * <pre>
     * A _start: $_[KERNEL]->call($_[SESSION], "e1")   B _start: $_[KERNEL]->call($_[SENDER], "relay")
     * R relay:  $_[KERNEL]->call($_[SENDER], "e1")    e1 (A and B): get_active_event; detach_myself
     *
     * A e1 active=_start caller=_start
     * A _parent
     * B e1 active=e1
     * R _child lose
     * B _parent
     * </pre>
     */
    @LoopTest
    void selfCallFromStartKeepsStartAsTheActiveEvent(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    Session.builder()
                            .on("_start", a -> a.kernel().call(a.session(), "e1"))
                            .on("e1", a -> {
                                log.add("A e1 active=" + a.kernel().activeEvent() + " caller=" + a.callerState());
                                a.kernel().detachMyself();
                            })
                            .on("_parent", a -> log.add("A _parent"))
                            .create(ev.kernel());
                    Session.builder()
                            .on("_start", b -> b.kernel().call(b.sender(), "relay"))
                            .on("e1", b -> {
                                log.add("B e1 active=" + b.kernel().activeEvent());
                                b.kernel().detachMyself();
                            })
                            .on("_parent", b -> log.add("B _parent"))
                            .create(ev.kernel());
                })
                .on("relay", ev -> ev.kernel().call(ev.sender(), "e1"))
                .on("_child", ev -> log.add("R _child " + ev.arg(0)))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("A e1 active=_start caller=_start", "A _parent", "B e1 active=e1", "R _child lose",
                "B _parent"), log);
    }
}
