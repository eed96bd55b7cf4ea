package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a scenario prints about a child JVM it gave up on (issue 22): the child's stderr and
 * where each of its threads is.
 */
class ChildJvmTest {

    /** A child JVM that says something on stderr, "ready" on stdout, then waits forever. */
    public static final class Stuck {
        public static void main(String[] args) throws InterruptedException {
            System.err.println("the stuck child's last words on stderr");
            System.out.println("ready");
            System.out.flush();
            waitForever();
        }

        static void waitForever() throws InterruptedException {
            new CountDownLatch(1).await();
        }
    }

    @Test
    @Timeout(180)
    void aHungChildJvmIsDescribedWithItsStderrAndThreads() throws Exception {
        SignalTestSupport.assumePosix();
        Process child = ChildJvm.start(Stuck.class);
        try {
            assertEquals("ready", SignalTestSupport.readLine(child));
            String report = ChildJvm.diagnoseIfAlive("test", child);
            assertTrue(report.contains("the stuck child's last words on stderr"), report);
            assertTrue(report.contains("\"main\""), report);
            assertTrue(report.contains("ChildJvmTest$Stuck.waitForever"), report);
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        assertNull(ChildJvm.diagnoseIfAlive("test", child), "a child that exited is not described");
    }
}
