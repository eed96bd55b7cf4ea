package poe.bench.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * The TCP echo's and the line echo's load: one thread with a plain NIO selector and many
 * connections, each sending a short message, waiting for its echo, and again, until each
 * connection has made its share of round trips; then it closes. The same client measures
 * every server.
 *
 * <p>{@link #lines} makes the line echo's client: each connection sends its own line
 * (its number, padded, ending in CR LF) and checks that the echo is that line, byte for
 * byte, so a server that mixes up connections or mangles lines fails the run.
 *
 * <pre>{@code
 * EchoClient client = new EchoClient(serverAddress, 100, 50_000, 32);
 * client.start();
 * ... run the server ...
 * long roundTrips = client.await(60);   // throws if the client failed or timed out
 * }</pre>
 */
public final class EchoClient extends LoadGenerator {

    private final InetSocketAddress server;
    private final int connections;
    private final int perConnection;
    private final int messageBytes;
    private final boolean lines;

    /**
     * @param server        where to connect
     * @param connections   how many connections
     * @param roundTrips    round trips in all (a multiple of {@code connections})
     * @param messageBytes  bytes per message
     */
    public EchoClient(InetSocketAddress server, int connections, int roundTrips, int messageBytes) {
        this(server, connections, roundTrips, messageBytes, false);
    }

    /**
     * The line echo's client: each connection sends a line of {@code lineBytes} bytes (CR LF
     * included) and checks that the echo is the same line.
     *
     * @param server      where to connect
     * @param connections how many connections
     * @param lines       lines in all (a multiple of {@code connections})
     * @param lineBytes   bytes per line with its CR LF, at least 16
     * @return the client, not started
     */
    public static EchoClient lines(InetSocketAddress server, int connections, int lines, int lineBytes) {
        if (lineBytes < 16) {
            throw new IllegalArgumentException("lineBytes must be at least 16, got " + lineBytes);
        }
        return new EchoClient(server, connections, lines, lineBytes, true);
    }

    private EchoClient(InetSocketAddress server, int connections, int roundTrips, int messageBytes, boolean lines) {
        super(lines ? "line-client" : "echo-client", "the echo client", "round trips done");
        if (roundTrips % connections != 0) {
            throw new IllegalArgumentException("roundTrips (" + roundTrips + ") must be a multiple of connections ("
                    + connections + ")");
        }
        this.server = server;
        this.connections = connections;
        this.perConnection = roundTrips / connections;
        this.messageBytes = messageBytes;
        this.lines = lines;
    }

    /** One connection's state. */
    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer out;
        final ByteBuffer in;
        /** The line to see echoed; null to check only the length. */
        final byte[] expect;
        int done;

        Conn(SocketChannel channel, byte[] message, boolean check) {
            this.channel = channel;
            this.out = ByteBuffer.wrap(message);
            this.in = ByteBuffer.allocate(message.length);
            this.expect = check ? message : null;
        }
    }

    /** Connection {@code i}'s line: "line NNNNN " padded with dots to {@code bytes}, CR LF last. */
    static byte[] line(int i, int bytes) {
        byte[] b = new byte[bytes];
        Arrays.fill(b, (byte) '.');
        byte[] head = String.format(Locale.ROOT, "line %05d ", i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, Math.min(head.length, bytes - 2));
        b[bytes - 2] = '\r';
        b[bytes - 1] = '\n';
        return b;
    }

    @Override
    void generate() throws IOException {
        byte[] message = new byte[messageBytes];
        Arrays.fill(message, (byte) 'x');
        long done = 0;
        int open = connections;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open();
                c.configureBlocking(false);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Conn conn = new Conn(c, lines ? line(i, messageBytes) : message, lines);
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
                    if (key.isReadable()) {
                        int r = conn.channel.read(conn.in);
                        if (r < 0) {
                            throw new IOException("the server closed a connection early");
                        }
                        if (conn.in.hasRemaining()) {
                            continue;
                        }
                        if (conn.expect != null && !Arrays.equals(conn.in.array(), conn.expect)) {
                            throw new IOException("connection " + conn.channel.getLocalAddress() + " sent '"
                                    + printable(conn.expect) + "' and got back '" + printable(conn.in.array()) + "'");
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
        }
        progress(done);
    }

    private static String printable(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII).replace("\r", "\\r").replace("\n", "\\n");
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

    /**
     * Opens a listening socket on the loopback address, on a free port.
     *
     * @return the bound server channel (blocking mode, as opened)
     */
    public static ServerSocketChannel listen() {
        try {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on the loopback address", e);
        }
    }
}
