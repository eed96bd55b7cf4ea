package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * PTL z_rt39872_sigchld_stop: a parent kept alive by refcounts and then only by its
 * {@code sigChild} watcher. The forked children that keep running the kernel are N/A
 * (M-FORK); helper processes that exit on SIGUSR1 stand in for them (ZR39S-01 N/A).
 */
class RegressionSigChildKeepsAliveTest {

    private static final String CHILD = "trap 'exit 0' USR1; echo ready; while :; do sleep 0.05; done";

    /** ZR39S-02/03. */
    @LoopTest(timeoutSeconds = 60)
    void zr39s_sigChildAloneKeepsTheParentAlive(ScenarioContext ctx) {
        SignalTestSupport.assumePosix();
        List<String> log = new ArrayList<>();
        List<Process> started = new ArrayList<>();
        Map<String, Process> children = new HashMap<>();
        Map<Long, String> pid2N = new HashMap<>();
        Map<String, Boolean> closing = new HashMap<>();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().aliasSet("worker");
                        ev.kernel().yield("work");
                    })
                    .on("work", ev -> {
                        for (String name : new String[] {"T1", "T2"}) {
                            Process p = SignalTestSupport.sh(CHILD);
                            started.add(p);
                            children.put(name, p);
                            pid2N.put(p.pid(), name);
                            ev.kernel().sigChild(p, "sig_CHLD");
                            ev.kernel().refcountIncrement(ev.session().id(), name);
                        }
                        for (Process p : started) {
                            assertEquals("ready", SignalTestSupport.readLine(p));
                        }
                        ev.kernel().delayAdd("parent", 0.3);
                    })
                    .on("parent", ev -> {
                        log.add("kill USR1 T1 " + SignalTestSupport.kill("USR1", children.get("T1").pid()));
                        closing.put("T1", true);
                    })
                    .on("sig_CHLD", ev -> {
                        String name = pid2N.remove(ev.<Long>arg(1));
                        log.add("sig_child " + name + " status " + ev.arg(2) + " closing "
                                + closing.getOrDefault(name, false));
                        if ("T1".equals(name)) {
                            ev.kernel().refcountDecrement(ev.session().id(), name);
                            ev.kernel().yield("done");
                        }
                    })
                    .on("done", ev -> {
                        ev.kernel().aliasRemove("worker");
                        log.add("one child left " + pid2N.values());
                        for (long pid : pid2N.keySet()) {
                            log.add("kill USR1 " + pid2N.get(pid) + " " + SignalTestSupport.kill("USR1", pid));
                        }
                        // the last refcount goes: only the sigChild watcher keeps the session now
                        ev.kernel().refcountDecrement(ev.session().id(), "T2");
                        log.add("alive " + ev.session().isAlive());
                    })
                    .on("_stop", ev -> log.add("stop"))
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            SignalTestSupport.cleanUp(ctx, started);
        }
        assertEquals(List.of(
                "kill USR1 T1 true",
                "sig_child T1 status 0 closing true",
                "one child left [T2]",
                "kill USR1 T2 true",
                "alive true",
                "sig_child T2 status 0 closing false",
                "stop"), log);
    }
}
