package poe.examples;

import java.io.PrintStream;
import java.util.function.BiConsumer;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.component.TcpClient;
import poe.component.TcpServer;
import poe.filter.Stream;
import poe.wheel.ErrnoNames;

/**
 * A TCP forwarder on the components: a {@link TcpServer} accepts, and each accepted
 * connection's session starts a {@link TcpClient} (its child session) to the target; bytes
 * go both ways through {@link Stream} filters. {@link TcpForwarderWheels} is the same
 * program on bare wheels.
 *
 * <ul>
 *   <li>Flow control: when more than 1 MiB waits to be written to one side, reading from
 *       the other side pauses until that side has flushed.</li>
 *   <li>Half-close: when the client ends its output, the target's output is shut down once
 *       everything before it was written, and the target's answer still comes back
 *       (TcpServer's {@code clientShutdownOnError(false)}). When the target ends first, the
 *       client's output is shut down after the target's data, and the connection ends:
 *       TcpClient, as POE's Client::TCP, drops a connection at its end of input.</li>
 *   <li>{@code --max N}: at most N connections at once; more wait in the listen queue
 *       (TcpServer's concurrency pauses accepting).</li>
 * </ul>
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.TcpForwarder -Dexec.args="--listen 8081 --to example.com:80 --max 100"
 * curl -H 'Host: example.com' http://127.0.0.1:8081/
 * }</pre>
 *
 * <p>Arguments: {@code --listen PORT} (0: the system picks one and it is printed),
 * {@code --to HOST:PORT}, {@code --max N} (default: no limit), {@code --address A} to
 * listen on (default 127.0.0.1). ^C stops it.
 */
public final class TcpForwarder {

    /** Queued output above which the other side stops being read. */
    static final long HIGH = 1 << 20;

    private TcpForwarder() {
    }

    /** Runs the forwarder; see the class comment for the arguments. */
    public static void main(String[] args) {
        int status = run(args, System.out, (kernel, port) -> { });
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The parsed command line of both forwarders. */
    record Options(String address, int listen, String host, int port, int max) {
        static Options parse(String name, String[] args, PrintStream out) {
            String address = "127.0.0.1";
            int listen = -1;
            String host = null;
            int port = -1;
            int max = 0;
            try {
                for (int i = 0; i < args.length; i++) {
                    switch (args[i]) {
                        case "--listen" -> listen = Integer.parseInt(args[++i]);
                        case "--address" -> address = args[++i];
                        case "--max" -> max = Integer.parseInt(args[++i]);
                        case "--to" -> {
                            String to = args[++i];
                            int colon = to.lastIndexOf(':');
                            host = to.substring(0, colon).replaceAll("^\\[|\\]$", "");
                            port = Integer.parseInt(to.substring(colon + 1));
                        }
                        default -> throw new IllegalArgumentException(args[i]);
                    }
                }
                if (listen < 0 || host == null || port <= 0) {
                    throw new IllegalArgumentException("--listen and --to are required");
                }
            } catch (RuntimeException e) {
                out.println("usage: " + name + " --listen PORT --to HOST:PORT [--max N] [--address A]; got "
                        + String.join(" ", args) + " (" + e.getMessage() + ")");
                return null;
            }
            return new Options(address, listen, host, port, max);
        }
    }

    /** One forwarded connection, shared by the client's session and its TcpClient's. */
    private static final class Pair {
        Session client;
        Session target;              // while the connection to the target is up
        boolean clientGone;
        boolean clientEof;
        boolean clientPaused;
        boolean targetPaused;
    }

    /**
     * Runs the forwarder until interrupted.
     *
     * @param args    the command line
     * @param out     where to print
     * @param started told the kernel and the port once it listens
     * @return 0, 1 if it could not listen, 2 for bad arguments
     */
    static int run(String[] args, PrintStream out, BiConsumer<Kernel, Integer> started) {
        Options o = Options.parse("TcpForwarder", args, out);
        if (o == null) {
            return 2;
        }
        Kernel kernel = Kernel.create();
        boolean[] failed = new boolean[1];
        TcpServer server = TcpServer.builder()
                .address(o.address()).port(o.listen()).concurrency(o.max())
                .clientFilter(Stream::create)
                .clientShutdownOnError(false)                  // end of input is a half-close to carry on
                .clientConnected(ev -> connected(ev, o, out))
                .clientInput(ev -> {
                    Pair p = pair(ev);
                    if (p.target != null) {
                        ev.kernel().call(p.target, "to_target", (Object) ev.arg(TcpServer.ARG_INPUT));
                    }
                })
                .clientError(ev -> {
                    Pair p = pair(ev);
                    if ("read".equals(ev.arg(0)) && ErrnoNames.EOF.equals(ev.arg(1))) {
                        p.clientEof = true;
                        if (p.target != null) {
                            ev.kernel().call(p.target, "client_eof");
                        } else {
                            TcpServer.client(ev).shutdown();
                        }
                    } else {                                    // a reset or a failed write: drop both
                        TcpServer.client(ev).shutdown();
                    }
                })
                .clientFlushed(ev -> {
                    Pair p = pair(ev);
                    if (p.targetPaused && p.target != null) {
                        p.targetPaused = false;
                        ev.kernel().call(p.target, "resume");
                    }
                })
                .clientDisconnected(ev -> {
                    Pair p = pair(ev);
                    p.clientGone = true;
                    if (p.target != null) {
                        ev.kernel().call(p.target, TcpClient.SHUTDOWN);
                    }
                })
                .clientState("to_client", ev -> {
                    Pair p = pair(ev);
                    TcpServer.Client c = TcpServer.client(ev);
                    c.put(ev.arg(0));
                    if (!p.targetPaused && c.wheel() != null && c.wheel().getDriverOutOctets() > HIGH) {
                        p.targetPaused = true;
                        ev.kernel().call(p.target, "pause");
                    }
                })
                .clientState("pause", ev -> {
                    if (TcpServer.client(ev).wheel() != null) {
                        TcpServer.client(ev).wheel().pauseInput();
                    }
                })
                .clientState("resume", ev -> {
                    if (TcpServer.client(ev).wheel() != null) {
                        TcpServer.client(ev).wheel().resumeInput();
                    }
                })
                .clientState("target_eof", ev -> {
                    if (TcpServer.client(ev).wheel() != null) {
                        TcpServer.client(ev).wheel().shutdownOutput();   // after what the target sent
                    }
                })
                .clientState("target_gone", ev -> {
                    pair(ev).target = null;
                    TcpServer.client(ev).shutdown();
                })
                .error(ev -> {
                    out.println("cannot listen: " + ev.arg(1) + " " + ev.arg(2));
                    failed[0] = true;
                })
                .create(kernel);
        Session.builder()
                .on("_start", ev -> ev.kernel().sig("INT", "interrupted"))
                .on("interrupted", ev -> {
                    ev.kernel().sigHandled();
                    ev.kernel().sig("INT");
                    server.shutdown();                          // open connections finish on their own
                })
                .create(kernel);
        if (server.port() > 0) {
            out.println("forwarding " + o.address() + ":" + server.port() + " to " + o.host() + ":" + o.port()
                    + (o.max() > 0 ? ", at most " + o.max() + " connections at once" : ""));
            started.accept(kernel, server.port());
        }
        kernel.run();
        kernel.close();
        return failed[0] ? 1 : 0;
    }

    private static Pair pair(EventContext ev) {
        return (Pair) TcpServer.client(ev).data().get("pair");
    }

    /** A client is connected: connect to the target, reading nothing from the client meanwhile. */
    private static void connected(EventContext ev, Options o, PrintStream out) {
        Pair p = new Pair();
        p.client = ev.session();
        TcpServer.client(ev).data().put("pair", p);
        TcpServer.client(ev).wheel().pauseInput();
        TcpClient.builder()                                     // a child session of the client's
                .remoteAddress(o.host()).remotePort(o.port()).connectTimeout(30)
                .filter(Stream::create)
                .connected(e -> {
                    p.target = e.session();
                    e.kernel().call(p.client, "resume");
                })
                .connectError(e -> {
                    out.println("cannot connect to " + o.host() + ":" + o.port() + ": " + e.arg(1) + " " + e.arg(2));
                    e.kernel().call(p.client, "target_gone");
                })
                .serverInput(e -> {
                    if (!p.clientGone) {
                        e.kernel().call(p.client, "to_client", (Object) e.arg(TcpClient.ARG_INPUT));
                    }
                })
                .serverError(e -> {
                    if (!p.clientGone && ErrnoNames.EOF.equals(e.arg(1))) {
                        e.kernel().call(p.client, "target_eof");
                    }
                })
                .serverFlushed(e -> {
                    if (p.clientPaused && !p.clientGone) {
                        p.clientPaused = false;
                        e.kernel().call(p.client, "resume");
                    }
                })
                .disconnected(e -> {
                    p.target = null;
                    if (!p.clientGone) {
                        e.kernel().call(p.client, "target_gone");
                    }
                })
                .state("to_target", e -> {
                    TcpClient.Connection c = TcpClient.connection(e);
                    c.put(e.arg(0));
                    if (!p.clientPaused && c.wheel() != null && c.wheel().getDriverOutOctets() > HIGH) {
                        p.clientPaused = true;
                        e.kernel().call(p.client, "pause");
                    }
                })
                .state("client_eof", e -> {
                    if (TcpClient.connection(e).wheel() != null) {
                        TcpClient.connection(e).wheel().shutdownOutput();   // after what the client sent
                    }
                })
                .state("pause", e -> {
                    if (TcpClient.connection(e).wheel() != null) {
                        TcpClient.connection(e).wheel().pauseInput();
                    }
                })
                .state("resume", e -> {
                    if (TcpClient.connection(e).wheel() != null) {
                        TcpClient.connection(e).wheel().resumeInput();
                    }
                })
                .create(ev.kernel());
    }
}
