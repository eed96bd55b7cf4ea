package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import poe.Callback;
import poe.DieInfo;
import poe.Errno;
import poe.Kernel;
import poe.KernelException;
import poe.Nfa;
import poe.Postback;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * NFA semantics beyond {@code ses_nfa}: dispatch order and errors (K3-DEF-3), {@code leave},
 * the {@code immediate} option, nested call/return, {@code stop()} with resources held,
 * machine-wide handlers (K3-STATE-2), kernel services (timers, I/O watchers, signals, child
 * sessions, threads), and postbacks versus callbacks (K3-PB-2).
 */
class NfaSemanticsTest {

    @LoopTest
    void unknownEventWithoutDefaultIsAnError(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        Nfa.builder()
                .state("a", s -> s.on("enter", ev -> {
                    Nfa.of(ev).gotoState("b");
                    ev.kernel().yield("bogus", 1);      // queued after the transition: lands in "b"
                }))
                .state("b", s -> s.on("unused", ev -> log.add("unused")))
                .initialState("a", "enter")
                .spawn(kernel);
        // like POE: the error becomes a DIE signal; unhandled, run() rethrows it
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.drive());
        assertTrue(e.getMessage().contains("'bogus'") && e.getMessage().contains("'b'")
                && e.getMessage().contains("_default"), e.getMessage());
        assertEquals(List.of(), log);
        assertEquals(0, kernel.sessionCount());
    }

    @LoopTest
    void dieFromAMissingHandlerCanBeHandled(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        Nfa.builder()
                .state("a", s -> s
                        .on("enter", ev -> {
                            ev.kernel().sig("DIE", "died");
                            ev.kernel().yield("bogus");
                            ev.kernel().yield("fine");
                        })
                        .on("fine", ev -> log.add("fine"))
                        .on("died", ev -> {
                            DieInfo die = ev.arg(1);
                            log.add("died: " + die.event() + " " + die.error().getClass().getSimpleName());
                            ev.kernel().sigHandled();
                        }))
                .initialState("a", "enter")
                .spawn(kernel);
        ctx.drive();
        // the DIE signal is queued behind "fine", which was already waiting
        assertEquals(List.of("fine", "died: bogus IllegalStateException"), log);
    }

    @LoopTest
    void lookupOrderIsStateThenMachineWideThenDefault(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        Nfa m = Nfa.builder()
                .state("a", s -> s
                        .on("enter", ev -> {
                            ev.kernel().aliasSet("kept");       // alive until the asker is done
                            ev.kernel().state("shared", sev -> log.add("machine-wide shared in "
                                    + Nfa.of(sev).currentState()));
                            ev.kernel().state("mine", sev -> log.add("machine-wide mine"));
                            ev.kernel().yield("mine");
                            ev.kernel().yield("shared");
                            ev.kernel().yield("other", "x", 2);
                            Nfa.of(ev).gotoState("b");
                            ev.kernel().yield("shared");
                        })
                        .on("mine", ev -> log.add("a mine"))
                        .on("_default", ev -> log.add("a _default " + ev.state() + " " + ev.arg(0) + " " + ev.arg(1))))
                .state("b", s -> s.onValue("_default", ev -> {
                    log.add("b _default " + ev.arg(0));
                    return "b says " + ev.arg(0);
                }))
                .initialState("a", "enter")
                .spawn(kernel);
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("ask", 0.05))
                .on("ask", ev -> log.add(String.valueOf(m.callEvent("question"))))
                .create(kernel);
        ctx.drive();
        assertEquals(List.of(
                "a mine",
                "machine-wide shared in a",
                "a _default _default other [x, 2]",
                "machine-wide shared in b",
                "b _default question",
                "b says question"), log);
    }

    /**
     * Inside a state's {@code _default}, the active event is the event that had no handler,
     * and what {@code _default} sends names it as the caller state (real POE 1.370 prints
     * {@code _default zz active=zz}, then {@code fromdef caller=zz active=fromdef}).
     */
    @LoopTest
    void activeEventInDefaultIsTheUnhandledEvent(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Nfa.builder()
                .state("a", s -> s
                        .on("enter", ev -> ev.kernel().yield("zz"))
                        .on("_default", ev -> {
                            log.add("_default " + ev.arg(0) + " active=" + ev.kernel().activeEvent());
                            ev.kernel().yield("fromdef");
                        })
                        .on("fromdef", ev -> log.add("fromdef caller=" + ev.callerState()
                                + " active=" + ev.kernel().activeEvent())))
                .initialState("a", "enter")
                .spawn(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("_default zz active=zz", "fromdef caller=zz active=fromdef"), log);
    }

    @LoopTest
    void startAndStopNeverReachTheMachine(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        List<Object> defaults = new ArrayList<>();
        Nfa.builder()
                .state("a", s -> s
                        .on("enter", ev -> ev.kernel().yield("ping"))
                        .on("_default", ev -> defaults.add(ev.arg(0))))
                .initialState("a", "enter")
                .spawn(kernel);
        ctx.drive();
        assertEquals(List.of("ping"), defaults);
    }

    @LoopTest
    void transitionsAreDeferredLeaveRunsFirstAndEntryGetsArgs(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        Nfa.builder()
                .state("a", s -> s
                        .on("enter", ev -> {
                            log.add("enter a " + ev.args() + " from " + (ev.sender() == ev.session() ? "self" : "?"));
                            Nfa m = Nfa.of(ev);
                            m.gotoState("b", "enter", "x", 1);
                            log.add("still in " + m.currentState());
                        })
                        .on("leave", ev -> log.add("leave " + Nfa.of(ev).currentState() + " " + ev.state())))
                .state("b", s -> s
                        .on("enter", ev -> {
                            Nfa m = Nfa.of(ev);
                            log.add("enter " + m.currentState() + " " + ev.args());
                            if (ev.argCount() == 2) {
                                m.gotoState("b", "enter", "again");
                            }
                        })
                        .on("leave", ev -> log.add("leave b")))
                .initialState("a", "enter", "created")
                .spawn(kernel);
        ctx.drive();
        assertEquals(List.of(
                "enter a [created] from self",
                "still in a",
                "leave a leave",
                "enter b [x, 1]",
                "leave b",                      // leaving for the same state runs leave too
                "enter b [again]"), log);
    }

    @LoopTest
    void immediateOptionMakesTransitionsSynchronous(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        Nfa.builder()
                .state("a", s -> s.on("enter", ev -> {
                    Nfa m = Nfa.of(ev);
                    m.callState("back", "sub", "enter", 7);
                    log.add("after callState: " + m.currentState() + " depth " + m.callDepth());
                    m.gotoState("c", "enter");
                    log.add("after gotoState: " + m.currentState() + " depth " + m.callDepth());
                }).on("back", ev -> log.add("back with " + ev.arg(0))))
                .state("sub", s -> s.on("enter", ev -> {
                    log.add("sub got " + ev.arg(0));
                    Nfa.of(ev).returnState(ev.<Integer>arg(0) * 6);
                }))
                .state("c", s -> s.on("enter", ev -> log.add("c")))
                .option("immediate", true)
                .initialState("a", "enter")
                .spawn(kernel);
        ctx.drive();
        assertEquals(List.of("sub got 7", "back with 42", "after callState: a depth 0", "c",
                "after gotoState: c depth 0"), log);
    }

    @LoopTest
    void callStatesNestAndReturnInOrder(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        Nfa.builder()
                .state("main", s -> s
                        .on("enter", ev -> Nfa.of(ev).callState("done", "outer", "enter", 1))
                        .on("done", ev -> log.add("main done " + ev.args() + " depth " + Nfa.of(ev).callDepth())))
                .state("outer", s -> s
                        .on("enter", ev -> {
                            log.add("outer depth " + Nfa.of(ev).callDepth());
                            Nfa.of(ev).callState("inner_done", "inner", "enter", ev.<Integer>arg(0) + 1);
                        })
                        .on("inner_done", ev -> {
                            log.add("outer got " + ev.arg(0));
                            Nfa.of(ev).returnState(ev.<Integer>arg(0) * 10, "extra");
                        }))
                .state("inner", s -> s.on("enter", ev -> {
                    log.add("inner depth " + Nfa.of(ev).callDepth());
                    Nfa.of(ev).returnState(ev.<Integer>arg(0) + 1);
                }))
                .initialState("main", "enter")
                .spawn(kernel);
        ctx.drive();
        assertEquals(List.of("outer depth 1", "inner depth 2", "outer got 3", "main done [30, extra] depth 0"), log);
    }

    @LoopTest
    void returnWithoutCallIsAnError(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        Nfa.builder()
                .state("a", s -> s.on("enter", ev -> Nfa.of(ev).returnState(5)))
                .initialState("a", "enter")
                .spawn(kernel);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.drive());
        assertTrue(e.getMessage().contains("stack is empty"), e.getMessage());
    }

    @LoopTest
    void stopEndsTheMachineWhateverItHolds(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        AtomicReference<Nfa> machine = new AtomicReference<>();
        AtomicReference<Session> child = new AtomicReference<>();
        Session.builder()
                .on("_start", ev -> machine.set(Nfa.builder()
                        .state("a", s -> s
                                .on("enter", mev -> {
                                    child.set(Session.builder()
                                            .on("_start", kev -> kev.kernel().delay("tick", 0.05))
                                            .on("tick", kev -> log.add("child ticks"))
                                            .on("_parent", kev -> log.add("child moves to "
                                                    + (kev.<Object>arg(1) == ev.session() ? "grandparent" : "?")))
                                            .create(mev.kernel()));
                                    mev.kernel().aliasSet("machine");
                                    mev.kernel().delay("never", 3600);
                                    Nfa.of(mev).stop();
                                    Nfa.of(mev).gotoState("a", "late");
                                })
                                .on("late", mev -> log.add("late transition ran"))
                                .on("_child", mev -> log.add("machine _child " + mev.arg(0))))
                        .initialState("a", "enter")
                        .spawn(ev.kernel())))
                .on("_child", ev -> log.add("parent _child " + ev.arg(0)
                        + (ev.<Object>arg(1) == child.get() ? " child" : " machine")))
                .create(kernel);
        ctx.drive();
        assertFalse(machine.get().isAlive());
        assertEquals(List.of(
                "parent _child create machine",
                "machine _child create",
                "parent _child gain child",
                "child moves to grandparent",
                "parent _child lose machine",
                "child ticks",
                "parent _child lose child"), log);
    }

    @LoopTest
    void childSessionsNeedAChildHandlerInAnNfa(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        Nfa.builder()
                .state("a", s -> s.on("enter", ev -> Session.builder().on("_start", cev -> { }).create(ev.kernel())))
                .initialState("a", "enter")
                .spawn(kernel);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.drive());
        assertTrue(e.getMessage().contains("'_child'"), e.getMessage());
    }

    @LoopTest
    void timersAndSignalsReachTheCurrentState(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        Nfa m = Nfa.builder()
                .state("a", s -> s
                        .on("enter", ev -> {
                            ev.kernel().delay("timer", 0.05, "t");
                            ev.kernel().sig("POKE", "poked");
                            ev.kernel().aliasSet("signalled");
                            Nfa.of(ev).gotoState("b");
                        })
                        .on("timer", ev -> log.add("timer in a"))
                        .on("poked", ev -> log.add("poked in a")))
                .state("b", s -> s
                        .on("timer", ev -> {
                            log.add("timer in b " + ev.arg(0));
                            ev.kernel().signal(ev.session(), "POKE", 9);
                        })
                        .on("poked", ev -> {
                            log.add("poked in b " + ev.args());
                            ev.kernel().sig("POKE");
                            Nfa.of(ev).stop();
                        }))
                .initialState("a", "enter")
                .spawn(kernel);
        ctx.drive();
        assertEquals(List.of("timer in b t", "poked in b [POKE, 9]"), log);
        assertFalse(m.isAlive());
    }

    @LoopTest
    void postbackHoldsTheMachineCallbackDoesNot(ScenarioContext ctx) throws Exception {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        AtomicReference<Postback> postback = new AtomicReference<>();
        AtomicReference<Callback> callback = new AtomicReference<>();
        Nfa held = Nfa.builder()
                .state("a", s -> s
                        .on("enter", ev -> postback.set(Nfa.of(ev).postback("later", "made")))
                        .on("later", ev -> log.add("later " + ev.args())))
                .initialState("a", "enter")
                .spawn(kernel);
        Nfa unheld = Nfa.builder()
                .state("a", s -> s
                        .on("enter", ev -> callback.set(Nfa.of(ev).callback("now")))
                        .onValue("now", ev -> "now " + ev.args()))
                .initialState("a", "enter")
                .spawn(kernel);
        assertTrue(callback.get().isClosed(), "an NFA callback holds no reference");
        assertFalse(postback.get().isClosed());
        assertEquals("now [[], [1]]", callback.get().call(1));
        // another thread fires the postback a little later; only the postback keeps "held" alive
        Thread poster = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            postback.get().post("given");
            postback.get().close();
        }, "poster");
        poster.start();
        ctx.drive();
        poster.join(10_000);
        assertEquals(List.of("later [[made], [given]]"), log);
        assertFalse(held.isAlive());
        assertFalse(unheld.isAlive());
        KernelException gone = assertThrows(KernelException.class, () -> callback.get().call(2));
        assertSame(Errno.ESRCH, gone.errno());
    }

    @LoopTest
    void postEventIsThreadSafeAndStopCanComeFromAnotherThread(ScenarioContext ctx) throws Exception {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        Nfa m = Nfa.builder()
                .state("waiting", s -> s
                        .on("enter", ev -> ev.kernel().refcountIncrement(ev.session().id(), "waiting"))
                        .on("hello", ev -> {
                            log.add("hello " + ev.arg(0) + " from kernel: " + (ev.sender() instanceof Kernel));
                            Nfa.of(ev).gotoState("greeted");
                        }))
                .state("greeted", s -> s.on("_default", ev -> log.add("greeted got " + ev.arg(0))))
                .initialState("waiting", "enter")
                .spawn(kernel);
        Thread other = new Thread(() -> {
            m.postEvent("hello", "world");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            m.postEvent("bye");
            m.stop();
        }, "other");
        other.start();
        ctx.drive();            // the refcount keeps it alive until stop()
        other.join(10_000);
        assertEquals(List.of("hello world from kernel: true", "greeted got bye"), log);
        assertFalse(m.isAlive());
    }

    @LoopTest
    void selectWatchersReachTheCurrentState(ScenarioContext ctx) throws Exception {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        Pipe pipe = Pipe.open();
        try {
            Nfa m = Nfa.builder()
                    .state("idle", s -> s.on("enter", ev -> Nfa.of(ev).gotoState("reading", "enter")))
                    .state("reading", s -> s
                            .on("enter", ev -> {
                                ev.kernel().selectRead(pipe.source(), "readable", "extra");
                                pipe.sink().write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
                            })
                            .on("readable", ev -> {
                                ByteBuffer buf = ByteBuffer.allocate(16);
                                pipe.source().read(buf);
                                log.add(Nfa.of(ev).currentState() + " read " + buf.position() + " " + ev.arg(1) + " "
                                        + ev.arg(2));
                                ev.kernel().selectRead(pipe.source());
                                Nfa.of(ev).gotoState("done", "enter");
                            }))
                    .state("done", s -> s.on("enter", ev -> log.add("done")))
                    .initialState("idle", "enter")
                    .spawn(kernel);
            ctx.drive();
            assertFalse(m.isAlive());
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
        assertEquals(List.of("reading read 2 READ extra", "done"), log);
    }
}
