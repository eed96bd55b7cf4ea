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

    /** K3-RUN-4 (t/90 ton-stop-corruption): stop() from a select handler runs every _stop once; harmless when idle. */
    @LoopTest
    void stopFromASelectHandler(ScenarioContext ctx) throws java.io.IOException {
        Kernel kernel = ctx.kernel();
        kernel.stop();                                             // nothing runs: harmless
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        List<String> log = new ArrayList<>();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().selectRead(pipe.source(), "readable");
                        ev.kernel().delay("never", 3600);
                        Session.builder()
                                .on("_start", c -> c.kernel().delay("never", 3600))
                                .on("_stop", c -> log.add("child stop"))
                                .create(ev.kernel());
                        try {
                            pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {1}));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .on("readable", ev -> {
                        log.add("readable");
                        ev.kernel().stop();
                        log.add("stop returned");
                    })
                    .on("_child", ev -> log.add("_child " + ev.arg(0)))
                    .on("_stop", ev -> log.add("stop"))
                    .create(kernel);
            ctx.drive();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
        assertEquals(List.of("_child create", "readable", "child stop", "_child lose", "stop", "stop returned"), log);
        // new sessions after stop() are children of the kernel and run normally
        List<Object> parents = new ArrayList<>();
        Session.builder().on("_start", ev -> parents.add(ev.sender())).create(kernel);
        ctx.drive();
        assertEquals(List.of(kernel), parents);
    }

    /** K3-RUN-8: accessors outside and inside dispatch. */
    @LoopTest
    void accessors(ScenarioContext ctx) {
        Kernel kernel = ctx.kernel();
        assertEquals(ctx.loopName(), kernel.loopName());
        assertEquals("", kernel.activeEvent());
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    // yield first: "now" is then queued before "later" is due, however long a
                    // loaded machine takes between the two calls
                    ev.kernel().yield("now");
                    ev.kernel().delay("later", 0.05);
                    log.add("queued " + ev.kernel().eventCount() + " next " + ev.kernel().nextEventTime().isPresent());
                })
                .on("now", ev -> log.add("active event " + ev.kernel().activeEvent()))
                .on("later", ev -> log.add("active event " + ev.kernel().activeEvent() + ", queued "
                        + ev.kernel().eventCount()))
                .create(kernel);
        assertEquals(1, kernel.sessionCount());
        ctx.drive();
        assertEquals(List.of("queued 2 next true", "active event now", "active event later, queued 0"), log);
        assertTrue(kernel.dispatchedCount() >= 2);
        assertEquals(0, kernel.eventCount());
        assertEquals("", kernel.activeEvent());
    }
}
