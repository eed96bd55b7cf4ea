package poe.bench.workload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

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
public final class ConnectLoad extends LoadGenerator {

    private final InetSocketAddress server;
    private final int concurrency;
    private final int total;

    /**
     * @param server      where to connect
     * @param concurrency connections open at once
     * @param total       connections in all
     */
    public ConnectLoad(InetSocketAddress server, int concurrency, int total) {
        super("connect-load", "the connect load", "connections closed");
        this.server = server;
        this.concurrency = Math.min(concurrency, total);
        this.total = total;
    }

    @Override
    void generate() throws IOException {
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
                        progress(done);
                        if (started < total) {
                            open(selector);
                            started++;
                        }
                    }
                }
            }
        }
        progress(done);
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
