package poe;

import poe.internal.Inbox;
import poe.loop.Loop;

/**
 * The kernel's entry for other threads, as resources see it: hand a request to the inbox
 * and wake the loop. Any thread.
 *
 * <pre>{@code
 * mailbox.handOver(new Inbox.Item(Inbox.CHILD_EXIT, pid, null, new Object[] {code}));
 * }</pre>
 */
final class Mailbox {

    // --- any thread (final; the inbox is thread-safe)
    final Inbox inbox = new Inbox();
    private final Loop loop;

    Mailbox(Loop loop) {
        this.loop = loop;
    }

    /** Whether the caller is the kernel's (loop's) thread. */
    boolean inLoopThread() {
        return loop.inLoopThread();
    }

    /** Queues a post for the kernel's thread and wakes it if it may be waiting (see {@link Inbox#offerPost}). */
    void post(Object dest, String event, Object[] args) {
        if (inbox.offerPost(dest, event, args)) {
            loop.wakeup();
        }
    }

    /** Queues a request for the kernel's thread and wakes it if it may be waiting. */
    void handOver(Inbox.Item item) {
        if (inbox.offer(item)) {
            loop.wakeup();
        }
    }
}
