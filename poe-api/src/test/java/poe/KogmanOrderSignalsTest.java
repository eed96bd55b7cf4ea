package poe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * z_kogman_sig_order against the traces real POE 1.370 prints for the same programs
 * (the expected strings below were produced by perl with POE 1.370).
 */
class KogmanOrderSignalsTest {

    private final List<String> log = new ArrayList<>();

    private record Opts(boolean sigFoo, boolean sigTerm, String send, double delay, Runnable child) {
    }

    private Session mk(Kernel k, String name, Opts o) {
        return Session.builder()
                .on("_start", ev -> {
                    log.add("enter_start " + name);
                    if (o.sigFoo) {
                        ev.kernel().sig("foo", "foo");
                    }
                    if (o.sigTerm) {
                        ev.kernel().sig("TERM", "TERM");
                    }
                    if (o.child != null) {
                        o.child.run();
                    }
                    if (o.send != null) {
                        ev.kernel().signal(ev.session(), o.send);
                    }
                    if (o.delay > 0) {
                        ev.kernel().delay("bar", o.delay);
                    }
                    log.add("leave_start " + name);
                })
                .on("_child", ev -> log.add("child " + name + " " + ev.arg(0)))
                .on("_stop", ev -> log.add("stop " + name))
                .on("foo", ev -> log.add("foo " + name))
                .on("_default", ev -> log.add("default " + name + " " + ev.arg(0)))
                .create(k);
    }

    private String run(java.util.function.Consumer<Kernel> setup) {
        log.clear();
        Kernel k = SignalsTestLoop.kernel();
        setup.accept(k);
        k.run();
        k.close();
        return String.join(", ", log);
    }

    @Test
    void scenarios() {
        assertEquals("enter_start P, leave_start P, foo P, stop P",
                run(k -> mk(k, "P", new Opts(true, false, "foo", 0, null))));
        assertEquals("enter_start P, enter_start C, leave_start C, child P create, leave_start P, foo P, default C bar,"
                        + " stop C, child P lose, stop P",
                run(k -> mk(k, "P", new Opts(true, false, "foo", 0,
                        () -> mk(k, "C", new Opts(false, false, null, 0.1, null))))));
        assertEquals("enter_start P, enter_start C, leave_start C, child P create, leave_start P, foo C, foo P,"
                        + " default C bar, stop C, child P lose, stop P",
                run(k -> mk(k, "P", new Opts(true, false, "foo", 0,
                        () -> mk(k, "C", new Opts(true, false, null, 0.1, null))))));
        assertEquals("enter_start P, enter_start C, leave_start C, child P create, leave_start P, default C TERM,"
                        + " default P TERM, stop C, child P lose, stop P",
                run(k -> mk(k, "P", new Opts(false, true, "TERM", 0,
                        () -> mk(k, "C", new Opts(false, true, null, 1, null))))));
        assertEquals("enter_start P, enter_start C, leave_start C, child P create, leave_start P, stop C, child P lose,"
                        + " stop P",
                run(k -> mk(k, "P", new Opts(false, false, "TERM", 0,
                        () -> mk(k, "C", new Opts(false, false, null, 1, null))))));
        assertEquals("enter_start P, enter_start C, enter_start G, leave_start G, child C create, leave_start C,"
                        + " child P create, leave_start P, default C TERM, stop G, child C lose, stop C, child P lose,"
                        + " stop P",
                run(k -> mk(k, "P", new Opts(false, false, "TERM", 0,
                        () -> mk(k, "C", new Opts(false, true, null, 0,
                                () -> mk(k, "G", new Opts(false, false, null, 1, null))))))));
        assertEquals("enter_start P, enter_start C, enter_start G, leave_start G, child C create, leave_start C,"
                        + " child P create, leave_start P, stop G, child C lose, stop C, child P lose, stop P",
                run(k -> mk(k, "P", new Opts(false, false, "TERM", 0,
                        () -> mk(k, "C", new Opts(false, false, null, 0,
                                () -> mk(k, "G", new Opts(false, false, null, 1, null))))))));
    }
}
