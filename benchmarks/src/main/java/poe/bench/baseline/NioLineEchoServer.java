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
import java.util.Iterator;

import poe.bench.workload.EchoClient;

/**
 * The plain limit of the line echo: one thread, one {@link Selector}, no framework, lines
 * framed by hand. Each read is scanned for LF; everything up to the last LF is written
 * back, a partial line stays in the buffer for the next read. Runs on the caller's thread,
 * loaded by {@link EchoClient#lines}, until every connection closed. It must beat every
 * server in the same run: that shows the load generator is not what limits them.
 *
 * <pre>{@code
 * long lines = NioLineEchoServer.run(64, 32_000, 48);
 * }</pre>
 */
public final class NioLineEchoServer {

    /** Longest line (and read buffer) per connection. */
    private static final int BUFFER = 1024;

    private NioLineEchoServer() {
    }

    /** One connection: bytes read and not yet echoed, and the output being written. */
    private static final class Conn {
        final ByteBuffer in = ByteBuffer.allocate(BUFFER);
        final ByteBuffer out = ByteBuffer.allocate(BUFFER);
    }

    /** Serves until the client is done; returns its lines echoed. */
    public static long run(int connections, int lines, int lineBytes) {
        try (ServerSocketChannel server = EchoClient.listen(); Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            EchoClient client = EchoClient.lines((InetSocketAddress) server.getLocalAddress(), connections, lines,
                    lineBytes);
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
                    if (echoLines(conn) && !write(c, conn)) {
                        key.interestOps(SelectionKey.OP_WRITE);   // reads wait until the echo is out
                    }
                    if (!conn.in.hasRemaining()) {
                        throw new IOException("a line longer than " + BUFFER + " bytes");
                    }
                }
            }
            return client.await(60);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the complete lines of {@code in} to {@code out}; true if there were any. */
    private static boolean echoLines(Conn conn) {
        ByteBuffer in = conn.in;
        byte[] a = in.array();
        int end = in.position();
        int last = end - 1;
        while (last >= 0 && a[last] != '\n') {
            last--;
        }
        if (last < 0) {
            return false;
        }
        int n = last + 1;
        conn.out.put(a, 0, n);
        System.arraycopy(a, n, a, 0, end - n);   // keep the partial line
        in.position(end - n);
        return true;
    }

    /** Writes what is in {@code out}; true when all of it went. */
    private static boolean write(SocketChannel c, Conn conn) throws IOException {
        ByteBuffer out = conn.out;
        out.flip();
        c.write(out);
        boolean done = !out.hasRemaining();
        out.compact();
        return done;
    }
}
