package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import poe.EventContext;
import poe.Kernel;
import poe.Nfa;
import poe.Postback;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * POE::Test::Loops {@code ses_nfa} (CONFORMANCE.md 2.2, NFA-01..NFA-11): a push-button
 * switch, a machine that stops itself, a Fibonacci server with call/return states, and
 * machine-wide handlers, options, postbacks and callbacks, all running together.
 */
class NfaSessionTest {

    /** What the machines saw; asserted after the kernel stops. */
    static final class Observed {
        final List<Object> offObjects = new ArrayList<>();
        final List<Object> onObjects = new ArrayList<>();
        final List<Object> initialObjects = new ArrayList<>();
        final List<String> visibility = new ArrayList<>();
        final List<long[]> fib = new ArrayList<>();
        final List<String> dynamic = new ArrayList<>();
        final List<Object> optionReads = new ArrayList<>();
        int stopperEntries;
        Nfa stopper;
    }

    /** The switch's handlers for state "on" (object states) and "off" (package states). */
    static final class Switch {
        static Observed seen;

        // package states of "off": ev.object() is the class
        static void offEnter(EventContext ev) {
            seen.offObjects.add(ev.object());
            ev.kernel().post(ev.arg(0), "visibility", 0);
        }

        static void offPushed(EventContext ev) {
            Nfa.of(ev).gotoState("on", "enter", ev.sender());
        }

        static Object swallow(EventContext ev) {
            return 0;
        }

        // object states of "on": ev.object() is the instance
        void enter(EventContext ev) {
            seen.onObjects.add(ev.object());
            ev.kernel().post(ev.arg(0), "visibility", 1);
        }

        void pushed(EventContext ev) {
            Nfa.of(ev).gotoState("off", "enter", ev.sender());
        }

        Object _default(EventContext ev) {
            return 0;
        }
    }

    private static final long[][] FIB = {
        {0, 0}, {1, 1}, {2, 1}, {3, 2}, {4, 3}, {5, 5}, {17, 1597}, {23, 28657}, {29, 514229}, {43, 433494437},
    };

    @LoopTest
    void sesNfa(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        Observed seen = new Observed();
        Switch.seen = seen;
        Switch self = new Switch();

        // NFA-01, NFA-03, NFA-04, NFA-05: the switch
        Nfa sw = Nfa.builder()
                .state("initial", s -> s
                        .on("start", ev -> {
                            seen.initialObjects.add(ev.object());
                            ev.kernel().aliasSet("switch");
                            Nfa.of(ev).gotoState("off");
                        })
                        .onValue("_default", ev -> 0))
                .state("off", s -> s.statics(Switch.class,
                        Map.of("enter", "offEnter", "pushed", "offPushed", "_default", "swallow")))
                .state("on", s -> s.object(self, "enter", "pushed", "_default"))
                .spawn(kernel);
        assertNull(sw.currentState(), "no state before the first transition");
        sw.gotoState("initial", "start");
        // NFA-01: the first transition (and its entry event) ran before gotoState returned
        assertEquals("initial", sw.currentState());
        assertEquals(1, seen.initialObjects.size());

        // NFA-06: stop() inside the initial entry handler
        seen.stopper = Nfa.builder()
                .state("initial", s -> s.on("start", ev -> {
                    seen.stopperEntries++;
                    ev.kernel().aliasSet("stopper");       // would keep it alive without stop()
                    Nfa.of(ev).stop();
                }))
                .spawn(kernel);
        seen.stopper.gotoState("initial", "start");

        // the operator pushes the switch 10 times
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("operator");
                    ev.kernel().yield("push");
                    Map<String, Object> heap = ev.heap();
                    heap.put("pushes", 0);
                })
                .on("push", ev -> {
                    Map<String, Object> heap = ev.heap();
                    heap.merge("pushes", 1, (a, b) -> (Integer) a + (Integer) b);
                    ev.kernel().post("switch", "pushed");
                })
                .on("visibility", ev -> {
                    Map<String, Object> heap = ev.heap();
                    int pushes = (Integer) heap.get("pushes");
                    int visible = ev.arg(0);
                    seen.visibility.add(pushes + ":" + visible);
                    if (pushes < 10) {
                        ev.kernel().yield("push");
                    }
                })
                .create(kernel);

        // NFA-07: the Fibonacci server
        Nfa.builder()
                .state("initial", s -> s
                        .on("start", ev -> {
                            ev.kernel().aliasSet("server");
                            Nfa.of(ev).gotoState("listen");
                        })
                        .onValue("_default", ev -> 0))
                .state("listen", s -> s
                        .on("request", ev -> {
                            Map<String, Object> rs = ev.heap();
                            rs.put("client", ev.sender());
                            Nfa.of(ev).callState("answer", "calculate", "start", ev.<Object>arg(0));
                        })
                        .on("answer", ev -> {
                            Map<String, Object> rs = ev.heap();
                            ev.kernel().post(rs.remove("client"), "fib", ev.<Object>arg(0));
                        })
                        .onValue("_default", ev -> 0))
                .state("calculate", s -> s
                        .on("start", ev -> {
                            long n = ev.arg(0);
                            if (n == 0) {
                                Nfa.of(ev).returnState(0L);
                            }
                            if (n == 1) {
                                Nfa.of(ev).returnState(1L);
                            }
                            // deferred return: this handler goes on, and "next" lands in "listen"'s _default
                            Map<String, Object> rs = ev.heap();
                            rs.put("f", new long[] {0, 1});
                            rs.put("n", 1L);
                            rs.put("target", n);
                            ev.kernel().yield("next");
                        })
                        .on("next", ev -> {
                            Map<String, Object> rs = ev.heap();
                            long[] f = (long[]) rs.get("f");
                            long n = (Long) rs.get("n") + 1;
                            rs.put("n", n);
                            rs.put("f", new long[] {f[1], f[0] + f[1]});
                            if (n == (Long) rs.get("target")) {
                                Nfa.of(ev).returnState(f[0] + f[1]);
                            } else {
                                ev.kernel().yield("next");
                            }
                        })
                        .onValue("_default", ev -> 0))
                .initialState("initial", "start")
                .spawn(kernel);

        // the Fibonacci client
        int[] test = {0};
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("client");
                    ev.kernel().yield("next_test");
                })
                .on("next_test", ev -> ev.kernel().post("server", "request", FIB[test[0]][0]))
                .on("fib", ev -> {
                    seen.fib.add(new long[] {FIB[test[0]][0], ev.<Long>arg(0)});
                    if (++test[0] < FIB.length) {
                        ev.kernel().yield("next_test");
                    }
                })
                .create(kernel);

        // NFA-02, NFA-08..NFA-11: machine-wide handlers, options, callbacks and postbacks
        Map<String, Object> dynamicRunstate = new HashMap<>();
        dynamicRunstate.put("marker", "runstate");
        Nfa.builder()
                .state("initial", s -> s
                        .on("start", ev -> {
                            Nfa m = Nfa.of(ev);
                            ev.kernel().aliasSet("dynamicstates");
                            m.gotoState("listen", "send");
                            ev.kernel().state("test_wheel_event", wev -> wev.kernel().yield("happened"));
                            // NFA-09: options
                            Object orig = m.option("default", true);
                            seen.optionReads.add(m.option("default"));
                            seen.optionReads.add(m.option("default", orig));
                            seen.optionReads.add(m.option("default"));
                            // NFA-02, NFA-11: after the deferred goto, a callback still reaches this
                            // state, a postback the next one
                            m.callback("callback").call();
                            try (Postback pb = m.postback("postback")) {
                                pb.post();
                            }
                        })
                        .onValue("_default", ev -> 0)
                        .on("callback", ev -> seen.dynamic.add("callback in initial"))
                        .on("postback", ev -> seen.dynamic.add("postback in initial")))
                .state("listen", s -> s
                        .on("send", ev -> ev.kernel().yield("test_wheel_event"))
                        .on("happened", ev -> {
                            Nfa m = Nfa.of(ev);
                            seen.dynamic.add("happened in " + m.currentState());
                            // NFA-10
                            assertSame(ev.heap(), m.runstate());
                            seen.dynamic.add("runstate " + m.<Map<String, Object>>runstate().get("marker"));
                        })
                        .on("callback", ev -> seen.dynamic.add("callback in listen"))
                        .on("postback", ev -> seen.dynamic.add("postback in listen")))
                .runstate(dynamicRunstate)
                .initialState("initial", "start")
                .spawn(kernel);

        ctx.drive();

        // NFA-03: 10 visibility reports alternate with the push count's parity
        assertEquals(10, seen.visibility.size(), seen.visibility.toString());
        for (String v : seen.visibility) {
            String[] pv = v.split(":");
            assertEquals(Integer.parseInt(pv[0]) & 1, Integer.parseInt(pv[1]), "light state after push " + pv[0]);
        }
        // NFA-04: 1 inline (no object), 5 package (the class), 5 object (the instance)
        assertEquals(java.util.Collections.singletonList(null), seen.initialObjects);
        assertEquals(5, seen.offObjects.size());
        seen.offObjects.forEach(o -> assertSame(Switch.class, o));
        assertEquals(5, seen.onObjects.size());
        seen.onObjects.forEach(o -> assertSame(self, o));
        // NFA-06
        assertEquals(1, seen.stopperEntries);
        assertFalse(seen.stopper.isAlive());
        // NFA-07
        assertEquals(FIB.length, seen.fib.size());
        for (int i = 0; i < FIB.length; i++) {
            assertEquals(FIB[i][1], seen.fib.get(i)[1], "fib(" + FIB[i][0] + ")");
        }
        // NFA-08, NFA-10, NFA-11, NFA-02
        assertEquals(List.of("callback in initial", "postback in listen", "happened in listen", "runstate runstate"),
                seen.dynamic);
        // NFA-09
        assertEquals(true, seen.optionReads.get(0));
        assertEquals(true, seen.optionReads.get(1));
        assertNull(seen.optionReads.get(2));
        assertEquals(0, kernel.sessionCount());
    }
}
