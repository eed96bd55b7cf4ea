package poe.cluster;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;

/**
 * The body of a post, a call and a receipt on the event bus: one buffer, no headers (a
 * header costs a map and its strings on both sides of every message). Strings are an int
 * length and UTF-8; the encoded arguments ({@link ArgCodec}) are the rest of the buffer.
 *
 * <pre>{@code
 * Buffer b = Frame.post(-1, nodeId, "item", codec.encode(args, max));
 * Frame.Reader r = new Frame.Reader(b);
 * byte kind = r.kind();            // Frame.POST
 * long seq = r.getLong();          // -1: acknowledged by a reply, not by receipts
 * }</pre>
 */
final class Frame {

    /** A post: kind, seq (long, 0 until sent; -1 when acknowledged by a reply), from node, event, args. */
    static final byte POST = 'P';
    /** A call (request/reply, the reply is the answer): kind, event, args. */
    static final byte CALL = 'C';
    /** Receipts for posts: kind, from node, upTo (long), count, count x (first, last, kind, reason). */
    static final byte RECEIPT = 'R';

    /** Where a post's sequence number sits, written when the post is sent. */
    static final int SEQ_OFFSET = 1;

    private Frame() {
    }

    static Buffer post(String from, String event, byte[] args) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] e = event.getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(1 + 8 + 4 + f.length + 4 + e.length + args.length).appendByte(POST).appendLong(0)
                .appendInt(f.length).appendBytes(f).appendInt(e.length).appendBytes(e).appendBytes(args);
    }

    static Buffer call(String event, byte[] args) {
        byte[] e = event.getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(1 + 4 + e.length + args.length).appendByte(CALL).appendInt(e.length).appendBytes(e)
                .appendBytes(args);
    }

    static Buffer appendString(Buffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return b.appendInt(bytes.length).appendBytes(bytes);
    }

    /** Reads a frame front to back; every read checks the bytes left. */
    static final class Reader {
        private final Buffer b;
        private int pos;

        Reader(Buffer b) {
            this.b = b;
        }

        byte kind() {
            need(1);
            return b.getByte(pos++);
        }

        long getLong() {
            need(8);
            long v = b.getLong(pos);
            pos += 8;
            return v;
        }

        int getInt() {
            need(4);
            int v = b.getInt(pos);
            pos += 4;
            return v;
        }

        String getString() {
            int n = getInt();
            if (n < 0) {
                throw new ClusterCodecException("bad string length " + n);
            }
            need(n);
            String s = b.getString(pos, pos + n, "UTF-8");
            pos += n;
            return s;
        }

        /** The rest of the frame: the encoded arguments. */
        byte[] rest() {
            byte[] r = b.getBytes(pos, b.length());
            pos = b.length();
            return r;
        }

        int remaining() {
            return b.length() - pos;
        }

        private void need(int n) {
            if (b.length() - pos < n) {
                throw new ClusterCodecException("truncated frame: " + n + " bytes needed at " + pos + " of "
                        + b.length());
            }
        }
    }
}
