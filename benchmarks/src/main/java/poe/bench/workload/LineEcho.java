package poe.bench.workload;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

import poe.Kernel;
import poe.Session;
import poe.SessionBuilder;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/**
 * A line echo server written as a POE program would be: a {@link SocketFactory} listens,
 * and each accepted connection gets a session of its own with a {@link ReadWrite} wheel
 * (SysRW driver, Line filter: the defaults) that puts back every line it reads. Loaded by
 * {@link EchoClient#lines}: many connections, each sending a line and waiting for its echo.
 * Rated as lines per second.
 *
 * <pre>{@code
 * new LineEcho(64, 32_000, 48)
 * }</pre>
 */
public final class LineEcho implements KernelWorkload {

    private final int connections;
    private final int lines;
    private final int lineBytes;
    private EchoClient client;
    private SocketFactory listener;
    private Session server;
    private int accepted;
    private int closed;
    private long echoed;

    /** One connection's state: the session's heap. */
    private static final class Connection {
        ReadWrite wheel;
    }

    /**
     * @param connections client connections
     * @param lines       lines in all (a multiple of {@code connections})
     * @param lineBytes   bytes per line, CR LF included
     */
    public LineEcho(int connections, int lines, int lineBytes) {
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
        SessionBuilder connection = Session.builder()
                .on("_start", ev -> {
                    Connection c = ev.heap();
                    c.wheel = ReadWrite.builder()
                            .handle((SocketChannel) ev.arg(0))
                            .inputEvent("line")
                            .errorEvent("error")
                            .create(ev.kernel());
                })
                .on("line", ev -> {
                    Connection c = ev.heap();
                    c.wheel.put(ev.arg(ReadWrite.ARG_INPUT));
                    echoed++;
                })
                .on("error", ev -> {
                    // the client closes each connection after its last line: "read", "0"
                    Connection c = ev.heap();
                    c.wheel.close();
                    if (++closed == connections) {
                        ev.kernel().post(server, "done");   // the listener is the server session's to close
                    }
                });
        server = Session.builder()
                .on("_start", ev -> {
                    listener = SocketFactory.builder()
                            .bindAddress(InetAddress.getLoopbackAddress().getHostAddress())
                            .bindPort(0)
                            .listenQueue(1024)
                            .successEvent("accepted")
                            .failureEvent("failed")
                            .create(ev.kernel());
                    client = EchoClient.lines(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                            listener.port()), connections, lines, lineBytes);
                    client.start();
                })
                .on("accepted", ev -> {
                    accepted++;
                    connection.heap(new Connection()).args((Object) ev.arg(SocketFactory.ARG_SOCKET))
                            .create(ev.kernel());
                })
                .on("done", ev -> listener.close())
                .on("failed", ev -> {
                    throw new IllegalStateException("line-echo server: " + ev.arg(SocketFactory.ARG_OPERATION)
                            + " failed: " + ev.arg(SocketFactory.ARG_ERRNO) + " " + ev.arg(SocketFactory.ARG_MESSAGE));
                })
                .create(kernel);
    }

    /** Lines the server echoed (after the run). */
    public long echoed() {
        return echoed;
    }

    @Override
    public void verify() {
        if (client == null) {
            throw new IllegalStateException("line-echo: the server never started");
        }
        KernelWorkload.expect("lines echoed (client)", lines, client.await(60));
        KernelWorkload.expect("lines echoed (server)", lines, echoed);
        KernelWorkload.expect("connections accepted", connections, accepted);
        KernelWorkload.expect("connections closed", connections, closed);
    }
}
