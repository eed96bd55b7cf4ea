package poe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import poe.internal.Inbox;

/**
 * Extra references (POE::Resource::Extrefs): a session's named counts
 * ({@code refcount_increment}) and the holds of its postbacks and callbacks (POE counts
 * those as extra references too). While a count is non-zero, or a hold not released, the
 * session stays alive and the kernel is not idle. Owns {@link Session#extraRefs} and
 * {@link Session#holds}.
 *
 * <pre>{@code
 * int n = extrefs.add(session, "connection", 1);   // 1: the session now stays alive
 * }</pre>
 */
final class Extrefs implements Resource {

    // --- any thread
    private final Mailbox mailbox;
    // --- loop thread only
    private final SessionRefs refs;
    private final SessionTable sids;
    /** Tags with a non-zero count, over every session. */
    private int nonzero;
    /** Holds not released, over every session. */
    private int holds;

    Extrefs(SessionRefs refs, SessionTable sids, Mailbox mailbox) {
        this.refs = refs;
        this.sids = sids;
        this.mailbox = mailbox;
    }

    /** {@code refcount_increment}/{@code _decrement} by session ID; ESRCH for an unknown one. */
    int add(String method, long sessionId, String tag, int delta) {
        Session s = sids.byId(sessionId);
        if (s == null) {
            throw new KernelException(Errno.ESRCH, method + ": no session with ID " + sessionId);
        }
        return add(s, tag, delta);
    }

    /** Adds {@code delta} to a session's count {@code tag}; returns the new count. */
    int add(Session s, String tag, int delta) {
        assert refs.onLoopThread();
        if (s.extraRefs == null) {
            s.extraRefs = new HashMap<>();
        }
        int before = s.extraRefs.getOrDefault(tag, 0);
        int after = before + delta;
        if (after == 0) {
            s.extraRefs.remove(tag);
        } else {
            s.extraRefs.put(tag, after);
        }
        if (before == 0 && after != 0) {
            nonzero++;
            refs.increment(s);
        } else if (before != 0 && after == 0) {
            nonzero--;
            refs.decrement(s);
        }
        return after;
    }

    /** Whether some count or hold keeps the kernel from being idle. */
    boolean any() {
        return nonzero != 0 || holds != 0;
    }

    /** A postback or callback was made for the session (loop thread). */
    void holdAcquired(Session s) {
        assert mailbox.inLoopThread();
        refs.increment(s);
        s.holds++;
        holds++;
    }

    /** A postback or callback was released: any thread (handed to the loop's). */
    void holdReleased(long sessionId) {
        if (!mailbox.inLoopThread()) {
            mailbox.handOver(new Inbox.Item(Inbox.RELEASE_HOLD, sessionId, null, null));
            return;
        }
        Session s = sids.byId(sessionId);
        if (s != null && s.holds > 0) {
            s.holds--;
            holds--;
            refs.decrement(s);
        }
    }

    @Override
    public void clear(Session s) {
        if (s.extraRefs != null) {
            for (int count : s.extraRefs.values()) {
                if (count != 0) {
                    nonzero--;
                }
            }
            s.extraRefs = null;
        }
        holds -= s.holds;
        s.holds = 0;
    }

    @Override
    public List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        if (nonzero != 0) {
            leaks.add(nonzero + " extra reference count(s) still non-zero");
        }
        if (holds != 0) {
            leaks.add(holds + " postback/callback hold(s) not released");
        }
        return leaks;
    }
}
