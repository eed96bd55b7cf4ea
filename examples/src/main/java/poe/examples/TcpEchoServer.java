package poe.examples;

import java.io.PrintStream;
import java.util.function.BiConsumer;

import poe.Kernel;
import poe.Session;
import poe.component.TcpServer;

/**
 * The line echo server again, on {@link TcpServer} instead of bare wheels
 * ({@link EchoServer}): the component accepts, makes a session per client with a
 * ReadWrite wheel and a Line filter, and stops reading from a client while more than
 * {@code clientMarks} is queued for it. What is left to write is the echo itself.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.TcpEchoServer -Dexec.args="--port 7007"
 * nc 127.0.0.1 7007
 * }</pre>
 *
 * <p>Arguments: {@code --port N} (default 0: the system picks one and it is printed). A
 * line {@code quit} closes that connection; ^C stops the server.
 */
public final class TcpEchoServer {

    private TcpEchoServer() {
    }

    /** Runs the server; see the class comment for the arguments. */
    public static void main(String[] args) {
        int status = run(args, System.out, (kernel, port) -> { });
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the server until interrupted.
     *
     * @param args    the command line
     * @param out     where to print
     * @param started told the kernel and the port once the server listens
     * @return 0, 1 if it could not listen, 2 for bad arguments
     */
    static int run(String[] args, PrintStream out, BiConsumer<Kernel, Integer> started) {
        if (args.length != 0 && (args.length != 2 || !args[0].equals("--port") || !args[1].matches("\\d{1,5}"))) {
            out.println("usage: TcpEchoServer [--port N]; got " + String.join(" ", args));
            return 2;
        }
        int port = args.length == 2 ? Integer.parseInt(args[1]) : 0;
        Kernel kernel = Kernel.create();
        boolean[] failed = new boolean[1];
        TcpServer server = TcpServer.builder()
                .address("127.0.0.1").port(port)
                .clientMarks(1 << 20, 64 << 10)                  // a client that does not read stops being read
                .clientInput(ev -> {
                    String line = ev.arg(TcpServer.ARG_INPUT);
                    if (line.equals("quit")) {
                        TcpServer.client(ev).shutdown();          // once what is queued is written
                    } else {
                        TcpServer.client(ev).put(line);
                    }
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
                    server.shutdown();                            // stop listening; clients carry on
                })
                .create(kernel);
        if (server.port() > 0) {
            out.println("echo server on 127.0.0.1:" + server.port());
            started.accept(kernel, server.port());
        }
        kernel.run();
        kernel.close();
        return failed[0] ? 1 : 0;
    }
}
