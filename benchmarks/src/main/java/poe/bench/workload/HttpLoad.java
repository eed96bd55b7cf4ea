package poe.bench.workload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * The http-hello load (wrk is not installed on the benchmark machine, so this is the
 * generator, and the report says so): one thread with a plain NIO selector and many
 * keep-alive connections, each sending {@code GET /hello HTTP/1.1}, waiting for the whole
 * response and sending the next, until each has made its share; then it closes. Every
 * response is checked: status 200, a {@code Content-Length} framing exactly the expected
 * body, nothing extra, the connection left open. A lost, short, extra or wrong response
 * fails the run. The same client loads every server.
 *
 * <pre>{@code
 * HttpLoad load = new HttpLoad(serverAddress, 64, 16_000, HttpLoad.BODY);
 * load.start();
 * ... run the server ...
 * long responses = load.await(60);   // throws if the client failed or timed out
 * }</pre>
 */
public final class HttpLoad extends LoadGenerator {

    /** The body every server answers with. */
    public static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    /** The request every connection sends (HTTP/1.1: keep-alive by default). */
    static final byte[] REQUEST = "GET /hello HTTP/1.1\r\nHost: localhost\r\nUser-Agent: poe-bench\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private static final int BUFFER = 4096;

    private final InetSocketAddress server;
    private final int connections;
    private final int perConnection;
    private final byte[] body;

    /**
     * @param server      where to connect
     * @param connections how many keep-alive connections
     * @param requests    requests in all (a multiple of {@code connections})
     * @param body        the body each response must carry
     */
    public HttpLoad(InetSocketAddress server, int connections, int requests, byte[] body) {
        super("http-load", "the HTTP load", "responses");
        if (requests % connections != 0) {
            throw new IllegalArgumentException("requests (" + requests + ") must be a multiple of connections ("
                    + connections + ")");
        }
        this.server = server;
        this.connections = connections;
        this.perConnection = requests / connections;
        this.body = body.clone();
    }

    /** One connection's state. */
    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer out = ByteBuffer.wrap(REQUEST);
        final ByteBuffer in = ByteBuffer.allocate(BUFFER);
        int done;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    @Override
    void generate() throws IOException {
        long done = 0;
        int open = connections;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open();
                c.configureBlocking(false);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Conn conn = new Conn(c);
                if (c.connect(server)) {
                    send(c.register(selector, 0, conn), conn);
                } else {
                    c.register(selector, SelectionKey.OP_CONNECT, conn);
                }
            }
            while (open > 0) {
                if (Thread.interrupted()) {
                    throw new IllegalStateException("interrupted");
                }
                selector.select(1000);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    Conn conn = (Conn) key.attachment();
                    if (key.isConnectable()) {
                        conn.channel.finishConnect();
                        send(key, conn);
                        continue;
                    }
                    if (key.isWritable()) {
                        send(key, conn);
                        continue;
                    }
                    if (!key.isReadable()) {
                        continue;
                    }
                    if (conn.channel.read(conn.in) < 0) {
                        throw new IOException("the server closed a keep-alive connection after " + conn.done
                                + " responses" + (conn.in.position() > 0 ? " and part of one" : ""));
                    }
                    int length = responseLength(conn.in);
                    if (length < 0) {
                        if (!conn.in.hasRemaining()) {
                            throw new IOException("a response head over " + BUFFER + " bytes");
                        }
                        continue;   // not complete yet
                    }
                    if (conn.in.position() > length) {
                        throw new IOException("bytes after the response, before the next request: "
                                + printable(conn.in.array(), length, conn.in.position()));
                    }
                    conn.in.clear();
                    done++;
                    progress(done);
                    if (++conn.done == perConnection) {
                        key.cancel();
                        conn.channel.close();
                        open--;
                    } else {
                        send(key, conn);
                    }
                }
            }
        }
        progress(done);
    }

    /**
     * The length of the complete response at the start of {@code in}, checked, or -1 while
     * it is incomplete.
     */
    private int responseLength(ByteBuffer in) throws IOException {
        byte[] a = in.array();
        int end = in.position();
        int head = -1;
        for (int i = 3; i < end; i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                head = i + 1;
                break;
            }
        }
        if (head < 0) {
            return -1;
        }
        String h = new String(a, 0, head, StandardCharsets.ISO_8859_1);
        if (!h.startsWith("HTTP/1.1 200 ")) {
            throw new IOException("not a 200 response: " + printable(a, 0, head));
        }
        int length = -1;
        for (String line : h.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                throw new IOException("the server ends the keep-alive connection: " + printable(a, 0, head));
            } else if (name.equals("transfer-encoding")) {
                throw new IOException("expected Content-Length framing: " + printable(a, 0, head));
            }
        }
        if (length != body.length) {
            throw new IOException("Content-Length " + length + ", expected " + body.length + ": "
                    + printable(a, 0, head));
        }
        if (end < head + length) {
            return -1;
        }
        if (!Arrays.equals(a, head, head + length, body, 0, body.length)) {
            throw new IOException("wrong body: " + printable(a, head, head + length));
        }
        return head + length;
    }

    private static String printable(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
    }

    private static void send(SelectionKey key, Conn conn) throws IOException {
        if (!conn.out.hasRemaining()) {
            conn.out.clear();
        }
        conn.channel.write(conn.out);
        if (conn.out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
        } else {
            conn.out.clear();
            key.interestOps(SelectionKey.OP_READ);
        }
    }
}
