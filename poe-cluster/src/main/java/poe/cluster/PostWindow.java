package poe.cluster;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import poe.Session;

/**
 * The sender's side of windowed acknowledgements: the posts sent to each node and not yet
 * accounted for, in sequence order. The receiving node answers with a receipt now and
 * then ({@link Receipts}): "everything up to N, except these, which failed"; a post older
 * than the ack timeout, or sent to a node that left, fails at the sender. Used on the
 * kernel's thread (posts)
 * and the node's Vert.x context (receipts): its methods lock the window; a failure is
 * reported while the lock is held (it only posts an error event).
 *
 * <pre>{@code
 * long seq = window.send(nodeId, sender, name, event, now);   // the number to write into the frame
 * window.receipt(nodeId, upTo, failures, report);    // failed posts go to report
 * window.expire(now - timeoutNanos, reason, report); // TIMEOUT for posts nobody accounted for
 * }</pre>
 */
final class PostWindow {

    /** A post waiting for its receipt. */
    record Entry(long seq, Session sender, String name, String event, long sentAt) {
    }

    /** A failure a receipt reports, for sequence numbers first..last. */
    record Failure(long first, long last, String kind, String reason) {
    }

    /** Where a failed post is reported. */
    interface Report {
        void failed(Entry e, String kind, String reason);
    }

    private static final class Channel {
        long next = 1;
        final ArrayDeque<Entry> inFlight = new ArrayDeque<>();
    }

    private final Map<String, Channel> channels = new HashMap<>();

    /** Records a post to {@code node}; returns its sequence number on that channel. */
    synchronized long send(String node, Session sender, String name, String event, long now) {
        Channel c = channels.computeIfAbsent(node, n -> new Channel());
        long seq = c.next++;
        c.inFlight.add(new Entry(seq, sender, name, event, now));
        return seq;
    }

    /** A receipt from {@code node}: every post up to {@code upTo} arrived, except the failures. */
    synchronized void receipt(String node, long upTo, Failure[] failures, Report report) {
        Channel c = channels.get(node);
        if (c == null) {
            return;
        }
        Entry e;
        while ((e = c.inFlight.peek()) != null && e.seq() <= upTo) {
            c.inFlight.poll();
            for (Failure f : failures) {
                if (e.seq() >= f.first() && e.seq() <= f.last()) {
                    report.failed(e, f.kind(), f.reason());
                    break;
                }
            }
        }
    }

    /** Fails every post sent before {@code before} (nanoTime) that no receipt accounted for. */
    synchronized void expire(long before, String reason, Report report) {
        for (Channel c : channels.values()) {
            Entry e;
            while ((e = c.inFlight.peek()) != null && e.sentAt() - before < 0) {
                c.inFlight.poll();
                report.failed(e, "TIMEOUT", reason);
            }
        }
    }

    /** Fails every post in flight to a node that left, and forgets the channel. */
    synchronized void nodeLeft(String node, String kind, String reason, Report report) {
        Channel c = channels.remove(node);
        if (c != null) {
            for (Entry e : c.inFlight) {
                report.failed(e, kind, reason);
            }
        }
    }

    /** Fails everything in flight (the node is closing). */
    synchronized void failAll(String kind, String reason, Report report) {
        for (String node : java.util.List.copyOf(channels.keySet())) {
            nodeLeft(node, kind, reason, report);
        }
    }

    /** Posts in flight, over all channels. */
    synchronized int inFlight() {
        int n = 0;
        for (Channel c : channels.values()) {
            n += c.inFlight.size();
        }
        return n;
    }
}
