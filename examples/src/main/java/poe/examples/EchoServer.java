package poe.examples;

import java.io.PrintStream;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.wheel.ErrnoNames;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/**
 * A TCP line echo server on the wheels: a {@link SocketFactory} listens, and each
 * connection gets a session of its own with a {@link ReadWrite} (Line filter) that echoes
 * every line. A client that stops reading is throttled through the wheel's marks (reading
 * from it pauses), one that resets or vanishes is an error event that closes only its
 * connection.
 *
 * <p>Without arguments it runs a self-test: {@code --clients} client sessions (default
 * 3) each send {@code --lines} lines (default 3) at once and check that every echo comes
 * back in order, while {@code --resets} more clients (default 1) reset their connections
 * midway; it prints the result and exits 1 if anything was lost. With
 * {@code --serve PORT} it keeps serving on 127.0.0.1 until interrupted (try
 * {@code nc 127.0.0.1 PORT}).
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.EchoServer -Dexec.args="--clients 200 --lines 1000"
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.EchoServer -Dexec.args="--serve 7007"
 * }</pre>
 */
public final class EchoServer {

    /** Output a client can make us queue before we stop reading from it. */
    static final long HIGH_MARK = 1 << 20;
    static final long LOW_MARK = 64 * 1024;

    private EchoServer() {
    }

    /** Runs the example; see the class comment for the arguments. */
    public static void main(String[] args) {
        int status = run(args, System.out, (kernel, port) -> { });
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the example.
     *
     * @param args    the command line
     * @param out     where to print
     * @param started told the kernel and the port once the server listens
     * @return the exit status: 0, or 1 if the self-test lost or reordered a line
     */
    static int run(String[] args, PrintStream out, BiConsumer<Kernel, Integer> started) {
        Map<String, Integer> options = parse(args);
        Kernel kernel = Kernel.create();
        int[] port = new int[1];
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    ev.kernel().aliasSet("echo-server");
                    ev.kernel().sig("INT", "interrupted");
                    SocketFactory listener = SocketFactory.builder()
                            .bindAddress("127.0.0.1").bindPort(options.getOrDefault("serve", 0))
                            .successEvent("accepted").failureEvent("listen_failed")
                            .create(ev.kernel());
                    heap(ev).put("listener", listener);
                    port[0] = listener.port();
                })
                .on("accepted", ev -> startConnection(ev.kernel(), ev.arg(SocketFactory.ARG_SOCKET)))
                .on("listen_failed", ev -> {
                    out.println("cannot listen: " + ev.arg(SocketFactory.ARG_ERRNO) + " "
                            + ev.arg(SocketFactory.ARG_MESSAGE));
                    ev.kernel().yield("shutdown");
                })
                .on("interrupted", ev -> {
                    ev.kernel().sigHandled();
                    ev.kernel().yield("shutdown");
                })
                .on("shutdown", ev -> {
                    SocketFactory listener = (SocketFactory) heap(ev).remove("listener");
                    if (listener != null) {
                        listener.close();
                    }
                    ev.kernel().sig("INT");
                    ev.kernel().aliasRemove("echo-server");
                })
                .create(kernel);
        out.println("echo server on 127.0.0.1:" + port[0]);
        started.accept(kernel, port[0]);
        SelfTest test = null;
        if (!options.containsKey("serve")) {
            test = new SelfTest(options.getOrDefault("clients", 3), options.getOrDefault("lines", 3),
                    options.getOrDefault("resets", 1), out);
            test.start(kernel, port[0]);
        }
        kernel.run();
        kernel.close();
        return test == null || test.report() ? 0 : 1;
    }

    private static Map<String, Integer> parse(String[] args) {
        Map<String, Integer> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!java.util.List.of("serve", "clients", "lines", "resets").contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: EchoServer [--serve PORT] [--clients N] [--lines N]"
                        + " [--resets N]; got " + String.join(" ", args));
            }
            options.put(name, Integer.parseInt(args[++i]));
        }
        return options;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> heap(EventContext ev) {
        return (Map<String, Object>) ev.heap();
    }

    private static ReadWrite wheel(EventContext ev) {
        return (ReadWrite) heap(ev).get("wheel");
    }

    /** One connection: echo each line; pause reading while too much is queued for the client. */
    static void startConnection(Kernel kernel, SocketChannel socket) {
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> heap(ev).put("wheel", ReadWrite.builder()
                        .handle(socket)
                        .inputEvent("line").errorEvent("error")
                        .highMark(HIGH_MARK).highEvent("choked").lowMark(LOW_MARK).lowEvent("drained")
                        .create(ev.kernel())))
                .on("line", ev -> wheel(ev).put(ev.arg(ReadWrite.ARG_INPUT)))
                .on("choked", ev -> wheel(ev).pauseInput())
                .on("drained", ev -> wheel(ev).resumeInput())
                .on("error", ev -> wheel(ev).close())        // EOF, reset, broken pipe: this client only
                .create(kernel);
    }

    /** The self-test's clients: each sends its lines at once and checks the echoes in order. */
    static final class SelfTest {
        private final int clients;
        private final int lines;
        private final int resets;
        private final PrintStream out;
        private int done;
        private int wrong;
        private int resetDone;
        private long echoed;

        SelfTest(int clients, int lines, int resets, PrintStream out) {
            this.clients = clients;
            this.lines = lines;
            this.resets = resets;
            this.out = out;
        }

        void start(Kernel kernel, int port) {
            int total = clients + resets;
            Session.builder()
                    .on("_start", ev -> {
                        for (int c = 0; c < total; c++) {
                            client(ev.kernel(), port, c, c >= clients);
                        }
                    })
                    .create(kernel);
        }

        private void client(Kernel kernel, int port, int number, boolean resetter) {
            Session.builder()
                    .heap(new HashMap<String, Object>())
                    .on("_start", ev -> heap(ev).put("factory", SocketFactory.builder()
                            .remoteAddress("127.0.0.1").remotePort(port)
                            .successEvent("connected").failureEvent("failed")
                            .create(ev.kernel())))
                    .on("connected", ev -> {
                        ((SocketFactory) heap(ev).remove("factory")).close();
                        heap(ev).put("wheel", ReadWrite.builder()
                                .handle((SocketChannel) ev.arg(SocketFactory.ARG_SOCKET))
                                .inputEvent("echo").errorEvent("error")
                                .create(ev.kernel()));
                        heap(ev).put("next", 0);
                        for (int i = 0; i < lines; i++) {
                            wheel(ev).put("client " + number + " line " + i);
                        }
                    })
                    .on("echo", ev -> {
                        int next = (Integer) heap(ev).get("next");
                        if (!("client " + number + " line " + next).equals(ev.arg(ReadWrite.ARG_INPUT))) {
                            wrong++;
                        }
                        echoed++;
                        heap(ev).put("next", next + 1);
                        if (resetter && next == lines / 2) {
                            SocketChannel socket = (SocketChannel) wheel(ev).getInputHandle();
                            socket.setOption(StandardSocketOptions.SO_LINGER, 0);
                            wheel(ev).close();                   // a reset, with echoes still coming
                            finish(ev.kernel(), true);
                        } else if (next + 1 == lines) {
                            wheel(ev).close();
                            finish(ev.kernel(), false);
                        }
                    })
                    .on("error", ev -> {
                        out.println("client " + number + ": " + ev.arg(ReadWrite.ARG_OPERATION) + " "
                                + (ErrnoNames.EOF.equals(ev.arg(ReadWrite.ARG_ERRNO)) ? "EOF" : ev.arg(ReadWrite.ARG_ERRNO))
                                + " after " + heap(ev).get("next") + " echoes");
                        wrong++;
                        wheel(ev).close();
                        finish(ev.kernel(), resetter);
                    })
                    .on("failed", ev -> {
                        out.println("client " + number + " could not connect: " + ev.arg(SocketFactory.ARG_ERRNO));
                        wrong++;
                        finish(ev.kernel(), resetter);
                    })
                    .create(kernel);
        }

        private void finish(Kernel kernel, boolean resetter) {
            if (resetter) {
                resetDone++;
            } else {
                done++;
            }
            if (done + resetDone == clients + resets) {
                kernel.post("echo-server", "shutdown");
            }
        }

        /** Prints the result; true if every line came back in order. */
        boolean report() {
            boolean ok = wrong == 0 && done == clients && resetDone == resets;
            out.println(clients + " clients x " + lines + " lines: " + (ok ? "all echoed in order" : wrong
                    + " problems") + " (" + echoed + " echoes; " + resets + " clients reset midway, server kept going)");
            return ok;
        }
    }
}
