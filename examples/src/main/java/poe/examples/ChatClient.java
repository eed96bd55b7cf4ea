package poe.examples;

import java.util.Map;

import poe.EventContext;
import poe.Kernel;
import poe.component.TcpClient;
import poe.wheel.ReadLine;

/**
 * A console client for {@link ChatServer}: {@link TcpClient} talks to the server, a
 * {@link ReadLine} wheel edits what you type (emacs keys, history with Up/Down), and what the
 * others say is printed above your prompt while you type, without garbling your half line.
 * Both live in one session: the server's lines and your lines are events of the same kernel.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.ChatServer -Dexec.args="--port 7070"
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.ChatClient -Dexec.args="--port 7070"
 * }</pre>
 *
 * <p>Arguments: {@code --port N} (default 7070), {@code --address A} (default 127.0.0.1).
 * {@code /quit}, ^D or ^C leave; the program ends when the server closes the connection.
 */
public final class ChatClient {

    private static final String TYPED = "typed";

    private ChatClient() {
    }

    /** Runs the client; see the class comment for the arguments. */
    public static void main(String[] args) {
        String address = "127.0.0.1";
        int port = 7070;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--address" -> address = args[++i];
                default -> {
                    System.err.println("usage: ChatClient [--port N] [--address A]; got " + String.join(" ", args));
                    System.exit(2);
                }
            }
        }
        Kernel kernel = Kernel.create();
        String where = address + ":" + port;
        TcpClient.builder()
                .remoteAddress(address).remotePort(port)
                .connectTimeout(5)
                .started(ev -> {
                    ReadLine console = ReadLine.builder().inputEvent(TYPED).appName("poe-chat").create(ev.kernel());
                    data(ev).put("console", console);
                    console.put("connecting to " + where + " ...");
                })
                .connected(ev -> {
                    console(ev).put("connected; /quit, ^D or ^C leave");
                    console(ev).get("> ");
                })
                .connectError(ev -> {
                    console(ev).put("cannot connect to " + where + ": " + ev.arg(2));
                    console(ev).close();
                })
                .serverInput(ev -> {
                    String line = ev.arg(TcpClient.ARG_INPUT);
                    console(ev).put(line);                       // above the prompt and the half line
                })
                .serverError(ev -> { })
                .disconnected(ev -> {
                    ReadLine console = console(ev);
                    if (!console.isClosed()) {
                        console.put("disconnected");
                        console.close();
                    }
                })
                .state(TYPED, ChatClient::typed)
                .create(kernel);
        kernel.run();
        System.out.println("bye");
    }

    /** A line (or ^C / ^D) from the user. */
    private static void typed(EventContext ev) {
        ReadLine console = console(ev);
        String line = ev.arg(ReadLine.ARG_INPUT);
        TcpClient.Connection server = TcpClient.connection(ev);
        if (line == null) {                                      // ^C or ^D: say goodbye to the room
            server.put("/quit");
            ev.kernel().yield(TcpClient.SHUTDOWN);
            return;
        }
        if (!line.isBlank()) {
            console.addHistory(line);
            server.put(line);
        }
        if (line.equals("/quit")) {
            ev.kernel().yield(TcpClient.SHUTDOWN);
        } else {
            console.get("> ");
        }
    }

    private static Map<String, Object> data(EventContext ev) {
        return TcpClient.connection(ev).data();
    }

    private static ReadLine console(EventContext ev) {
        return (ReadLine) data(ev).get("console");
    }
}
