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
 * The plain limit of the TCP echo: one thread, one {@link Selector}, no framework. Runs on
 * the caller's thread, loaded by an {@link EchoClient}, until every connection closed.
 *
 * <pre>{@code
 * long roundTrips = NioEchoServer.run(100, 50_000, 32);
 * }</pre>
 */
public final class NioEchoServer {

    private NioEchoServer() {
    }

    /** Serves until the client is done; returns its round trips. */
    public static long run(int connections, int roundTrips, int messageBytes) {
        try (ServerSocketChannel server = EchoClient.listen(); Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            EchoClient client = new EchoClient((InetSocketAddress) server.getLocalAddress(), connections, roundTrips,
                    messageBytes);
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
                            c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(Math.max(256, messageBytes)));
                        }
                        continue;
                    }
                    SocketChannel c = (SocketChannel) key.channel();
                    ByteBuffer b = (ByteBuffer) key.attachment();
                    if (key.isWritable()) {
                        c.write(b);
                        if (!b.hasRemaining()) {
                            b.clear();
                            key.interestOps(SelectionKey.OP_READ);
                        }
                        continue;
                    }
                    if (c.read(b) < 0) {
                        key.cancel();
                        c.close();
                        closed++;
                        continue;
                    }
                    b.flip();
                    c.write(b);
                    if (b.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_WRITE);
                    } else {
                        b.clear();
                    }
                }
            }
            return client.await(60);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
