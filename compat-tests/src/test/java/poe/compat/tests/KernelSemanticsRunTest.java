package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** K3-RUN: run, runOneTimeslice, runWhile, stop, running again. */
class KernelSemanticsRunTest {

    /** K3-RUN-1/KSEL-08: run() returns when the last session is gone, and can run again. */
    @LoopTest
    void runsAgainAfterReturning(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        List<String> log = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            int r = round;
            AtomicInteger count = new AtomicInteger();
            Session.builder()
                    .on("_start", ev -> ev.kernel().yield("increment"))
                    .on("increment", ev -> {
                        if (count.incrementAndGet() < 10) {
                            ev.kernel().yield("increment");
                        }
                    })
                    .on("_stop", ev -> log.add("stop " + r + " count " + count.get()))
                    .create(kernel);
            ctx.drive();
            assertEquals(0, kernel.sessionCount());
        }
        assertEquals(List.of("stop 1 count 10", "stop 2 count 10"), log);
    }

    /** K3-RUN-2/3: runOneTimeslice and runWhile return false / stop once no session is left. */
    @LoopTest
    void runWhileAndTimesliceReturnFalseWhenNoSessionIsLeft(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        AtomicInteger ticks = new AtomicInteger();
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("tick", 0.01))
                .on("tick", ev -> {
                    if (ticks.incrementAndGet() < 3) {
                        ev.kernel().delay("tick", 0.01);
                    }
                })
                .create(kernel);
        // runWhile with a condition that stays true returns because no session is left
        kernel.runWhile(() -> true);
        assertEquals(3, ticks.get());
        assertEquals(0, kernel.sessionCount());
        assertFalse(kernel.runOneTimeslice());
        // runWhile with a false condition does not run a slice
        Session.builder().on("_start", ev -> ev.kernel().yield("x")).on("x", ev -> ticks.incrementAndGet())
                .create(kernel);
        kernel.runWhile(() -> false);
        assertEquals(3, ticks.get(), "runWhile(false) must not dispatch");
        assertEquals(1, kernel.sessionCount());
        ctx.drive();
        assertEquals(4, ticks.get());
        assertFalse(kernel.runOneTimeslice());
        assertTrue(kernel.sessionCount() == 0);
    }
}
