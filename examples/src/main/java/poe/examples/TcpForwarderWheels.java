package poe.examples;

import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.util.function.BiConsumer;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.filter.Stream;
import poe.wheel.ErrnoNames;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/**
 * The TCP forwarder of {@link TcpForwarder} on bare wheels: a listening
 * {@link SocketFactory}, and for each accepted connection one session holding a
 * connecting SocketFactory and then two {@link ReadWrite} wheels (Stream filter), the
 * client's and the target's.
 *
 * <ul>
 *   <li>Flow control by the wheels' marks: while 1 MiB waits for one side, the other is
 *       not read (HighEvent pauses it, LowEvent at 64 KiB resumes it).</li>
 *   <li>Half-close both ways: the end of one side's input shuts down the other side's
 *       output once what came before is written, and the other direction goes on; the
 *       connection closes when both directions have ended.</li>
 *   <li>{@code --max N}: at most N connections at once; the listener pauses accepting at
 *       the limit and resumes when one ends.</li>
 * </ul>
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.TcpForwarderWheels -Dexec.args="--listen 8082 --to example.com:80 --max 100"
 * }</pre>
 *
 * <p>Arguments as {@link TcpForwarder}'s.
 */
public final class TcpForwarderWheels {

    static final long HIGH = 1 << 20;
    static final long LOW = 64 << 10;

    private TcpForwarderWheels() {
    }

    /** Runs the forwarder; see the class comment for the arguments. */
    public static void main(String[] args) {
        int status = run(args, System.out, (kernel, port) -> { });
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The listener's state. */
    private static final class Listener {
        SocketFactory factory;
        int open;
        boolean paused;
    }

    /** A forwarded connection's state: its session's heap. */
    private static final class Connection {
        SocketChannel clientSocket;
        SocketFactory connector;
        ReadWrite client;
        ReadWrite target;
        boolean clientEof;
        boolean targetEof;
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
        TcpForwarder.Options o = TcpForwarder.Options.parse("TcpForwarderWheels", args, out);
        if (o == null) {
            return 2;
        }
        Kernel kernel = Kernel.create();
        Listener l = new Listener();
        boolean[] failed = new boolean[1];
        Session.builder()
                .heap(l)
                .on("_start", ev -> {
                    ev.kernel().sig("INT", "interrupted");
                    l.factory = SocketFactory.builder().bindAddress(o.address()).bindPort(o.listen()).reuse(true)
                            .successEvent("accepted").failureEvent("listen_failed")
                            .create(ev.kernel());
                })
                .on("accepted", ev -> {
                    l.open++;
                    if (o.max() > 0 && l.open >= o.max() && !l.paused) {
                        l.paused = true;                       // the rest wait in the listen queue
                        l.factory.pauseAccept();
                    }
                    forward(ev.kernel(), (SocketChannel) ev.arg(SocketFactory.ARG_SOCKET), o, out, ev.session());
                })
                .on("connection_gone", ev -> {
                    l.open--;
                    if (l.paused && l.factory != null && (o.max() <= 0 || l.open < o.max())) {
                        l.paused = false;
                        l.factory.resumeAccept();
                    }
                })
                .on("listen_failed", ev -> {
                    out.println("cannot listen: " + ev.arg(SocketFactory.ARG_ERRNO) + " " + ev.arg(SocketFactory.ARG_MESSAGE));
                    failed[0] = true;
                    ev.kernel().yield("interrupted");
                })
                .on("interrupted", ev -> {
                    ev.kernel().sigHandled();
                    ev.kernel().sig("INT");
                    if (l.factory != null) {
                        l.factory.close();                     // open connections finish on their own
                        l.factory = null;
                    }
                })
                .create(kernel);
        if (l.factory != null && l.factory.port() > 0) {
            out.println("forwarding " + o.address() + ":" + l.factory.port() + " to " + o.host() + ":" + o.port()
                    + (o.max() > 0 ? ", at most " + o.max() + " connections at once" : ""));
            started.accept(kernel, l.factory.port());
        }
        kernel.run();
        kernel.close();
        return failed[0] ? 1 : 0;
    }

    private static Connection c(EventContext ev) {
        return ev.heap();
    }

    /** One connection's session: connect to the target, then copy both ways. */
    private static void forward(Kernel kernel, SocketChannel socket, TcpForwarder.Options o, PrintStream out,
            Session listener) {
        Connection conn = new Connection();
        conn.clientSocket = socket;
        Session.builder()
                .heap(conn)
                .on("_start", ev -> conn.connector = SocketFactory.builder()
                        .remoteAddress(o.host()).remotePort(o.port()).connectTimeout(30)
                        .successEvent("target_connected").failureEvent("target_failed")
                        .create(ev.kernel()))
                .on("target_failed", ev -> {
                    out.println("cannot connect to " + o.host() + ":" + o.port() + ": "
                            + ev.arg(SocketFactory.ARG_ERRNO) + " " + ev.arg(SocketFactory.ARG_MESSAGE));
                    conn.connector.close();
                    closeQuietly(socket);
                })
                .on("target_connected", ev -> {
                    conn.connector.close();
                    conn.connector = null;
                    conn.client = wheel(ev, socket, "client");
                    conn.target = wheel(ev, (SocketChannel) ev.arg(SocketFactory.ARG_SOCKET), "target");
                })
                .on("client_input", ev -> c(ev).target.put(ev.arg(ReadWrite.ARG_INPUT)))
                .on("target_input", ev -> c(ev).client.put(ev.arg(ReadWrite.ARG_INPUT)))
                // one side's queue is long: stop reading the other side until it drains
                .on("client_high", ev -> c(ev).target.pauseInput())
                .on("client_low", ev -> c(ev).target.resumeInput())
                .on("target_high", ev -> c(ev).client.pauseInput())
                .on("target_low", ev -> c(ev).client.resumeInput())
                .on("client_error", ev -> ended(ev, true))
                .on("target_error", ev -> ended(ev, false))
                .on("client_flushed", ev -> closeIfDone(c(ev)))
                .on("target_flushed", ev -> closeIfDone(c(ev)))
                .on("_stop", ev -> {                       // call: what a stopping session posts is dropped
                    closeAll(conn);
                    if (listener.isAlive()) {
                        ev.kernel().call(listener, "connection_gone");
                    }
                })
                .create(kernel);
    }

    private static ReadWrite wheel(EventContext ev, SocketChannel socket, String side) {
        return ReadWrite.builder().handle(socket).filter(Stream.create())
                .inputEvent(side + "_input").errorEvent(side + "_error").flushedEvent(side + "_flushed")
                .highMark(HIGH).highEvent(side + "_high").lowMark(LOW).lowEvent(side + "_low")
                .create(ev.kernel());
    }

    /** A side's input ended (a half-close) or failed (then both go). */
    private static void ended(EventContext ev, boolean clientSide) {
        Connection conn = c(ev);
        boolean eof = "read".equals(ev.arg(ReadWrite.ARG_OPERATION)) && ErrnoNames.EOF.equals(ev.arg(ReadWrite.ARG_ERRNO));
        if (!eof) {
            closeAll(conn);                                    // a reset or a failed write ends both
            return;
        }
        if (clientSide) {
            conn.clientEof = true;
            conn.target.shutdownOutput();                      // once what the client sent is written
        } else {
            conn.targetEof = true;
            conn.client.shutdownOutput();
        }
        closeIfDone(conn);
    }

    /** Both directions ended and everything is written: close. */
    private static void closeIfDone(Connection conn) {
        if (conn.clientEof && conn.targetEof && conn.client != null && conn.target != null
                && conn.client.getDriverOutOctets() == 0 && conn.target.getDriverOutOctets() == 0) {
            closeAll(conn);
        }
    }

    private static void closeAll(Connection conn) {
        if (conn.client != null) {
            conn.client.close();
            conn.client = null;
        }
        if (conn.target != null) {
            conn.target.close();
            conn.target = null;
        }
        if (conn.connector != null) {
            conn.connector.close();
            conn.connector = null;
            closeQuietly(conn.clientSocket);
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (java.io.IOException e) {
            // closing anyway
        }
    }
}
