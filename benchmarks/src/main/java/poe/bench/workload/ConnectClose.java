package poe.bench.workload;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import poe.Kernel;
import poe.component.TcpServer;

/**
 * Connections accepted and closed: a {@link TcpServer} whose client sessions shut down as
 * soon as they are connected (ClientConnected calls {@code shutdown()}), loaded by
 * {@link ConnectLoad} (64 connection attempts at a time). Each connection costs an
 * accept, a client session with its wheel, and a close. Rated as connections per second.
 *
 * <pre>{@code
 * new ConnectClose(64, 4_000)
 * }</pre>
 */
public final class ConnectClose implements KernelWorkload {

    private final int concurrency;
    private final int total;
    private ConnectLoad client;
    private int connected;
    private int disconnected;

    /**
     * @param concurrency connection attempts at once
     * @param total       connections in all
     */
    public ConnectClose(int concurrency, int total) {
        this.concurrency = concurrency;
        this.total = total;
    }

    @Override
    public String name() {
        return "connect-close";
    }

    @Override
    public long ops() {
        return total;
    }

    @Override
    public void start(Kernel kernel) {
        TcpServer[] server = new TcpServer[1];
        server[0] = TcpServer.builder()
                .address(InetAddress.getLoopbackAddress().getHostAddress())
                .port(0)
                .listenQueue(1024)
                .clientConnected(ev -> {
                    connected++;
                    TcpServer.client(ev).shutdown();
                })
                .clientInput(ev -> {
                    throw new IllegalStateException("connect-close: the client sent a line");
                })
                .clientDisconnected(ev -> {
                    if (++disconnected == total) {
                        server[0].shutdown();
                    }
                })
                .create(kernel);
        client = new ConnectLoad(new InetSocketAddress(InetAddress.getLoopbackAddress(), server[0].port()),
                concurrency, total);
        client.start();
    }

    @Override
    public void verify() {
        if (client == null) {
            throw new IllegalStateException("connect-close: the server never started");
        }
        KernelWorkload.expect("connections closed by the server (client)", total, client.await(60));
        KernelWorkload.expect("clients connected (server)", total, connected);
        KernelWorkload.expect("clients disconnected (server)", total, disconnected);
    }
}
