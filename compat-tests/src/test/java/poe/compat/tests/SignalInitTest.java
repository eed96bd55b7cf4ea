package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * PTL sbk_signal_init, and K3-SIG-7: the kernel installs no OS handler until a session
 * watches the signal, and gives the previous one back when nobody does. Uses SIGWINCH
 * sent to this JVM (harmless if anything went wrong: its default is to be ignored).
 */
class SignalInitTest {

    private static final sun.misc.Signal WINCH = new sun.misc.Signal("WINCH");

    /** SBK-01 and K3-SIG-7: an application's handler survives the kernel and comes back after sig(). */
    @LoopTest
    void sbk01_applicationHandlerSurvivesAndIsRestored(ScenarioContext ctx) throws Exception {
        SignalTestSupport.assumePosix();
        Semaphore appHandler = new Semaphore(0);
        sun.misc.SignalHandler original = sun.misc.Signal.handle(WINCH, s -> appHandler.release());
        List<String> log = new ArrayList<>();
        try {
            // the harness made the kernel before this point; a new one is made here too
            ctx.kernel();
            Session.builder()
                    .on("_start", ev -> {
                        log.add("before sig: app handler " + sendAndWait(appHandler));
                        ev.kernel().sig("WINCH", "winch");
                        log.add("kill " + SignalTestSupport.kill("WINCH", SignalTestSupport.ownPid()));
                        ev.kernel().delay("timeout", 20);
                    })
                    .on("winch", ev -> {
                        log.add("kernel got " + ev.arg(0) + " from kernel " + (ev.sender() == ev.kernel())
                                + ", app handler " + appHandler.tryAcquire());
                        ev.kernel().sig("WINCH");
                        log.add("after sig removed: app handler " + sendAndWait(appHandler));
                        ev.kernel().delay("timeout");
                    })
                    .on("timeout", ev -> log.add("timeout"))
                    .on("_stop", ev -> { })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            sun.misc.Signal.handle(WINCH, original);
        }
        assertEquals(List.of("before sig: app handler true", "kill true",
                "kernel got WINCH from kernel true, app handler false", "after sig removed: app handler true"), log);
    }

    private static boolean sendAndWait(Semaphore handler) throws InterruptedException {
        assertTrue(SignalTestSupport.kill("WINCH", SignalTestSupport.ownPid()), "kill -WINCH");
        return handler.tryAcquire(20, TimeUnit.SECONDS);
    }
}
