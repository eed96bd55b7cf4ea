package poe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link Kernel#stop()} frees every session, and each session's queue entries go with it.
 * Found by the memory probe: 100,000 idle sessions (each with its collection check queued)
 * blocked a Vert.x event loop for seconds, because every session's removal scanned the whole
 * queue. The work is counted (ring slots scanned), not timed.
 */
class KernelStopScalesTest {

    private static final int SESSIONS = 20_000;

    @Test
    void stoppingManySessionsWithQueuedEventsScansTheQueueOnceNotOncePerSession() throws Exception {
        Kernel kernel = SignalsTestLoop.kernel();
        int[] stopsSeeingTheirTimer = {0};
        List<Session> made = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            made.add(Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().yield("later");
                        ev.kernel().delay("tick", 60);
                    })
                    .on("_stop", ev -> {
                        // as in POE, a session's resources go after its _stop: its timer is still there
                        if (ev.kernel().alarmsPending().size() == 1) {
                            stopsSeeingTheirTimer[0]++;
                        }
                    })
                    .on("later", ev -> { })
                    .on("tick", ev -> { })
                    .create(kernel));
        }
        // one session posts to the next while it stops: an entry made after the index
        Session last = made.get(made.size() - 1);
        Session.builder()
                .on("_start", ev -> { })
                .on("_stop", ev -> ev.kernel().post(last, "later"))
                .create(kernel);
        assertTrue(kernel.eventCount() >= 2 * SESSIONS, "queued: " + kernel.eventCount());

        kernel.stop();

        assertEquals(0, kernel.sessionCount());
        assertEquals(0, kernel.eventCount(), "nothing is left queued");
        assertEquals(SESSIONS, stopsSeeingTheirTimer[0], "every _stop saw its own timer still pending");
        long scanned = slotsScanned(kernel);
        assertTrue(scanned < 10L * SESSIONS,
                "ring slots scanned to free " + SESSIONS + " sessions: " + scanned + " (once per session would be"
                        + " about " + (long) SESSIONS * SESSIONS + ")");
        kernel.close();
    }

    private static long slotsScanned(Kernel kernel) throws Exception {
        Field f = Kernel.class.getDeclaredField("sessions");
        f.setAccessible(true);
        return ((Sessions) f.get(kernel)).events.slotsScanned();
    }
}
