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
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * The TCP echo's load: one thread with a plain NIO selector and many connections, each
 * sending a short message, waiting for its echo, and again, until each connection has
 * made its share of round trips; then it closes. The same client measures every server.
 *
 * <pre>{@code
 * EchoClient client = new EchoClient(serverAddress, 100, 50_000, 32);
 * client.start();
 * ... run the server ...
 * long roundTrips = client.await(60);   // throws if the client failed or timed out
 * }</pre>
 */
public final class EchoClient {

    private final InetSocketAddress server;
    private final int connections;
    private final int perConnection;
    private final int messageBytes;
    private final Thread thread;
    private volatile long completed;
    private volatile Throwable failure;

    /**
     * @param server        where to connect
     * @param connections   how many connections
     * @param roundTrips    round trips in all (a multiple of {@code connections})
     * @param messageBytes  bytes per message
     */
    public EchoClient(InetSocketAddress server, int connections, int roundTrips, int messageBytes) {
        if (roundTrips % connections != 0) {
            throw new IllegalArgumentException("roundTrips (" + roundTrips + ") must be a multiple of connections ("
                    + connections + ")");
        }
        this.server = server;
        this.connections = connections;
        this.perConnection = roundTrips / connections;
        this.messageBytes = messageBytes;
        this.thread = new Thread(this::runSafely, "echo-client");
        this.thread.setDaemon(true);
    }

    /** Starts connecting and sending. */
    public void start() {
        thread.start();
    }

    /**
     * Waits for every connection to finish.
     *
     * @param timeoutSeconds how long at most
     * @return round trips completed
     * @throws IllegalStateException if the client failed or did not finish in time
     */
    public long await(long timeoutSeconds) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the echo client", e);
        }
        if (thread.isAlive()) {
            thread.interrupt();
            throw new IllegalStateException("the echo client did not finish in " + timeoutSeconds + " s ("
                    + completed + " round trips done)");
        }
        if (failure != null) {
            throw new IllegalStateException("the echo client failed: " + failure, failure);
        }
        return completed;
    }

    /** One connection's state. */
    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer out;
        final ByteBuffer in;
        int done;

        Conn(SocketChannel channel, byte[] message) {
            this.channel = channel;
            this.out = ByteBuffer.wrap(message);
            this.in = ByteBuffer.allocate(message.length);
        }
    }

    private void runSafely() {
        try {
            run();
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void run() throws IOException {
        byte[] message = new byte[messageBytes];
        Arrays.fill(message, (byte) 'x');
        long done = 0;
        int open = connections;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open();
                c.configureBlocking(false);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Conn conn = new Conn(c, message);
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
                        conn.in.clear();
                        done++;
                        completed = done;
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
        completed = done;
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
