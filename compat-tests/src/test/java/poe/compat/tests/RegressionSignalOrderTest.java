package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * PTL z_kogman_sig_order: signal propagation, terminal signals and stop order. P is the
 * parent, C the child, G the grandchild. The expected logs are the ones POE 1.370 prints
 * for the same programs. The child's timer only has to fire after the signal P sends at the
 * end of its _start: 1 s (not PTL's 0.1 s), as a handler may be descheduled for longer than
 * 0.1 s on a loaded machine and the timer would then rightly come first.
 */
class RegressionSignalOrderTest {

    private final List<String> log = new ArrayList<>();

    /** What one session of a scenario does in its _start. */
    private record Plan(boolean sigFoo, boolean sigTerm, String send, double delay, Runnable child) {
        static Plan of() {
            return new Plan(false, false, null, 0, null);
        }

        Plan watchFoo() {
            return new Plan(true, sigTerm, send, delay, child);
        }

        Plan watchTerm() {
            return new Plan(sigFoo, true, send, delay, child);
        }

        Plan sendSelf(String signal) {
            return new Plan(sigFoo, sigTerm, signal, delay, child);
        }

        Plan timer(double seconds) {
            return new Plan(sigFoo, sigTerm, send, seconds, child);
        }

        Plan child(Runnable create) {
            return new Plan(sigFoo, sigTerm, send, delay, create);
        }
    }

    private void session(Kernel k, String name, Plan plan) {
        Session.builder()
                .on("_start", ev -> {
                    log.add("enter_start " + name);
                    if (plan.sigFoo) {
                        ev.kernel().sig("foo", "foo");
                    }
                    if (plan.sigTerm) {
                        ev.kernel().sig("TERM", "TERM");
                    }
                    if (plan.child != null) {
                        plan.child.run();
                    }
                    if (plan.send != null) {
                        ev.kernel().signal(ev.session(), plan.send);
                    }
                    if (plan.delay > 0) {
                        ev.kernel().delay("bar", plan.delay);
                    }
                    log.add("leave_start " + name);
                })
                .on("_child", ev -> log.add("child " + name))
                .on("_stop", ev -> log.add("stop " + name))
                .on("foo", ev -> log.add("foo " + name))
                .on("_default", ev -> log.add("default " + name + " " + ev.arg(0)))
                .create(k);
    }

    private void check(ScenarioContext ctx, String expected) {
        ctx.drive();
        assertEquals(expected, String.join(", ", log));
    }

    /** ZKSO-01: a queued signal to oneself arrives after _start; watching keeps nobody alive. */
    @LoopTest
    void zkso01_signalToSelfIsQueued(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        session(k, "P", Plan.of().watchFoo().sendSelf("foo"));
        check(ctx, "enter_start P, leave_start P, foo P, stop P");
    }

    /** ZKSO-02: only registered sessions get a signal, even with a handler of that name; _child order. */
    @LoopTest
    void zkso02_onlyWatchersReceive(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        session(k, "P", Plan.of().watchFoo().sendSelf("foo").child(() -> session(k, "C", Plan.of().timer(1))));
        check(ctx, "enter_start P, enter_start C, leave_start C, child P, leave_start P, foo P, default C bar,"
                + " stop C, child P, stop P");
    }

    /** ZKSO-03: descendants get the signal before the target. */
    @LoopTest
    void zkso03_descendantsFirst(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        session(k, "P", Plan.of().watchFoo().sendSelf("foo")
                .child(() -> session(k, "C", Plan.of().watchFoo().timer(1))));
        check(ctx, "enter_start P, enter_start C, leave_start C, child P, leave_start P, foo C, foo P,"
                + " default C bar, stop C, child P, stop P");
    }

    /** ZKSO-04: a terminal signal that lands in _default is not handled: both stop at once. */
    @LoopTest
    void zkso04_defaultDoesNotHandle(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        session(k, "P", Plan.of().watchTerm().sendSelf("TERM")
                .child(() -> session(k, "C", Plan.of().watchTerm().timer(1))));
        check(ctx, "enter_start P, enter_start C, leave_start C, child P, leave_start P, default C TERM,"
                + " default P TERM, stop C, child P, stop P");
    }

    /** ZKSO-05: an unwatched terminal signal stops the whole subtree, child first. */
    @LoopTest
    void zkso05_unwatchedTerminalStopsTheSubtree(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        session(k, "P", Plan.of().sendSelf("TERM").child(() -> session(k, "C", Plan.of().timer(1))));
        check(ctx, "enter_start P, enter_start C, leave_start C, child P, leave_start P, stop C, child P, stop P");
    }

    /** ZKSO-06: three levels, only C watches TERM (no handler): everything stops bottom-up. */
    @LoopTest
    void zkso06_threeLevelsOneWatcher(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        session(k, "P", Plan.of().sendSelf("TERM").child(() -> session(k, "C", Plan.of().watchTerm()
                .child(() -> session(k, "G", Plan.of().timer(1))))));
        check(ctx, "enter_start P, enter_start C, enter_start G, leave_start G, child C, leave_start C, child P,"
                + " leave_start P, default C TERM, stop G, child C, stop C, child P, stop P");
    }

    /** ZKSO-07: three levels, nobody watches: bottom-up, each parent gets _child(lose) first. */
    @LoopTest
    void zkso07_threeLevelsNoWatcher(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        session(k, "P", Plan.of().sendSelf("TERM").child(() -> session(k, "C", Plan.of()
                .child(() -> session(k, "G", Plan.of().timer(1))))));
        check(ctx, "enter_start P, enter_start C, enter_start G, leave_start G, child C, leave_start C, child P,"
                + " leave_start P, stop G, child C, stop C, child P, stop P");
    }
}
