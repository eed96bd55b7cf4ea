package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import poe.Kernel;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** POE::Test::Loops k_run_returns (KRR-01, KRR-02). */
class KernelRunReturnsTest {

    /** KRR-01: with no session, run() (or the first timeslice) returns at once. */
    @LoopTest
    void runWithoutSessionsReturnsAtOnce(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        long start = System.nanoTime();
        ctx.drive(Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "drive() took too long");
        assertFalse(kernel.runOneTimeslice(), "runOneTimeslice() with no session must return false");
    }

    /** KRR-02: nothing is dispatched and the kernel stays usable. */
    @LoopTest
    void nothingIsDispatched(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        ctx.drive();
        assertEquals(0, kernel.dispatchedCount());
        assertEquals(0, kernel.sessionCount());
        assertEquals(0, kernel.eventCount());
        assertTrue(kernel.nextEventTime().isEmpty());
    }
}
