package poe.compat.tests;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

import poe.Kernel;
import poe.Session;
import poe.compat.DriveMode;
import poe.compat.LoopFixture;
import poe.compat.LoopFixtures;

/**
 * The child JVM of {@link OsSignalsEndToEndTest}: a small POE program on the given loop
 * and drive mode that watches OS signals and says on stdout what reached it.
 *
 * <pre>{@code
 * java -cp <test class path> poe.compat.tests.OsSignalsChildMain select run handled
 * }</pre>
 *
 * <ul>
 *   <li>{@code handled}: watches INT and HUP and handles them; watches USR1 once, then stops
 *       watching it; never watches TERM, so SIGTERM ends the JVM the JVM's way (143).</li>
 *   <li>{@code terminal}: watches INT without handling it, so INT stops the session and
 *       run() returns; USR1 is watched until then. Afterwards the JVM waits: SIGUSR1, whose
 *       default action is back, kills it (138).</li>
 * </ul>
 */
public final class OsSignalsChildMain {

    private static final PrintStream OUT = System.out;

    private OsSignalsChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        String loop = args[0];
        DriveMode mode = DriveMode.ofLabel(args[1]);
        String scenario = args[2];
        LoopFixture fixture = LoopFixtures.fixtures().get(loop);
        if (fixture == null) {
            say("no fixture for loop " + loop);
            System.exit(2);
        }
        fixture.execute(() -> {
            Kernel kernel = fixture.createKernel();
            if ("handled".equals(scenario)) {
                handled(kernel);
            } else if ("ignored".equals(scenario)) {
                ignored(kernel);
            } else {
                terminal(kernel);
            }
            fixture.drive(kernel, mode, Instant.now().plus(Duration.ofSeconds(90)));
            kernel.close();
        });
        say("run returned");
        if ("terminal".equals(scenario)) {
            Thread.sleep(60_000);
            say("still alive after SIGUSR1");
        }
        System.exit(0);
    }

    private static void handled(Kernel kernel) {
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("INT", "got");
                    ev.kernel().sig("HUP", "got");
                    ev.kernel().sig("USR1", "got_usr1");
                    ev.kernel().delay("watchdog", 60);
                    say("ready");
                })
                .on("got", ev -> {
                    say("got " + ev.arg(0) + " on the loop thread " + ev.kernel().loop().inLoopThread());
                    ev.kernel().sigHandled();
                })
                .on("got_usr1", ev -> {
                    say("got " + ev.arg(0));
                    ev.kernel().sig("USR1");
                    say("USR1 unwatched");
                })
                .on("watchdog", ev -> say("watchdog"))
                .on("_stop", ev -> say("stop"))
                .create(kernel);
    }

    /** Watches INT (which the JVM inherited ignored), says so, stops watching: run() returns. */
    private static void ignored(Kernel kernel) {
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("INT", "got");
                    say("ready");
                    ev.kernel().sig("INT");
                })
                .on("got", ev -> say("got " + ev.arg(0)))
                .create(kernel);
    }

    private static void terminal(Kernel kernel) {
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("INT", "got_int");
                    ev.kernel().sig("USR1", "got_usr1");
                    ev.kernel().delay("watchdog", 60);
                    say("ready");
                })
                .on("got_int", ev -> say("got " + ev.arg(0) + ", not handled"))
                .on("got_usr1", ev -> say("got " + ev.arg(0)))
                .on("watchdog", ev -> say("watchdog"))
                .on("_stop", ev -> say("stop"))
                .create(kernel);
    }

    private static void say(String line) {
        OUT.println(line);
        OUT.flush();
    }
}
