package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** PTL z_steinert_signal_integrity: arguments survive nested signal dispatch. */
class RegressionNestedSignalArgsTest {

    /**
     * ZSSI-01/02: parent and child (made in the parent's _start) both watch MOO; MOO with 99
     * is sent to the kernel before it runs. Both handlers get ARG0 = MOO and ARG1 = 99 (the
     * first handler does not consume them); application signal names are benign; each
     * session removes its watcher on a timeout and both end.
     */
    @LoopTest
    void zssi_bothWatchersGetTheArguments(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        int[] count = {0};
        startSession(kernel, log, count);
        kernel.signal(kernel, "MOO", 99);
        ctx.drive();
        assertEquals(2, log.stream().filter(s -> s.startsWith("MOO")).count(), log.toString());
        for (String entry : log.subList(0, 2)) {
            assertEquals("MOO 99 args=2", entry);
        }
        // per session: the timeout, then the stop (how the two sessions interleave depends on
        // when the kernel sweeps: POE stops both after the batch that fired both timers)
        List<String> rest = log.subList(2, log.size());
        assertEquals(4, rest.size(), log.toString());
        for (int n = 1; n <= 2; n++) {
            assertTrue(rest.contains("timed_out " + n), log.toString());
            assertTrue(rest.indexOf("timed_out " + n) < rest.indexOf("stop " + n), log.toString());
        }
    }

    private static void startSession(Kernel kernel, List<String> log, int[] count) {
        int n = ++count[0];
        Session.builder()
                .on("_start", ev -> {
                    if (count[0] < 2) {
                        startSession(ev.kernel(), log, count);
                    }
                    ev.kernel().sig("MOO", "got_signal");
                    ev.kernel().delay("timed_out", 0.25);
                })
                .on("got_signal", ev -> log.add(ev.arg(0) + " " + ev.arg(1) + " args=" + ev.argCount()))
                .on("timed_out", ev -> {
                    log.add("timed_out " + n);
                    ev.kernel().sig("MOO");
                })
                .on("_child", ev -> { })
                .on("_stop", ev -> log.add("stop " + n))
                .create(kernel);
    }
}
