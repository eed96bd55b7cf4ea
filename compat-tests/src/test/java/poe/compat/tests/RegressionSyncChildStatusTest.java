package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * PTL z_merijn_sigchld_system: a blocking child process inside a handler keeps its exit
 * status, whatever the kernel's CHLD watching; the kernel reaps nothing it was not told
 * about.
 */
class RegressionSyncChildStatusTest {

    /** ZMSS-01/02. */
    @LoopTest
    void zmss_blockingChildKeepsItsStatus(ScenarioContext ctx) throws Exception {
        SignalTestSupport.assumePosix();
        List<String> log = new ArrayList<>();
        AtomicInteger chld = new AtomicInteger();
        Session.builder()
                .on("_start", ev -> {
                    log.add("before sig: " + system());
                    ev.kernel().sig("CHLD", "chld");
                    log.add("with sig: " + system());
                    ev.kernel().sig("CHLD");
                    log.add("after sig: " + system());
                    ev.kernel().sig("CHLD", "chld");
                    ev.kernel().delay("done", 0.3);
                })
                .on("done", ev -> {
                    log.add("during run: " + system());
                    ev.kernel().delay("really_done", 0.3);
                })
                .on("really_done", ev -> ev.kernel().sig("CHLD"))
                .on("chld", ev -> chld.incrementAndGet())
                .on("_stop", ev -> { })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("before sig: 0", "with sig: 0", "after sig: 0", "during run: 0"), log);
        assertEquals(0, chld.get(), "ZMSS-02: CHLD never runs for processes the kernel was not told about");
        assertEquals(0, Integer.parseInt(system()), "after run()");
    }

    private static String system() throws IOException, InterruptedException {
        return Integer.toString(new ProcessBuilder("true").start().waitFor());
    }
}
