package poe.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.buffer.Buffer;

/**
 * The receiver's side of windowed acknowledgements: per sending node, the next sequence
 * number expected, the highest seen, and the failures since the last receipt. A gap in
 * the numbers is a post the event bus dropped on the way (the bus keeps the order of one
 * sender's messages, so a missing number is not coming later). Receipts are sent once per
 * burst of posts (the caller schedules {@link #flush} when {@link #arrived} says so). Used
 * on the node's Vert.x context only.
 *
 * <pre>{@code
 * if (receipts.arrived(from, seq)) { ctx.runOnContext(v -> receipts.flush(send)); }
 * receipts.failed(from, seq, "REFUSED", "the session has stopped");
 * }</pre>
 */
final class Receipts {

    /** Where a receipt goes: to the sending node, with this frame. */
    interface Sender {
        void send(String node, Buffer receipt);
    }

    private static final class Inbound {
        long expected = 1;
        long upTo;
        final List<PostWindow.Failure> failures = new ArrayList<>();
    }

    private final String me;
    private final Map<String, Inbound> from = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();

    Receipts(String me) {
        this.me = me;
    }

    /**
     * Notes post {@code seq} from {@code node}; a gap before it is reported as lost.
     *
     * @return true when a flush should be scheduled (the first note since the last flush)
     */
    boolean arrived(String node, long seq) {
        Inbound in = from.computeIfAbsent(node, n -> new Inbound());
        if (seq > in.expected) {
            in.failures.add(new PostWindow.Failure(in.expected, seq - 1, "LOST",
                    "the event bus did not deliver it to node " + me));
        }
        if (seq >= in.expected) {
            in.expected = seq + 1;
        }
        in.upTo = Math.max(in.upTo, seq);
        boolean first = dirty.isEmpty();
        dirty.add(node);
        return first;
    }

    /** Post {@code seq} from {@code node} arrived (noted already) but was refused. */
    void failed(String node, long seq, String kind, String reason) {
        Inbound in = from.get(node);
        if (in != null) {
            in.failures.add(new PostWindow.Failure(seq, seq, kind, reason));
        }
    }

    /** Sends one receipt to every node heard from since the last flush. */
    void flush(Sender sender) {
        for (String node : dirty) {
            Inbound in = from.get(node);
            if (in == null) {
                continue;
            }
            Buffer b = Frame.appendString(Buffer.buffer(64).appendByte(Frame.RECEIPT), me).appendLong(in.upTo)
                    .appendInt(in.failures.size());
            for (PostWindow.Failure f : in.failures) {
                Frame.appendString(Frame.appendString(b.appendLong(f.first()).appendLong(f.last()), f.kind()),
                        f.reason());
            }
            in.failures.clear();
            sender.send(node, b);
        }
        dirty.clear();
    }

    /** Forgets a node that left. */
    void nodeLeft(String node) {
        from.remove(node);
        dirty.remove(node);
    }

    /** Reads a receipt frame (after its kind byte). */
    static PostWindow.Failure[] readFailures(Frame.Reader r) {
        int n = r.getInt();
        if (n < 0 || n > r.remaining() / 16) {
            throw new ClusterCodecException("bad failure count " + n);
        }
        PostWindow.Failure[] out = new PostWindow.Failure[n];
        for (int i = 0; i < n; i++) {
            out[i] = new PostWindow.Failure(r.getLong(), r.getLong(), r.getString(), r.getString());
        }
        return out;
    }
}
