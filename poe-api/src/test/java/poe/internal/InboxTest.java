package poe.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/**
 * The inbox on its own: requests across chunk boundaries, every kind, the coalesced
 * wakeup, and producers racing the consumer with each one's order kept.
 */
class InboxTest {

    @Test
    void requestsComeOutInOrderAcrossChunks() {
        Inbox inbox = new Inbox();
        Object[] args = {"a"};
        int n = 3 * Inbox.CHUNK + 5;
        for (int i = 0; i < n; i++) {
            inbox.offer(new Inbox.Item(Inbox.POST, i, "ev", i % 2 == 0 ? null : args));
        }
        for (int i = 0; i < n; i++) {
            assertFalse(inbox.isEmpty());
            Inbox.Item item = inbox.poll();
            assertEquals(Inbox.POST, item.kind());
            assertEquals(i, item.dest());
            assertEquals("ev", item.name());
            if (i % 2 == 0) {
                assertNull(item.args(), "a post without an arguments array keeps null");
            } else {
                assertSame(args, item.args());
            }
        }
        assertNull(inbox.poll());
        assertTrue(inbox.isEmpty());
    }

    @Test
    void otherKindsTravelAsThemselvesBetweenPosts() {
        Inbox inbox = new Inbox();
        Inbox.Item stop = new Inbox.Item(Inbox.STOP, null, null, null);
        Inbox.Item exit = new Inbox.Item(Inbox.CHILD_EXIT, 42L, null, new Object[] {3});
        inbox.offer(new Inbox.Item(Inbox.POST, "sink", "a", null));
        inbox.offer(stop);
        inbox.offer(exit);
        inbox.offer(new Inbox.Item(Inbox.SIGNAL, "k", "INT", new Object[0]));
        assertEquals("a", inbox.poll().name());
        assertSame(stop, inbox.poll());
        assertSame(exit, inbox.poll());
        Inbox.Item signal = inbox.poll();
        assertEquals(Inbox.SIGNAL, signal.kind());
        assertEquals("INT", signal.name());
        assertArrayEquals(new Object[0], signal.args());
        assertNull(inbox.poll());
    }

    @Test
    void pollPostTakesPostsOnlyAndLeavesOtherKindsInPlace() {
        Inbox inbox = new Inbox();
        Inbox.Item signal = new Inbox.Item(Inbox.SIGNAL, "k", "INT", new Object[0]);
        inbox.offerPost("sink", "a", null);
        inbox.offer(signal);
        inbox.offerPost("sink", "b", new Object[] {1});
        assertEquals("a", inbox.pollPost().name());
        assertNull(inbox.pollPost(), "a signal is next: not a post");
        assertFalse(inbox.isEmpty(), "the signal is still there");
        assertSame(signal, inbox.poll());
        Inbox.Item b = inbox.pollPost();
        assertEquals("b", b.name());
        assertArrayEquals(new Object[] {1}, b.args());
        assertNull(inbox.pollPost());
        assertTrue(inbox.isEmpty());
    }

    @Test
    void anEmptyInboxFoundByPollPostStillGetsItsWakeupsBackBeforeTheLoopWaits() {
        Inbox inbox = new Inbox();
        assertTrue(inbox.offerPost("sink", "a", null), "the first request wakes the loop");
        assertEquals("a", inbox.pollPost().name());
        assertNull(inbox.pollPost());
        assertFalse(inbox.offerPost("sink", "b", null), "pollPost leaves wakeups off: the loop is still dispatching");
        assertEquals("b", inbox.pollPost().name());
        assertTrue(inbox.readyToWait(), "empty: the loop may wait");
        assertTrue(inbox.offerPost("sink", "c", null), "and the next request wakes it");
    }

    @Test
    void oneWakeupUntilTheConsumerFindsTheInboxEmpty() {
        Inbox inbox = new Inbox();
        assertTrue(inbox.offer(new Inbox.Item(Inbox.POST, 1, "a", null)), "the first request wakes the loop");
        assertFalse(inbox.offer(new Inbox.Item(Inbox.POST, 2, "b", null)), "a wakeup is pending");
        inbox.poll();
        assertFalse(inbox.offer(new Inbox.Item(Inbox.POST, 3, "c", null)), "the consumer has not found it empty");
        inbox.poll();
        inbox.poll();
        assertNull(inbox.poll());   // found empty: wakeups on again
        assertTrue(inbox.offer(new Inbox.Item(Inbox.POST, 4, "d", null)));
        assertFalse(inbox.readyToWait(), "work is waiting");
        assertFalse(inbox.offer(new Inbox.Item(Inbox.POST, 5, "e", null)),
                "with work waiting the loop comes back without a wakeup");
        inbox.poll();
        inbox.poll();
        assertTrue(inbox.readyToWait(), "nothing waiting");
        assertTrue(inbox.offer(new Inbox.Item(Inbox.POST, 6, "f", null)), "found empty: wakeups on again");
    }

    @Test
    void readyToWaitOnAnEmptyInboxTurnsWakeupsBackOn() {
        Inbox inbox = new Inbox();
        assertTrue(inbox.offer(new Inbox.Item(Inbox.POST, 1, "a", null)));
        inbox.poll();   // taken, but the consumer has not yet looked again (a loop between runs)
        assertTrue(inbox.readyToWait());
        assertTrue(inbox.offer(new Inbox.Item(Inbox.POST, 2, "b", null)), "the loop may wait: wake it");
    }

    @Test
    void argumentlessPostsToOneDestinationShareOneItem() {
        Inbox inbox = new Inbox();
        Object[] args = {"x"};
        inbox.offerPost("sink", "ev", null);
        inbox.offerPost("sink", "ev", new Object[0]);
        inbox.offerPost("sink", "other", null);
        inbox.offerPost("sink", "other", args);
        inbox.offerPost(7L, "other", null);
        Inbox.Item first = inbox.poll();
        assertSame(first, inbox.poll(), "the same destination and event: the same item");
        Inbox.Item other = inbox.poll();
        assertEquals("other", other.name());
        assertNull(other.args(), "no arguments travel as null");
        Inbox.Item withArgs = inbox.poll();
        assertSame(args, withArgs.args());
        assertEquals(7L, inbox.poll().dest());
        assertEquals("sink", first.dest());
        assertEquals("ev", first.name());
        assertNull(inbox.poll());
    }

    /** A kept item would hold a session object (and its heap) after the session stopped. */
    @Test
    void postsToAnObjectAreNotKeptForReuse() {
        Inbox inbox = new Inbox();
        Object session = new Object();
        inbox.offerPost(session, "ev", null);
        inbox.offerPost(session, "ev", null);
        Inbox.Item first = inbox.poll();
        Inbox.Item second = inbox.poll();
        assertSame(session, first.dest());
        assertSame(session, second.dest());
        org.junit.jupiter.api.Assertions.assertNotSame(first, second, "not shared, so not kept");
    }

    @Test
    void producersRacingTheConsumerLoseNothingAndKeepTheirOrder() throws InterruptedException {
        producersLoseNothingAndKeepTheirOrder(false);
    }

    /**
     * The consumer starts only when every producer is done: a backlog of many chunks, which
     * producers that fall behind the chunk hint walk back through.
     */
    @Test
    void producersFarAheadOfTheConsumerLoseNothingAndKeepTheirOrder() throws InterruptedException {
        producersLoseNothingAndKeepTheirOrder(true);
    }

    private static void producersLoseNothingAndKeepTheirOrder(boolean consumerWaits) throws InterruptedException {
        int producers = 4;
        int each = 50 * Inbox.CHUNK + 7;
        Inbox inbox = new Inbox();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int me = p;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    Inbox.Item item = i % 1000 == 999
                            ? new Inbox.Item(Inbox.RELEASE_HOLD, new long[] {me, i}, null, null)
                            : new Inbox.Item(Inbox.POST, me, "ev", new Object[] {i});
                    inbox.offer(item);
                }
            }, "producer-" + p);
            threads.add(t);
            t.start();
        }
        go.countDown();
        if (consumerWaits) {
            for (Thread t : threads) {
                t.join();
            }
        }
        int[] next = new int[producers];
        long taken = 0;
        long total = (long) producers * each;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (taken < total) {
            Inbox.Item item = inbox.poll();
            if (item == null) {
                assertTrue(System.nanoTime() < deadline, "only " + taken + " of " + total + " arrived");
                Thread.onSpinWait();
                continue;
            }
            int producer;
            int index;
            if (item.kind() == Inbox.POST) {
                producer = (Integer) item.dest();
                index = (Integer) item.args()[0];
            } else {
                long[] pair = (long[]) item.dest();
                producer = (int) pair[0];
                index = (int) pair[1];
            }
            assertEquals(next[producer], index, "producer " + producer + "'s order");
            next[producer]++;
            taken++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(inbox.poll());
        assertTrue(inbox.isEmpty());
    }
}
