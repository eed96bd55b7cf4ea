package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * PTL k_sig_child: per-pid {@code sigChild} watchers. A forker starts 8 helper processes
 * (M-FORK: {@code sh}), watches each with {@code sigChild} and posts the pid to an aliased
 * catcher, which watches the pid too and also has a blanket CHLD watcher.
 */
class KernelSigChildTest {

    private static final int FORK_COUNT = 8;

    /** KSC-01..05. */
    @LoopTest(timeoutSeconds = 60)
    void ksc_perPidWatchersFireOnceAndKeepTheCatcherAlive(ScenarioContext ctx) {
        SignalTestSupport.assumePosix();
        List<Process> forked = new ArrayList<>();
        Set<Long> catcherPids = new HashSet<>();
        List<String> catcherLog = new ArrayList<>();
        int[] catcher = new int[3]; // watched, caught, caught_sigchld
        int[] forker = new int[3]; // forked, reaped, killed
        List<Integer> statuses = new ArrayList<>();
        try {
            Session.builder()
                    .on("_start", ev -> ev.kernel().aliasSet("catcher"))
                    .on("catch", ev -> {
                        long pid = ev.arg(0);
                        // KSC-03: registering the same CHLD watcher again replaces it
                        ev.kernel().sig("CHLD", "got_sigchld");
                        ev.kernel().sigChild(pid, "got_chld");
                        catcherPids.add(pid);
                        catcher[0]++;
                    })
                    .on("got_chld", ev -> {
                        long pid = ev.arg(1);
                        catcherLog.add((catcherPids.remove(pid) ? "caught " : "unwatched ") + ev.arg(0));
                        statuses.add(ev.arg(2));
                        catcher[1]++;
                    })
                    .on("got_sigchld", ev -> catcher[2]++)
                    .on("_stop", ev -> catcherLog.add("stop"))
                    .create(ctx.kernel());
            Session.builder()
                    .on("_start", ev -> {
                        for (int i = 0; i < FORK_COUNT; i++) {
                            Process p = SignalTestSupport.sh("echo ready; exec sleep 3600");
                            forked.add(p);
                            forker[0]++;
                            ev.kernel().sigChild(p, "catch_sigchld");
                            ev.kernel().post("catcher", "catch", p.pid());
                        }
                        for (Process p : forked) {
                            assertEquals("ready", SignalTestSupport.readLine(p));
                        }
                        ev.kernel().yield("forking_time_is_up");
                    })
                    .on("catch_sigchld", ev -> {
                        if (++forker[1] >= FORK_COUNT) {
                            ev.kernel().delay("reaping_time_is_up", 0.5);
                        }
                    })
                    .on("forking_time_is_up", ev -> {
                        for (Process p : forked) {
                            p.destroy();
                            forker[2]++;
                        }
                        ev.kernel().delay("reaping_time_is_up", 30);
                    })
                    .on("reaping_time_is_up", ev -> { })
                    .on("_stop", ev -> { })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            SignalTestSupport.cleanUp(ctx, forked);
        }
        assertEquals(FORK_COUNT, forker[0], "forked");
        assertEquals(FORK_COUNT, forker[2], "KSC-05: killed");
        assertEquals(FORK_COUNT, forker[1], "KSC-02: the forker reaped all it forked");
        assertEquals(FORK_COUNT, catcher[0], "watched");
        assertEquals(catcher[0], catcher[1], "KSC-01/02: each watched pid caught once");
        assertEquals(catcher[0], catcher[2], "KSC-03: one CHLD signal per reaped child");
        assertTrue(catcherPids.isEmpty(), "all reaped children were watched: " + catcherPids);
        for (int status : statuses) {
            assertEquals(143, status, "the exit code of a pid watched by pid, known through the forker's Process");
        }
        assertEquals(FORK_COUNT + 1, catcherLog.size());
        assertEquals("stop", catcherLog.get(FORK_COUNT), "KSC-04: the catcher outlived its pids: " + catcherLog);
        for (String entry : catcherLog.subList(0, FORK_COUNT)) {
            assertEquals("caught CHLD", entry);
        }
    }

    /**
     * KSC-04 / K3-SIG-9: a session with only an alias and a sigChild watcher is not
     * IDLE-terminated while its child runs: IDLE comes only after the exit was delivered.
     */
    @LoopTest(timeoutSeconds = 60)
    void ksc04_aliasAndPidWatcherAloneBlockIdle(ScenarioContext ctx) {
        SignalTestSupport.assumePosix();
        List<String> log = new ArrayList<>();
        List<Process> started = new ArrayList<>();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().aliasSet("waiter");
                        ev.kernel().sig("IDLE", "idle");
                        Process p = SignalTestSupport.sh("sleep 0.3; exit 7");
                        started.add(p);
                        ev.kernel().sigChild(p, "child_exited", "extra");
                    })
                    .on("child_exited", ev -> log.add("child " + ev.arg(0) + " " + (ev.<Long>arg(1) == started.get(0).pid())
                            + " " + ev.arg(2) + " " + ev.arg(3)))
                    .on("idle", ev -> log.add("idle"))
                    .on("_stop", ev -> log.add("stop"))
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            SignalTestSupport.cleanUp(ctx, started);
        }
        assertEquals(List.of("child CHLD true 7 extra", "idle", "stop"), log);
    }
}
