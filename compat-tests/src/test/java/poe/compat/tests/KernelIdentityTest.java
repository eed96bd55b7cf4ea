package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import poe.Kernel;
import poe.Session;
import poe.compat.LogCapture;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * The kernel's own name (POE's {@code $kernel->ID}), POE's warning when sessions were
 * created but the kernel never ran (K3-RUN-6), and POE's (lack of) enforcement of the
 * {@code _} prefix for application events (K3-SES-2).
 */
class KernelIdentityTest {

    /** Like POE's {@code vm-6b15d31c-000011c8-00000001}: host, time, pid, sequence; one per kernel. */
    @Test
    void eachKernelHasItsOwnName() {
        Kernel a = Kernel.create("select");
        Kernel b = Kernel.create("select");
        try {
            assertTrue(a.kernelId().matches(".+-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}"), a.kernelId());
            assertTrue(a.kernelId().contains(String.format("-%08x-", ProcessHandle.current().pid())), a.kernelId());
            assertNotEquals(a.kernelId(), b.kernelId());
            assertEquals(a.kernelId(), a.kernelId());
            assertEquals(Kernel.KERNEL_ID, a.id(), "the kernel's address among session IDs stays 0");
        } finally {
            a.close();
            b.close();
        }
    }

    /**
     * POE's {@code signal($kernel->ID, ...)}: the kernel's name addresses it, so the signal
     * goes to every session (POE 1.370 prints {@code a got USR1, b got USR1} for this program).
     */
    @LoopTest
    void theKernelsNameAddressesItForSignals(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        for (String who : List.of("a", "b")) {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().aliasSet(who);   // without it b would be collected before the signal comes
                        ev.kernel().sig("USR1", "usr1");
                        ev.kernel().yield("go");
                    })
                    .on("go", ev -> {
                        if (who.equals("a")) {
                            ev.kernel().signal(ev.kernel().kernelId(), "USR1");
                        }
                    })
                    .on("usr1", ev -> log.add(who + " got " + ev.arg(0)))
                    .create(ctx.kernel());
        }
        ctx.drive();
        assertEquals(List.of("a got USR1", "b got USR1"), log.stream().sorted().toList());
    }

    /** K3-RUN-6: a session created, the kernel closed without ever running: POE's warning, once. */
    @Test
    void sessionsCreatedButNeverRunAreReported() {
        List<String> warnings = warningsDuring(() -> {
            Kernel k = Kernel.create("select");
            Session.builder().on("_start", ev -> { }).create(k);
            k.close();
            k.close();
        });
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith("Sessions were started, but the kernel's run() method was never called"),
                warnings.get(0));
    }

    /** K3-RUN-6: running, even with no sessions first (POE's embedding idiom), silences it. */
    @Test
    void runningTheKernelSilencesTheWarning() {
        List<String> warnings = warningsDuring(() -> {
            Kernel ran = Kernel.create("select");
            Session.builder().on("_start", ev -> { }).create(ran);
            ran.run();
            ran.close();
            Kernel idiom = Kernel.create("select");
            idiom.run();
            Session.builder().on("_start", ev -> { }).create(idiom);
            idiom.close();
            Kernel sliced = Kernel.create("select");
            Session.builder().on("_start", ev -> { }).create(sliced);
            sliced.runWhile(() -> true);
            sliced.close();
        });
        assertEquals(List.of(), warnings);
    }

    /**
     * K3-SES-2: POE reserves {@code _} names but does not enforce it (its ASSERT_USAGE check
     * is keyed by the constants' names, so it never fires): an application's {@code _x} is
     * delivered, and a posted {@code _stop} just runs the handler. POE 1.370 prints
     * {@code start, got _x, stop, stop} for this program.
     */
    @LoopTest
    void underscoreEventsFromTheApplicationAreDelivered(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    log.add("start");
                    ev.kernel().yield("_x");
                    ev.kernel().yield("_stop");
                })
                .on("_x", ev -> log.add("got _x"))
                .on("_stop", ev -> log.add("stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("start", "got _x", "stop", "stop"), log);
    }

    private static List<String> warningsDuring(Runnable body) {
        try (LogCapture log = LogCapture.of("poe.Kernel")) {
            body.run();
            return log.messages().stream().filter(m -> m.startsWith("Sessions were started")).toList();
        }
    }
}
