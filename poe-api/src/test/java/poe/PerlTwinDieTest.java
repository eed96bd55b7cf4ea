package poe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static poe.SignalsTrace.states;

import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exceptions as DIE, checked against real POE 1.370: each expected trace is what the same
 * program printed under perl (Perl's "\n" dropped; POE's combined message
 * "first\nAdditional error thrown in handler for previous error:\nsecond" is
 * "first + second" here: the second exception is suppressed into the first).
 */
class PerlTwinDieTest {

    private static Consumer<Kernel> mode(boolean slices) {
        return slices ? SignalsTrace::slices : Kernel::run;
    }

    private static Handler die(String message) {
        return ev -> {
            throw new IllegalStateException(message);
        };
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void dieGoesDownThenUpAndIsHandledByTheParent(boolean slices) {
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            ev.kernel().sig("DIE", "die");
            t.ses("C", ev2 -> {
                ev2.kernel().sig("DIE", "die");
                t.ses("G", ev3 -> {
                    ev3.kernel().sig("DIE", "die");
                    ev3.kernel().delay("t", 0.2);
                }, states("die", ev3 -> {
                    DieInfo d = ev3.arg(1);
                    t.add("die G " + d.event() + " src=" + (d.source() == ev3.kernel() ? "K" : "S"));
                }, "t", ev3 -> t.add("t G")));
                ev2.kernel().yield("boom");
            }, states("boom", ev2 -> {
                t.add("boom C");
                throw new IllegalStateException("oops");
            }, "die", ev2 -> {
                DieInfo d = ev2.arg(1);
                t.add("die C " + d.event() + " err=" + d.message());
                t.add("from_state=" + d.fromState());
                t.add("dest=" + (d.destination() == ev2.session() ? "self" : "other"));
            }));
        }, states("die", ev -> {
            t.add("die P");
            ev.kernel().sigHandled();
        }));
        assertEquals("start P, start C, start G, child C create, child P create, boom C, die G boom src=S,"
                + " die C boom err=oops, from_state=_start, dest=self, die P, t G, stop G, child C lose, stop C,"
                + " child P lose, stop P | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void unhandledDieStopsTheTouchedSessionsThenEverythingAndRethrows(boolean slices) {
        SignalsTrace t = new SignalsTrace();
        t.ses("U", ev -> ev.kernel().delay("t", 0.5), states("t", ev -> t.add("t U")));
        t.ses("P", ev -> {
            ev.kernel().sig("DIE", "die");
            t.ses("C", ev2 -> {
                ev2.kernel().yield("boom");
                ev2.kernel().delay("t", 0.5);
            }, states("boom", ev2 -> {
                t.add("boom C");
                throw new IllegalStateException("oops");
            }, "t", ev2 -> t.add("t C")));
        }, states("die", ev -> t.add("die P")));
        assertEquals("start U, start P, start C, child P create, boom C, die P, stop C, child P lose, stop P, stop U"
                + " | died=[oops]", t.run(mode(slices)));
        // the kernel is clean and runs again
        t.log.clear();
        t.ses("again", ev -> ev.kernel().yield("x"), states("x", ev -> t.add("x")));
        assertEquals("start again, x, stop again | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void anExceptionInTheDieHandlerIsCombinedWithTheOriginal(boolean slices) {
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            ev.kernel().sig("DIE", "die");
            ev.kernel().yield("boom");
        }, states("boom", die("first"), "die", ev -> {
            t.add("die P");
            throw new IllegalStateException("second");
        }));
        assertEquals("start P, die P, stop P | died=[first + second]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void aDieHandlerThatThrowsDoesNotStopTheOtherRecipients(boolean slices) {
        // C2: the child's DIE handler throws, the parent still gets DIE and handles it; the
        // handler's own exception then ends the program (POE rethrows "second" alone)
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            ev.kernel().sig("DIE", "die");
            t.ses("C", ev2 -> {
                ev2.kernel().sig("DIE", "die");
                ev2.kernel().yield("boom");
                ev2.kernel().delay("t", 0.2);
            }, states("boom", die("first"), "die", ev2 -> {
                t.add("die C");
                throw new IllegalStateException("second");
            }, "t", ev2 -> t.add("t C")));
        }, states("die", ev -> {
            t.add("die P");
            ev.kernel().sigHandled();
        }));
        assertEquals("start P, start C, child P create, die C, die P, stop C, child P lose, stop P | died=[second]",
                t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void aDieHandlerThatThrowsWhenNobodyHandlesCombinesBoth(boolean slices) {
        // C3
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            ev.kernel().sig("DIE", "die");
            t.ses("C", ev2 -> {
                ev2.kernel().sig("DIE", "die");
                ev2.kernel().yield("boom");
                ev2.kernel().delay("t", 0.2);
            }, states("boom", die("first"), "die", ev2 -> {
                t.add("die C");
                throw new IllegalStateException("second");
            }, "t", ev2 -> t.add("t C")));
        }, states("die", ev -> t.add("die P")));
        assertEquals("start P, start C, child P create, die C, die P, stop C, child P lose, stop P"
                + " | died=[first + second]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void anExceptionInStopIsRethrownNotSignalled(boolean slices) {
        // D: POE lets U's timer fire before it stops everything (the _stop ran in a sweep
        // after the dispatch loop); Java stops everything at once. Both rethrow "in stop".
        SignalsTrace t = new SignalsTrace();
        t.ses("U", ev -> ev.kernel().delay("t", 0.5), states("t", ev -> t.add("t U")));
        t.ses("P", ev -> ev.kernel().sig("DIE", "die"), ev -> {
            throw new IllegalStateException("in stop");
        }, states("die", ev -> t.add("die P")));
        assertEquals("start U, start P, stop P, stop U | died=[in stop]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void callIntoAFailingHandlerReturnsNullAndSignalsTheCallee(boolean slices) {
        SignalsTrace t = new SignalsTrace();
        Session[] caller = new Session[1];
        t.ses("Callee", ev -> {
            ev.kernel().aliasSet("callee");
            ev.kernel().sig("DIE", "die");
        }, states("boom", ev -> {
            t.add("boom");
            throw new IllegalStateException("called");
        }, "die", ev -> {
            DieInfo d = ev.arg(1);
            t.add("die Callee " + (d.source() == caller[0] ? "from caller" : d.source()));
            ev.kernel().sigHandled();
        }));
        caller[0] = t.ses("Caller", ev -> {
            ev.kernel().sig("DIE", "die");
            ev.kernel().yield("go");
        }, states("go", ev -> {
            Object r = ev.kernel().call("callee", "boom");
            t.add("call returned " + r);
            t.add("after call");
            ev.kernel().post("callee", "bye");
        }, "die", ev -> t.add("die Caller")));
        assertEquals("start Callee, start Caller, boom, call returned null, after call, die Callee from caller,"
                + " stop Caller, stop Callee | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void anExceptionInStartOfAChildIsADieToTheChild(boolean slices) {
        // G
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            ev.kernel().sig("DIE", "die");
            t.ses("C", ev2 -> {
                t.add("C starting");
                throw new IllegalStateException("in start");
            });
            t.add("after create");
        }, states("die", ev -> {
            t.add("die P " + ((DieInfo) ev.arg(1)).event());
            ev.kernel().sigHandled();
        }));
        assertEquals("start P, start C, C starting, child P create, after create, die P _start, stop C,"
                + " child P lose, stop P | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void anExceptionInStartOutsideHandlersIsRethrownByRun(boolean slices) {
        // G2
        SignalsTrace t = new SignalsTrace();
        t.ses("P", die("in start"));
        assertEquals("start P, stop P | died=[in start]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void exceptionsInSignalAndChildHandlersBecomeDie(boolean slices) {
        // H
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            ev.kernel().sig("DIE", "die");
            ev.kernel().sig("foo", "foo");
            ev.kernel().signal(ev.session(), "foo");
        }, states("foo", ev -> {
            t.add("foo");
            throw new IllegalStateException("in foo");
        }, "die", ev -> {
            t.add("die P " + ((DieInfo) ev.arg(1)).event());
            ev.kernel().sigHandled();
        }));
        assertEquals("start P, foo, die P foo, stop P | died=[]", t.run(mode(slices)));

        // I
        SignalsTrace t2 = new SignalsTrace();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "die");
                    t2.ses("C", null);
                })
                .on("_child", ev -> {
                    t2.add("child " + ev.arg(0));
                    if ("create".equals(ev.arg(0))) {
                        throw new IllegalStateException("in child");
                    }
                })
                .on("die", ev -> {
                    t2.add("die P " + ((DieInfo) ev.arg(1)).event());
                    ev.kernel().sigHandled();
                })
                .on("_stop", ev -> t2.add("stop P"))
                .create(t2.kernel);
        assertEquals("start C, child create, die P _child, stop C, child lose, stop P | died=[]", t2.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void dieCarriesTheRecordThenTheWatchersExtraArgs(boolean slices) {
        // J
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            ev.kernel().sig("DIE", "die", "x1", "x2");
            ev.kernel().yield("boom");
        }, states("boom", die("e"), "die", ev -> {
            StringBuilder sb = new StringBuilder();
            for (Object a : ev.args()) {
                sb.append(sb.length() == 0 ? "" : "|").append(a instanceof DieInfo ? "REF" : a);
            }
            t.add("die args=" + sb);
            ev.kernel().sigHandled();
        }));
        assertEquals("start P, die args=DIE|REF|x1|x2, stop P | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void aDescendantMayHandleItsParentsDie(boolean slices) {
        // K
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            t.ses("C", ev2 -> {
                ev2.kernel().sig("DIE", "die");
                ev2.kernel().delay("t", 0.1);
            }, states("die", ev2 -> {
                t.add("die C");
                ev2.kernel().sigHandled();
            }, "t", ev2 -> t.add("t C")));
            ev.kernel().yield("boom");
        }, states("boom", die("e")));
        assertEquals("start P, start C, child P create, die C, t C, stop C, child P lose, stop P | died=[]",
                t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void unhandledDieWithoutWatchersStopsBottomUpThenTheRest(boolean slices) {
        // L: POE then stops the rest in hash order; the touched part is ordered
        SignalsTrace t = new SignalsTrace();
        t.ses("R", ev -> {
            t.ses("S1", ev2 -> ev2.kernel().delay("t", 1));
            t.ses("S2", ev2 -> {
                t.ses("S2a", ev3 -> ev3.kernel().delay("t", 1));
                ev2.kernel().yield("boom");
            }, states("boom", die("e")));
        });
        String out = t.run(mode(slices));
        assertEquals("start R, start S1, child R create, start S2, start S2a, child S2 create, child R create,"
                + " stop S2a, child S2 lose, stop S2, child R lose, stop R, stop S1 | died=[e]",
                out.replace(", parent S1", ""));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void anExceptionAfterStopInTheSameHandlerIsRethrown(boolean slices) {
        // M
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> ev.kernel().yield("go"), states("go", ev -> {
            t.add("go");
            ev.kernel().stop();
            t.add("after stop");
            throw new IllegalStateException("after stop");
        }));
        assertEquals("start P, go, stop P, after stop | died=[after stop]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void dieReachingDefaultIsStillADieHandler(boolean slices) {
        // N: sigHandled in _default counts
        SignalsTrace t = new SignalsTrace();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "nohandler");
                    ev.kernel().yield("boom");
                })
                .on("boom", die("x"))
                .on("_default", ev -> {
                    t.add("default " + ev.arg(0));
                    ev.kernel().sigHandled();
                })
                .on("_stop", ev -> t.add("stop"))
                .create(t.kernel);
        assertEquals("default nohandler, stop | died=[]", t.run(mode(slices)));

        // N2: and an exception there is combined, not signalled again
        SignalsTrace t2 = new SignalsTrace();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "nohandler");
                    ev.kernel().yield("boom");
                })
                .on("boom", die("x"))
                .on("_default", ev -> {
                    t2.add("default " + ev.arg(0));
                    if ("nohandler".equals(ev.arg(0))) {
                        throw new IllegalStateException("in default");
                    }
                })
                .on("_stop", ev -> t2.add("stop"))
                .create(t2.kernel);
        assertEquals("default nohandler, stop | died=[x + in default]", t2.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void stopReachingDefaultThatThrowsIsRethrown(boolean slices) {
        // O
        SignalsTrace t = new SignalsTrace();
        Session.builder()
                .on("_start", ev -> t.add("start"))
                .on("_default", ev -> {
                    t.add("default " + ev.arg(0));
                    throw new IllegalStateException("in default " + ev.arg(0));
                })
                .create(t.kernel);
        assertEquals("start, default _stop | died=[in default _stop]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void handledDieLetsTheSessionGoOn(boolean slices) {
        // Z
        SignalsTrace t = new SignalsTrace();
        t.ses("P", ev -> {
            ev.kernel().sig("DIE", "die");
            ev.kernel().yield("boom");
            ev.kernel().yield("after");
        }, states("boom", ev -> {
            t.add("boom");
            throw new IllegalStateException("x");
        }, "after", ev -> t.add("after"), "die", ev -> {
            t.add("die");
            ev.kernel().sigHandled();
        }));
        assertEquals("start P, boom, after, die, stop P | died=[]", t.run(mode(slices)));
    }
}
