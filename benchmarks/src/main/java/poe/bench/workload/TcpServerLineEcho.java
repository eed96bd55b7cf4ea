package poe.bench.workload;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import poe.Kernel;
import poe.component.TcpServer;

/**
 * The line echo written with the {@link TcpServer} component (its default filter is
 * {@code Line}): the same load as {@link LineEcho} ({@link EchoClient#lines}), one client
 * session per connection made by the component. Rated as lines per second.
 *
 * <pre>{@code
 * new TcpServerLineEcho(64, 32_000, 48)
 * }</pre>
 */
public final class TcpServerLineEcho implements KernelWorkload {

    private final int connections;
    private final int lines;
    private final int lineBytes;
    private EchoClient client;
    private long echoed;
    private int connected;
    private int disconnected;

    /**
     * @param connections client connections
     * @param lines       lines in all (a multiple of {@code connections})
     * @param lineBytes   bytes per line, CR LF included
     */
    public TcpServerLineEcho(int connections, int lines, int lineBytes) {
        this.connections = connections;
        this.lines = lines;
        this.lineBytes = lineBytes;
    }

    @Override
    public String name() {
        return "line-echo";
    }

    @Override
    public long ops() {
        return lines;
    }

    @Override
    public void start(Kernel kernel) {
        TcpServer[] server = new TcpServer[1];
        server[0] = TcpServer.builder()
                .address(InetAddress.getLoopbackAddress().getHostAddress())
                .port(0)
                .listenQueue(1024)
                .clientConnected(ev -> connected++)
                .clientInput(ev -> {
                    TcpServer.client(ev).put(ev.arg(TcpServer.ARG_INPUT));
                    echoed++;
                })
                .clientDisconnected(ev -> {
                    // the client closes each connection after its last line
                    if (++disconnected == connections) {
                        server[0].shutdown();
                    }
                })
                .create(kernel);
        client = EchoClient.lines(new InetSocketAddress(InetAddress.getLoopbackAddress(), server[0].port()),
                connections, lines, lineBytes);
        client.start();
    }

    /** Lines the server echoed (after the run). */
    public long echoed() {
        return echoed;
    }

    @Override
    public void verify() {
        if (client == null) {
            throw new IllegalStateException("line-echo (TcpServer): the server never started");
        }
        KernelWorkload.expect("lines echoed (client)", lines, client.await(60));
        KernelWorkload.expect("lines echoed (server)", lines, echoed);
        KernelWorkload.expect("clients connected", connections, connected);
        KernelWorkload.expect("clients disconnected", connections, disconnected);
    }
}
