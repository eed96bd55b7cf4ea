package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** PTL k_signals: blanket CHLD, nested sessions and IDLE, USR1/PIPE to self. */
class KernelSignalsTest {

    private static final int FORK_COUNT = 8;

    /**
     * KSIG-01/02: a session watching CHLD starts 8 helper processes (M-FORK: {@code sh}
     * instead of fork, told to the kernel with watchProcess: M-PROC), waits for their
     * "ready" lines, kills them all (destroy: SIGTERM) and gets CHLD exactly once each, with
     * nothing more within a 0.5 s settle; then it removes the watcher. CHLD alone keeps
     * nobody alive: the session lives on its own timers.
     */
    @LoopTest(timeoutSeconds = 60)
    void ksig01_blanketChldOncePerChild(ScenarioContext ctx) {
        SignalTestSupport.assumePosix();
        List<Process> forked = new ArrayList<>();
        Set<Long> reapedPids = new HashSet<>();
        List<Integer> statuses = new ArrayList<>();
        AtomicInteger killed = new AtomicInteger();
        AtomicInteger extra = new AtomicInteger();
        List<String> log = new ArrayList<>();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().sig("CHLD", "catch_sigchld");
                        for (int i = 0; i < FORK_COUNT; i++) {
                            Process p = SignalTestSupport.sh("echo ready; exec sleep 3600");
                            forked.add(p);
                            ev.kernel().watchProcess(p);
                        }
                        // bad form, as in PTL: block until every child checked in
                        for (Process p : forked) {
                            assertEquals("ready", SignalTestSupport.readLine(p));
                        }
                        ev.kernel().delay("forking_time_is_up", 0.05);
                    })
                    .on("forking_time_is_up", ev -> {
                        for (Process p : forked) {
                            p.destroy();
                            killed.incrementAndGet();
                        }
                        ev.kernel().delay("reaping_time_is_up", 30);
                    })
                    .on("catch_sigchld", ev -> {
                        long pid = ev.arg(1);
                        if (!reapedPids.add(pid)) {
                            extra.incrementAndGet();
                        }
                        statuses.add(ev.arg(2));
                        if (reapedPids.size() == FORK_COUNT) {
                            ev.kernel().delay("reaping_time_is_up", 0.5);
                        } else if (reapedPids.size() > FORK_COUNT) {
                            extra.incrementAndGet();
                        }
                    })
                    .on("reaping_time_is_up", ev -> {
                        log.add("reaping time up");
                        ev.kernel().sig("CHLD");
                    })
                    .on("_stop", ev -> log.add("stop"))
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            SignalTestSupport.cleanUp(ctx, forked);
        }
        assertEquals(FORK_COUNT, forked.size(), "forked");
        assertEquals(FORK_COUNT, killed.get(), "killed");
        Set<Long> pids = new HashSet<>();
        forked.forEach(p -> pids.add(p.pid()));
        assertEquals(pids, reapedPids, "CHLD once per child, with its pid");
        assertEquals(0, extra.get(), "no extra CHLD");
        assertEquals(FORK_COUNT, statuses.size());
        for (int status : statuses) {
            assertEquals(143, status, "exit code of a process ended by SIGTERM (128 + 15): " + statuses);
        }
        assertEquals(List.of("reaping time up", "stop"), log);
    }

    /**
     * KSIG-03 (mstevens): a session creates an aliased child ("server") and posts it
     * do_thing; the server posts thing_done back to SENDER. Then the aliased child is idle:
     * IDLE ends it and run() returns, no hang.
     */
    @LoopTest
    void ksig03_nestedSessionsAndIdle(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    Session.builder()
                            .on("_start", ev2 -> ev2.kernel().aliasSet("server"))
                            .on("do_thing", ev2 -> {
                                log.add("do_thing " + ev2.arg(0));
                                ev2.kernel().post(ev2.sender(), "thing_done", (Object) ev2.arg(0));
                            })
                            .on("_child", ev2 -> { })
                            .on("_stop", ev2 -> log.add("server stop"))
                            .create(ev.kernel());
                    ev.kernel().post("server", "do_thing", 1);
                })
                .on("thing_done", ev -> log.add("thing_done " + ev.arg(0)))
                .on("_child", ev -> { })
                .on("_stop", ev -> log.add("client stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("do_thing 1", "thing_done 1", "server stop", "client stop"), log);
    }

    /**
     * KSIG-04: watches USR1 and PIPE, then sends both to its own process: USR1 as a real OS
     * signal ({@code kill -USR1} to this JVM, hooked while watched), PIPE through
     * {@code signal(kernel, "PIPE")} (M-SIG: the JVM keeps SIGPIPE). Each handler runs
     * exactly once; a 1 s timeout, shortened to 0.1 s once both arrived, removes the
     * watchers.
     */
    @LoopTest
    void ksig04_usr1AndPipeToSelf(ScenarioContext ctx) {
        SignalTestSupport.assumePosix();
        AtomicInteger usr1 = new AtomicInteger();
        AtomicInteger pipe = new AtomicInteger();
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("USR1", "got_usr1");
                    ev.kernel().sig("PIPE", "got_pipe");
                    ev.kernel().yield("send_signals");
                })
                .on("send_signals", ev -> {
                    log.add("kill USR1 " + SignalTestSupport.kill("USR1", SignalTestSupport.ownPid()));
                    log.add("signal PIPE " + ev.kernel().signal(ev.kernel(), "PIPE"));
                    ev.kernel().delay("wait_for_signals", 10);
                })
                .on("got_usr1", ev -> {
                    usr1.incrementAndGet();
                    shortenWait(ev.kernel(), usr1, pipe);
                })
                .on("got_pipe", ev -> {
                    pipe.incrementAndGet();
                    shortenWait(ev.kernel(), usr1, pipe);
                })
                .on("wait_for_signals", ev -> {
                    ev.kernel().sig("USR1");
                    ev.kernel().sig("PIPE");
                })
                .on("_stop", ev -> { })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("kill USR1 true", "signal PIPE true"), log);
        assertEquals(1, usr1.get(), "caught SIGUSR1");
        assertEquals(1, pipe.get(), "caught SIGPIPE");
    }

    private static void shortenWait(Kernel kernel, AtomicInteger usr1, AtomicInteger pipe) {
        if (usr1.get() > 0 && pipe.get() > 0) {
            kernel.delay("wait_for_signals", 0.1);
        }
    }

    /** KSIG-05: delay() called from a helper method affects the active session's timers. */
    @LoopTest
    void ksig05_delayFromAHelperActsOnTheActiveSession(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> setTimer(ev.kernel()))
                .on("fired", ev -> log.add("fired in " + ev.session().id()))
                .on("_stop", ev -> log.add("stop " + ev.session().id()))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("fired in "), log.toString());
        assertEquals(log.get(0).substring("fired in ".length()), log.get(1).substring("stop ".length()));
    }

    private static void setTimer(Kernel kernel) {
        kernel.delay("fired", 0.01);
    }
}
