package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * PTL k_signals_rerun: an exception thrown from {@code _stop} escapes run() as exactly
 * itself, and the kernel runs again afterwards. Eight rounds: die_on_bad_exit in {0, 1}
 * times exit in {0, 1, 0, 0}. Wheel::Run is replaced by a process told to the kernel with
 * watchProcess (M-PROC).
 */
class KernelSignalsRerunTest {

    /** The "bad exit" failure of PTL; a class of its own so that nothing else passes for it. */
    static final class BadExit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadExit() {
            super("bad exit");
        }
    }

    /** KSRR-01..05. */
    @LoopTest(timeoutSeconds = 60)
    void ksrr_exceptionFromStopEscapesRunAndTheKernelRunsAgain(ScenarioContext ctx) {
        SignalTestSupport.assumePosix();
        Kernel kernel = ctx.kernel();
        List<String> results = new ArrayList<>();
        List<Process> started = new ArrayList<>();
        try {
            for (int dieOnBadExit : new int[] {0, 1}) {
                for (int exit : new int[] {0, 1, 0, 0}) {
                    int[] status = {-99};
                    Session.builder()
                            .on("_start", ev -> Session.builder()
                                    .on("_start", ev2 -> {
                                        ev2.kernel().sig("CHLD", "sigchld_handler");
                                        Process p = SignalTestSupport.sh("exit " + exit);
                                        started.add(p);
                                        ev2.kernel().watchProcess(p);
                                        ev2.kernel().refcountIncrement(ev2.session().id(), "running_processes");
                                        pidOf.put(ev2.session().id(), p.pid());
                                    })
                                    .on("sigchld_handler", ev2 -> {
                                        long pid = ev2.arg(1);
                                        Long mine = pidOf.get(ev2.session().id());
                                        if (mine == null || mine != pid) {
                                            return;
                                        }
                                        ev2.kernel().refcountDecrement(ev2.session().id(), "running_processes");
                                        pidOf.remove(ev2.session().id());
                                        ev2.kernel().sig("CHLD");
                                        status[0] = ev2.arg(2);
                                    })
                                    .on("_parent", ev2 -> { })
                                    .on("_stop", ev2 -> {
                                        if (dieOnBadExit == 1 && status[0] != 0) {
                                            throw new BadExit();
                                        }
                                    })
                                    .create(ev.kernel()))
                            .on("_child", ev -> { })
                            .on("_parent", ev -> { })
                            .on("_stop", ev -> { })
                            .create(kernel);
                    RuntimeException thrown = null;
                    try {
                        ctx.drive();
                    } catch (RuntimeException e) {
                        thrown = e;
                    }
                    String round = "(" + dieOnBadExit + "-" + exit + ")";
                    assertEquals(exit, status[0], round + " KSRR-04: CHLD carries the exit code");
                    if (dieOnBadExit == 1 && exit != 0) {
                        // KSRR-01: exactly the original exception, not a DIE, not wrapped
                        assertNotNull(thrown, round + " died with bad exit code");
                        assertEquals(BadExit.class, thrown.getClass(), round + " error is correct");
                        assertEquals("bad exit", thrown.getMessage());
                        assertEquals(0, thrown.getSuppressed().length);
                    } else {
                        // KSRR-02/03: nothing left over from a failed round
                        assertNull(thrown, round + " no error when process exited OK");
                    }
                    assertEquals(0, kernel.sessionCount(), round + " every session stopped");
                    results.add(round + (thrown == null ? " ok" : " died"));
                }
            }
        } finally {
            SignalTestSupport.cleanUp(ctx, started);
        }
        assertEquals(List.of("(0-0) ok", "(0-1) ok", "(0-0) ok", "(0-0) ok",
                "(1-0) ok", "(1-1) died", "(1-0) ok", "(1-0) ok"), results);
    }

    private final java.util.Map<Long, Long> pidOf = new java.util.HashMap<>();
}
