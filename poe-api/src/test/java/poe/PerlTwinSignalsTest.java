package poe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static poe.SignalsTrace.states;

import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signal delivery, IDLE and ZOMBIE, checked against real POE 1.370: each expected trace is
 * what the same program printed under perl.
 */
class PerlTwinSignalsTest {

    private static Consumer<Kernel> mode(boolean slices) {
        return slices ? SignalsTrace::slices : Kernel::run;
    }

    private int n;

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void idleHandledWithoutNewWorkIsFollowedByZombie(boolean slices) {
        // F
        SignalsTrace t = new SignalsTrace();
        Session.builder()
                .on("_start", ev -> {
                    t.add("start A");
                    ev.kernel().aliasSet("a");
                    ev.kernel().sig("IDLE", "idle");
                    ev.kernel().sig("ZOMBIE", "zombie");
                })
                .on("idle", ev -> {
                    t.add("idle");
                    ev.kernel().sigHandled();
                })
                .on("zombie", ev -> {
                    t.add("zombie");
                    ev.kernel().sigHandled();
                })
                .on("_stop", ev -> t.add("stop A"))
                .create(t.kernel);
        assertEquals("start A, idle, zombie, stop A | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void idleThatMakesWorkKeepsTheProgramGoing(boolean slices) {
        // F2
        SignalsTrace t = new SignalsTrace();
        n = 0;
        Session.builder()
                .on("_start", ev -> {
                    t.add("start A");
                    ev.kernel().aliasSet("a");
                    ev.kernel().sig("IDLE", "idle");
                    ev.kernel().sig("ZOMBIE", "zombie");
                })
                .on("idle", ev -> {
                    t.add("idle");
                    if (n++ < 2) {
                        ev.kernel().yield("work");
                        ev.kernel().sigHandled();
                    }
                })
                .on("work", ev -> t.add("work"))
                .on("zombie", ev -> t.add("zombie"))
                .on("_stop", ev -> t.add("stop A"))
                .create(t.kernel);
        assertEquals("start A, idle, work, idle, work, idle, stop A | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void idleStopsAliasedSessionsBottomUp(boolean slices) {
        // F3
        SignalsTrace t = new SignalsTrace();
        t.ses("A", ev -> {
            ev.kernel().aliasSet("a");
            t.ses("B", ev2 -> ev2.kernel().aliasSet("b"));
        });
        assertEquals("start A, start B, child A create, stop B, child A lose, stop A | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void idleNotHandledStopsEvenIfTheHandlerMadeWork(boolean slices) {
        // F4
        SignalsTrace t = new SignalsTrace();
        n = 0;
        t.ses("A", ev -> {
            ev.kernel().aliasSet("a");
            ev.kernel().sig("IDLE", "idle");
        }, states("idle", ev -> {
            t.add("idle");
            if (n++ < 1) {
                ev.kernel().delay("work", 0.1);
            }
        }, "work", ev -> t.add("work")));
        assertEquals("start A, idle, stop A | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void idleHandledWithoutZombieWatcherStillEnds(boolean slices) {
        // F5
        SignalsTrace t = new SignalsTrace();
        t.ses("A", ev -> {
            ev.kernel().aliasSet("a");
            ev.kernel().sig("IDLE", "idle");
        }, states("idle", ev -> {
            t.add("idle");
            ev.kernel().sigHandled();
        }));
        assertEquals("start A, idle, stop A | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void signalToAnUnknownSessionIsFalse(boolean slices) {
        // S
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            t.add("ret=" + ev.kernel().signal("nosuch", "foo"));
            t.add("ret=" + ev.kernel().signal(ev.kernel(), "foo"));
        });
        assertEquals("start P, ret=false, ret=true, stop P | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void handlersGetTheNameThenTheSignalsArgsThenTheWatchersFromTheKernel(boolean slices) {
        // T
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            ev.kernel().sig("foo", "foo", "e1");
            ev.kernel().signal(ev.session(), "foo", "a1", "a2");
        }, states("foo", ev -> t.add("foo " + String.join("|", ev.args().stream().map(String::valueOf).toList())
                + " sender=" + (ev.sender() == ev.kernel() ? "K" : "S"))));
        assertEquals("start P, foo foo|a1|a2|e1 sender=K, stop P | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void aSignalToTheKernelReachesEveryTreeChildrenFirst(boolean slices) {
        // U: POE visits the kernel's children in hash order; within a tree, children first.
        // (Each session has a short timer: in POE a session with nothing to do lives until the
        // end of the first dispatch batch, here until its first GC check; see the report.)
        SignalsTrace t = new SignalsTrace();
        for (String name : new String[] {"A", "B"}) {
            t.ses(name, ev -> {
                ev.kernel().sig("foo", "foo");
                ev.kernel().delay("t", 0.05);
                t.ses(name + ".c", ev2 -> {
                    ev2.kernel().sig("foo", "foo");
                    ev2.kernel().delay("t", 0.05);
                }, states("foo", ev2 -> t.add("foo " + name + ".c")));
            }, states("foo", ev -> t.add("foo " + name)));
        }
        t.kernel.signal(t.kernel, "foo");
        String out = t.run(mode(slices));
        assertTrue(out.startsWith("start A, start A.c, child A create, start B, start B.c, child B create, "), out);
        for (String name : new String[] {"A", "B"}) {
            assertTrue(out.indexOf("foo " + name + ".c") < out.indexOf("foo " + name + ","), out);
            assertTrue(out.indexOf("foo " + name + ",") < out.indexOf("stop " + name + ".c"), out);
        }
        assertTrue(out.endsWith(" | died=[]"), out);
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void registeringAgainReplacesAndRemovingStopsDelivery(boolean slices) {
        // V
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            ev.kernel().sig("foo", "foo1");
            ev.kernel().sig("foo", "foo2");
            ev.kernel().signal(ev.session(), "foo");
            ev.kernel().yield("x");
        }, states("foo1", ev -> t.add("foo1"), "foo2", ev -> {
            t.add("foo2");
            ev.kernel().sig("foo");
            ev.kernel().signal(ev.session(), "foo");
        }, "x", ev -> t.add("x")));
        assertEquals("start P, foo2, x, stop P | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void aSignalToAChildDoesNotReachItsParent(boolean slices) {
        // W
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            ev.kernel().sig("TERM", "term");
            Session c = t.ses("C", ev2 -> ev2.kernel().delay("t", 0.3), states("t", ev2 -> t.add("t C")));
            ev.kernel().signal(c, "TERM");
            ev.kernel().delay("t", 0.1);
        }, states("term", ev -> t.add("term P"), "t", ev -> t.add("t P")));
        assertEquals("start P, start C, child P create, stop C, child P lose, t P, stop P | died=[]",
                t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void sigHandledOutsideASignalDoesNothing(boolean slices) {
        // X
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> ev.kernel().sigHandled());
        assertEquals("start P, stop P | died=[]", t.run(mode(slices)));
        assertFalse(t.kernel.runOneTimeslice());
    }
}
