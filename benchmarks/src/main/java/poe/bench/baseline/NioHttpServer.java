package poe.bench.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

import poe.bench.workload.ConnectLoad;
import poe.bench.workload.EchoClient;
import poe.bench.workload.HttpLoad;

/**
 * The plain limits of http-hello and connect-close: one thread, one {@link Selector}, no
 * framework. For http-hello each request head (up to its blank line; the load's GETs have
 * no body) is answered with one fixed response, bytes prepared once; nothing is parsed.
 * For connect-close each accepted socket is closed at once. They must beat every server in
 * the same run: that shows the load generator is not what limits them.
 *
 * <pre>{@code
 * long responses = NioHttpServer.httpHello(64, 16_000);
 * long closed = NioHttpServer.connectClose(64, 4_000);
 * }</pre>
 */
public final class NioHttpServer {

    private static final int BUFFER = 4096;

    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + HttpLoad.BODY.length + "\r\n\r\n" + new String(HttpLoad.BODY, StandardCharsets.US_ASCII))
            .getBytes(StandardCharsets.US_ASCII);

    private NioHttpServer() {
    }

    /** One connection: bytes read and not yet answered, and the output being written. */
    private static final class Conn {
        final ByteBuffer in = ByteBuffer.allocate(BUFFER);
        final ByteBuffer out = ByteBuffer.allocate(BUFFER * 4);
    }

    /** Serves keep-alive GETs until the load is done; returns its responses received. */
    public static long httpHello(int connections, int requests) {
        try (ServerSocketChannel server = EchoClient.listen(); Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            HttpLoad client = new HttpLoad((InetSocketAddress) server.getLocalAddress(), connections, requests,
                    HttpLoad.BODY);
            client.start();
            int closed = 0;
            while (closed < connections) {
                selector.select(1000);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isAcceptable()) {
                        SocketChannel c;
                        while ((c = server.accept()) != null) {
                            c.configureBlocking(false);
                            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            c.register(selector, SelectionKey.OP_READ, new Conn());
                        }
                        continue;
                    }
                    SocketChannel c = (SocketChannel) key.channel();
                    Conn conn = (Conn) key.attachment();
                    if (key.isWritable()) {
                        if (write(c, conn)) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                        continue;
                    }
                    if (c.read(conn.in) < 0) {
                        key.cancel();
                        c.close();
                        closed++;
                        continue;
                    }
                    if (answer(conn) && !write(c, conn)) {
                        key.interestOps(SelectionKey.OP_WRITE);
                    }
                    if (!conn.in.hasRemaining()) {
                        throw new IOException("a request head over " + BUFFER + " bytes");
                    }
                }
            }
            return client.await(60);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers each complete request head in {@code in}; true if there were any. */
    private static boolean answer(Conn conn) {
        ByteBuffer in = conn.in;
        byte[] a = in.array();
        int end = in.position();
        int consumed = 0;
        for (int i = 3; i < end; i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                conn.out.put(RESPONSE);
                consumed = i + 1;
            }
        }
        if (consumed == 0) {
            return false;
        }
        System.arraycopy(a, consumed, a, 0, end - consumed);
        in.position(end - consumed);
        return true;
    }

    private static boolean write(SocketChannel c, Conn conn) throws IOException {
        ByteBuffer out = conn.out;
        out.flip();
        c.write(out);
        boolean done = !out.hasRemaining();
        out.compact();
        return done;
    }

    /** Accepts and closes at once until the load is done; returns the connections it saw closed. */
    public static long connectClose(int concurrency, int total) {
        try (ServerSocketChannel server = EchoClient.listen(); Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            ConnectLoad client = new ConnectLoad((InetSocketAddress) server.getLocalAddress(), concurrency, total);
            client.start();
            int accepted = 0;
            while (accepted < total) {
                selector.select(1000);
                selector.selectedKeys().clear();
                SocketChannel c;
                while ((c = server.accept()) != null) {
                    c.close();
                    accepted++;
                }
            }
            return client.await(60);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
