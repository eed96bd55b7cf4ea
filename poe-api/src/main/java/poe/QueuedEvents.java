package poe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The events resource's per-session part (POE::Resource::Events'
 * {@code _data_ev_clear_session}): when a session is freed, every queue entry that names it,
 * as destination or sender, is taken out and the counts it held are undone; the other
 * session of each such entry may then have run out of work and is marked. When every
 * session is freed at once ({@link Kernel#stop()}), the queue is indexed by session first,
 * so that freeing n sessions scans it once, not n times. Loop thread only.
 *
 * <pre>{@code
 * boolean indexed = events.beginStopIndex();
 * try {
 *     // ... free every session: each one's clear(s) takes its entries from the index
 * } finally {
 *     if (indexed) {
 *         events.endStopIndex();
 *     }
 * }
 * }</pre>
 */
final class QueuedEvents implements Resource {

    private final EventQueue queue;
    /** Undoes an entry's counts and marks a session that ran out of work (the dispatcher). */
    private final TimerQueue counts;
    /** While every session is being freed: the queue's entries by session, else null. */
    private Map<Session, List<EventQueue.Entry>> stopIndex;

    QueuedEvents(EventQueue queue, TimerQueue counts) {
        this.queue = queue;
        this.counts = counts;
    }

    /** Forgets the session's memos of its last posts, and takes out every queue entry it is in. */
    @Override
    public void clear(Session s) {
        s.lastContext = null;
        s.postedTo = null;
        s.postedContext = null;
        if (s.queued > 0 && stopIndex != null) {
            List<EventQueue.Entry> entries = stopIndex.remove(s);
            if (entries != null) {
                unqueue(s, queue.removeEntries(entries));
            }
        }
        if (s.queued > 0) {           // without an index, or posted since it was made
            unqueue(s, queue.removeIf(e -> e.session == s || e.sender == s));
        }
    }

    private void unqueue(Session s, List<EventContext> removed) {
        for (EventContext ev : removed) {
            counts.unqueued(ev);
            Session other = ev.session == s ? (ev.sender instanceof Session ss ? ss : null) : ev.session;
            if (other != null && other != s) {
                counts.markIfDone(other);
            }
        }
    }

    /** Entries still queued once every session is gone (there should be none). */
    @Override
    public List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        int left = queue.userEntries();
        if (left > 0) {
            leaks.add(left + " events still queued");
        }
        return leaks;
    }

    /**
     * Before freeing every session ({@link Kernel#stop()}): the queue's entries by session,
     * made in one pass, so that each session's {@link #clear} finds its own without
     * scanning the whole queue (n sessions with an event each cost n, not n squared).
     *
     * @return whether this call made the index (and so ends it with {@link #endStopIndex})
     */
    boolean beginStopIndex() {
        if (stopIndex != null) {
            return false;
        }
        stopIndex = queue.entriesBySession();
        return true;
    }

    void endStopIndex() {
        stopIndex = null;
    }

    /** Empties the queue (every session has stopped), and re-arms the loop's timer. */
    void clearQueue() {
        queue.clear();
        counts.armIfIdle();
    }

    /** Test hook: ring slots scanned by per-session removal so far. */
    long slotsScanned() {
        return queue.slotsScanned;
    }
}
