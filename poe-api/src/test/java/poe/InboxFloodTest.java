package poe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Work from other threads arriving faster than one timeslice takes it: the kernel moves
 * it into its queue a chunk at a time, tells the loop not to wait while some is left, and
 * loses none of it, in each producer's order.
 */
class InboxFloodTest {

    private static final int PRODUCERS = 4;
    private static final int EACH = 3 * Dispatcher.CHUNK_EVENTS + 17;

    @Test
    void workLeftInTheInboxMeansDoNotWait() throws Exception {
        SignalsTestLoop loop = new SignalsTestLoop();
        Kernel kernel = Kernel.create(loop);
        Session.builder()
                .on("_start", ev -> ev.kernel().aliasSet("sink"))
                .on("ev", ev -> { })
                .create(kernel);
        Thread producer = new Thread(() -> {
            for (int i = 0; i < EACH; i++) {
                kernel.post("sink", "ev", i);
            }
        });
        producer.start();
        producer.join();

        loop.host().beginTimeslice();   // takes one chunk; the rest waits in the inbox
        long due = loop.host().nextDueNanos();
        assertTrue(due - System.nanoTime() <= 0, "with work left in the inbox the loop must not wait"
                + " (due " + due + ", compared by subtraction as System.nanoTime() values are)");
        kernel.close();
    }

    @Test
    void aFloodFromSeveralThreadsArrivesWholeAndInEachThreadsOrder() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Kernel kernel = SignalsTestLoop.kernel();
            List<List<Integer>> received = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                received.add(new ArrayList<>());
            }
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().aliasSet("sink");
                        ev.kernel().refcountIncrement(ev.session().id(), "flood");
                    })
                    .on("ev", ev -> {
                        int producer = ev.arg(0);
                        received.get(producer).add(ev.arg(1));
                        if (received.stream().mapToInt(List::size).sum() == PRODUCERS * EACH) {
                            ev.kernel().refcountDecrement(ev.session().id(), "flood");
                            ev.kernel().aliasRemove("sink");
                        }
                    })
                    .create(kernel);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < EACH; i++) {
                        kernel.post("sink", "ev", producer, i);
                    }
                }, "producer-" + p);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();   // all of it is waiting before the kernel runs
            }
            kernel.run();
            for (int p = 0; p < PRODUCERS; p++) {
                List<Integer> got = received.get(p);
                assertEquals(EACH, got.size(), "producer " + p);
                for (int i = 0; i < EACH; i++) {
                    assertEquals(i, got.get(i), "producer " + p + " in order");
                }
            }
            kernel.close();
        });
    }
}
