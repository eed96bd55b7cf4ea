package poe.bench.workload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * The connect-close load: one thread with a plain NIO selector keeps {@code concurrency}
 * connection attempts open; each connects, waits for the server to close it (end of
 * input, with no byte before it), closes its end and is replaced, until {@code total}
 * connections were closed by the server. The server closes first, so the client's ports
 * do not linger in TIME_WAIT. The same client loads every server.
 *
 * <pre>{@code
 * ConnectLoad load = new ConnectLoad(serverAddress, 64, 4_000);
 * load.start();
 * long closed = load.await(60);
 * }</pre>
 */
public final class ConnectLoad {

    private final InetSocketAddress server;
    private final int concurrency;
    private final int total;
    private final Thread thread;
    private volatile long completed;
    private volatile Throwable failure;

    /**
     * @param server      where to connect
     * @param concurrency connections open at once
     * @param total       connections in all
     */
    public ConnectLoad(InetSocketAddress server, int concurrency, int total) {
        this.server = server;
        this.concurrency = Math.min(concurrency, total);
        this.total = total;
        this.thread = new Thread(this::runSafely, "connect-load");
        this.thread.setDaemon(true);
    }

    /** Starts connecting. */
    public void start() {
        thread.start();
    }

    /**
     * Waits until every connection was closed by the server.
     *
     * @param timeoutSeconds how long at most
     * @return connections the server accepted and closed
     * @throws IllegalStateException if the client failed or did not finish in time
     */
    public long await(long timeoutSeconds) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the connect load", e);
        }
        if (thread.isAlive()) {
            thread.interrupt();
            throw new IllegalStateException("the connect load did not finish in " + timeoutSeconds + " s ("
                    + completed + " connections closed)");
        }
        if (failure != null) {
            throw new IllegalStateException("the connect load failed: " + failure, failure);
        }
        return completed;
    }

    private void runSafely() {
        try {
            run();
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void run() throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(64);
        long done = 0;
        int started = 0;
        try (Selector selector = Selector.open()) {
            for (; started < concurrency; started++) {
                open(selector);
            }
            while (done < total) {
                if (Thread.interrupted()) {
                    throw new IllegalStateException("interrupted");
                }
                selector.select(1000);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    SocketChannel c = (SocketChannel) key.channel();
                    if (key.isConnectable()) {
                        c.finishConnect();
                        key.interestOps(SelectionKey.OP_READ);
                        continue;
                    }
                    sink.clear();
                    int r = c.read(sink);
                    if (r > 0) {
                        throw new IOException("the server sent " + r + " bytes; expected it to close at once");
                    }
                    if (r < 0) {
                        key.cancel();
                        c.close();
                        done++;
                        completed = done;
                        if (started < total) {
                            open(selector);
                            started++;
                        }
                    }
                }
            }
        }
        completed = done;
    }

    private void open(Selector selector) throws IOException {
        SocketChannel c = SocketChannel.open();
        c.configureBlocking(false);
        if (c.connect(server)) {
            c.register(selector, SelectionKey.OP_READ);
        } else {
            c.register(selector, SelectionKey.OP_CONNECT);
        }
    }
}
