package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.SessionBuilder;
import poe.Target;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** POE::Test::Loops k_detach (KDET-01 .. KDET-08). */
class KernelDetachTest {

    /** Results live outside session heaps (KDET-08). */
    private static final class Trace {
        final StringBuilder text = new StringBuilder();
        final List<String> entries = new ArrayList<>();
        final List<String> checks = new ArrayList<>();

        void add(String entry) {
            text.append(entry);
            entries.add(entry);
        }

        String take() {
            String s = text.toString();
            text.setLength(0);
            entries.clear();
            return s;
        }
    }

    private static String nameOf(EventContext ev, Object who) {
        if (who instanceof Kernel) {
            return "kernel";
        }
        return String.valueOf(ev.kernel().call(who, "get_alias"));
    }

    private static SessionBuilder node(Trace trace, String alias) {
        return Session.builder()
                .onValue("get_alias", ev -> alias)
                .on("_child", ev -> trace.add("(c " + alias + " " + ev.arg(0) + " " + nameOf(ev, ev.arg(1)) + ")"))
                .on("_parent", ev -> {
                    Target newParent = ev.arg(1);
                    if (newParent instanceof Kernel) {                                   // KDET-06
                        trace.checks.add("new parent of " + alias + " is the kernel");
                    }
                    trace.add("(p " + alias + " " + nameOf(ev, ev.arg(0)) + " " + nameOf(ev, newParent) + ")");
                })
                .on("detach_self", ev -> ev.kernel().detachMyself())
                .on("detach_child", ev -> ev.kernel().detachChild(ev.<String>arg(0)));
    }

    @LoopTest
    void detachMyselfAndDetachChild(ScenarioContext ctx) {
        Trace trace = new Trace();
        List<String> results = new ArrayList<>();
        node(trace, "main")
                .on("_start", ev -> {
                    ev.kernel().aliasSet("main");
                    ev.kernel().yield("spawn_children");
                    ev.kernel().delay("run_tests", 0.2);
                })
                .on("spawn_children", ev -> {
                    for (int i = 1; i <= 3; i++) {
                        String a = String.valueOf(i);
                        node(trace, a)
                                .on("_start", c -> {
                                    c.kernel().aliasSet(a);
                                    c.kernel().yield("spawn_grandchildren");
                                })
                                .on("spawn_grandchildren", c -> {
                                    for (int j = 1; j <= 3; j++) {
                                        String g = "a" + a + "_" + j;
                                        node(trace, g).on("_start", gc -> gc.kernel().aliasSet(g)).create(c.kernel());
                                    }
                                })
                                .create(ev.kernel());
                    }
                })
                .on("run_tests", ev -> {
                    Kernel k = ev.kernel();
                    trace.take();
                    for (int i = 1; i <= 3; i++) {                                    // KDET-01, -02
                        k.call("a" + i + "_1", "detach_self");
                        results.add(trace.take());
                    }
                    for (int i = 1; i <= 3; i++) {                                    // KDET-03
                        k.call(String.valueOf(i), "detach_child", "a" + i + "_2");
                        results.add(trace.take());
                    }
                    k.call("1", "detach_self");                                      // KDET-04
                    results.add(trace.take());
                    k.detachChild("2");                                              // KDET-05 (not reset)
                    results.add(trace.text.toString());
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of(
                "(c 1 lose a1_1)(p a1_1 1 kernel)",
                "(c 2 lose a2_1)(p a2_1 2 kernel)",
                "(c 3 lose a3_1)(p a3_1 3 kernel)",
                "(c 1 lose a1_2)(p a1_2 1 kernel)",
                "(c 2 lose a2_2)(p a2_2 2 kernel)",
                "(c 3 lose a3_2)(p a3_2 3 kernel)",
                "(c main lose 1)(p 1 main kernel)",
                "(c main lose 2)(p 2 main kernel)"), results);
        List<String> teardown = new ArrayList<>(trace.entries);                       // KDET-07
        teardown.sort(null);
        assertEquals(List.of("(c 1 lose a1_3)", "(c 2 lose a2_3)", "(c 3 lose a3_3)", "(c main lose 2)",
                "(c main lose 3)", "(p 2 main kernel)"), teardown);
        assertEquals(8, trace.checks.size(), trace.checks::toString);
    }
}
