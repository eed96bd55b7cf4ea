package poe.bench.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import poe.EventContext;
import poe.Kernel;
import poe.Session;

/**
 * A TCP echo server on raw select watchers ({@code selectRead}/{@code selectWrite}),
 * loaded by an {@link EchoClient} over loopback: many connections, short messages. Rated
 * as round trips per second.
 *
 * <pre>{@code
 * new TcpEcho(100, 50_000, 32)
 * }</pre>
 */
public final class TcpEcho implements KernelWorkload {

    private final int connections;
    private final int roundTrips;
    private final int messageBytes;
    private EchoClient client;
    private int closed;

    /**
     * @param connections  client connections
     * @param roundTrips   round trips in all
     * @param messageBytes bytes per message
     */
    public TcpEcho(int connections, int roundTrips, int messageBytes) {
        this.connections = connections;
        this.roundTrips = roundTrips;
        this.messageBytes = messageBytes;
    }

    @Override
    public String name() {
        return "tcp-echo";
    }

    @Override
    public long ops() {
        return roundTrips;
    }

    @Override
    public void start(Kernel kernel) {
        ServerSocketChannel server = EchoClient.listen();
        InetSocketAddress address;
        try {
            address = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Session.builder()
                .on("_start", ev -> ev.kernel().selectRead(server, "accept"))
                .on("accept", ev -> {
                    SocketChannel c;
                    while ((c = server.accept()) != null) {
                        c.configureBlocking(false);
                        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        ev.kernel().selectRead(c, "read", ByteBuffer.allocate(Math.max(256, messageBytes)));
                    }
                })
                .on("read", ev -> {
                    SocketChannel c = ev.arg(0);
                    ByteBuffer b = ev.arg(2);
                    if (c.read(b) < 0) {
                        ev.kernel().selectRead(c);
                        c.close();
                        if (++closed == connections) {
                            ev.kernel().selectRead(server);
                            server.close();
                        }
                        return;
                    }
                    b.flip();
                    c.write(b);
                    if (b.hasRemaining()) {
                        ev.kernel().selectPauseRead(c);
                        ev.kernel().selectWrite(c, "flush", b);
                    } else {
                        b.clear();
                    }
                })
                .on("flush", ev -> flush(ev))
                .create(kernel);
        client = new EchoClient(address, connections, roundTrips, messageBytes);
        client.start();
    }

    private static void flush(EventContext ev) throws IOException {
        SocketChannel c = ev.arg(0);
        ByteBuffer b = ev.arg(2);
        c.write(b);
        if (!b.hasRemaining()) {
            b.clear();
            ev.kernel().selectWrite(c);
            ev.kernel().selectResumeRead(c);
        }
    }

    @Override
    public void verify() {
        KernelWorkload.expect("round trips", roundTrips, client.await(60));
        KernelWorkload.expect("connections closed", connections, closed);
    }
}
