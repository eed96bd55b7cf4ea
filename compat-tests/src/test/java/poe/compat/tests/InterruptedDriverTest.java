package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * An interrupt of the thread that drives the kernel (by a handler, or by another thread that
 * wants it to stop) neither stops the kernel nor makes it spin: timers still fire on time,
 * the waiting thread stays asleep in between, and the thread's interrupt status is kept for
 * its caller when {@code run()} (or the timeslice) returns. {@code Kernel.stop()} is how a
 * kernel is ended.
 */
class InterruptedDriverTest {

    /**
     * Waiting 1.5 s with the flag set: a loop that spins burns well over 100 ms of it even
     * on a machine loaded many times over (its share of two cores); one that sleeps spends a
     * few milliseconds.
     */
    private static final Duration WAIT = Duration.ofMillis(1500);
    private static final Duration MAX_CPU = Duration.ofMillis(50);

    @LoopTest
    void anInterruptedDriverNeitherStopsNorSpins(ScenarioContext ctx) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Thread driver = Thread.currentThread();
        long[] cpuAtInterrupt = new long[1];
        long[] cpuSpent = {-1};
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("interrupt"))
                .on("interrupt", ev -> {
                    cpuAtInterrupt[0] = threads.getThreadCpuTime(driver.getId());
                    driver.interrupt();
                    log.add("interrupted");
                    ev.kernel().delay("later", WAIT.toMillis() / 1000.0);
                })
                .on("later", ev -> {
                    cpuSpent[0] = threads.getThreadCpuTime(driver.getId()) - cpuAtInterrupt[0];
                    log.add("timer fired");
                })
                .on("_stop", ev -> log.add("stop"))
                .create(ctx.kernel());
        boolean flagKept;
        try {
            ctx.drive(Duration.ofSeconds(30));
        } finally {
            flagKept = Thread.interrupted();              // never leak the flag into the next test
        }
        assertEquals(List.of("interrupted", "timer fired", "stop"), log);
        assertTrue(flagKept, "the driving thread's interrupt status must be kept for its caller");
        assertTrue(cpuSpent[0] >= 0 && cpuSpent[0] < MAX_CPU.toNanos(),
                "the driving thread used " + cpuSpent[0] / 1_000_000 + " ms of CPU while the kernel waited "
                        + WAIT.toMillis() + " ms for a timer: it spun on its interrupt status");
    }
}
