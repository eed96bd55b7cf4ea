package poe.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Windowed acknowledgements without a cluster: what the receiver's {@link Receipts} write
 * is what the sender's {@link PostWindow} turns into failures, one per failed post, and
 * nothing for a post that arrived.
 */
class PostWindowTest {

    private final List<String> failed = new ArrayList<>();
    private final PostWindow.Report report = (e, kind, reason) -> failed.add(e.seq() + " " + e.event() + " " + kind);

    private PostWindow sent(int posts) {
        PostWindow w = new PostWindow();
        for (int i = 1; i <= posts; i++) {
            assertEquals(i, w.send("b", null, "sink", "ev" + i, 0));
        }
        return w;
    }

    /** Carries every receipt Receipts flushes to the window, through the wire format. */
    private void deliver(Receipts r, PostWindow w) {
        r.flush((node, buffer) -> {
            assertEquals("a", node);
            Frame.Reader in = new Frame.Reader(Buffer.buffer(buffer.getBytes()));
            assertEquals(Frame.RECEIPT, in.kind());
            String from = in.getString();
            long upTo = in.getLong();
            w.receipt(from, upTo, Receipts.readFailures(in), report);
        });
    }

    @Test
    void aReceiptAccountsForEveryPostUpToItsNumber() {
        PostWindow w = sent(5);
        Receipts r = new Receipts("b");
        assertTrue(r.arrived("a", 1), "the first post of a burst asks for a flush");
        for (int i = 2; i <= 4; i++) {
            assertTrue(!r.arrived("a", i), "later posts of the burst do not");
        }
        deliver(r, w);
        assertEquals(List.of(), failed);
        assertEquals(1, w.inFlight(), "post 5 has no receipt yet");
    }

    @Test
    void aGapIsLostAndARefusalIsRefused() {
        PostWindow w = sent(6);
        Receipts r = new Receipts("b");
        r.arrived("a", 1);
        r.arrived("a", 4);                       // 2 and 3 never came
        r.failed("a", 4, "REFUSED", "too large");
        r.arrived("a", 5);
        deliver(r, w);
        assertEquals(List.of("2 ev2 LOST", "3 ev3 LOST", "4 ev4 REFUSED"), failed);
        assertEquals(1, w.inFlight());
    }

    @Test
    void postsWithoutReceiptTimeOutAndANodeThatLeftFailsTheRest() {
        PostWindow w = new PostWindow();
        w.send("b", null, "sink", "old", 100);
        w.send("b", null, "sink", "new", 200);
        w.send("c", null, "other", "to-c", 100);
        w.expire(150, "no receipt", report);
        assertEquals(java.util.Set.of("1 old TIMEOUT", "1 to-c TIMEOUT"), new java.util.HashSet<>(failed));
        failed.clear();
        w.nodeLeft("b", "NODE_LEFT", "b left", report);
        assertEquals(List.of("2 new NODE_LEFT"), failed);
        assertEquals(0, w.inFlight());
        assertEquals(1, w.send("b", null, "sink", "again", 300), "a node seen again starts a new channel");
    }

    @Test
    void aTruncatedReceiptIsRefused() {
        Frame.Reader in = new Frame.Reader(Buffer.buffer().appendByte(Frame.RECEIPT).appendInt(5).appendByte((byte) 1));
        in.kind();
        try {
            in.getString();
        } catch (ClusterCodecException e) {
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            return;
        }
        throw new AssertionError("no ClusterCodecException");
    }
}
