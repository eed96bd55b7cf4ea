package poe.examples;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.wheel.ReadLine;

/**
 * An operator's console inside a running server: a session with a {@link ReadLine} wheel on
 * the server's own kernel, so the server keeps serving while the operator types, and its log
 * lines are printed above the prompt. Commands: {@code status}, {@code clients},
 * {@code kick NAME}, {@code quit} (^C and ^D quit too).
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.ChatServer -Dexec.args="--port 7071 --console"
 * }</pre>
 */
final class ServerConsole {

    /** The alias of the console's session. */
    static final String ALIAS = "console";
    /** Post it (line) to print a line above the prompt. */
    static final String LOG = "console_log";
    /** Post it to close the console. */
    static final String CLOSE = "console_close";

    /** What the console asks of the server, on the kernel's thread. */
    interface Commands {
        /** A one-line summary. */
        String status();

        /** One line per client. */
        List<String> clients();

        /** Disconnects a client; what happened, in words. */
        String kick(String name);

        /** Stops the server. */
        void quit();
    }

    private ServerConsole() {
    }

    /** Starts the console's session (call before the server's, so that its log finds it). */
    static void start(Kernel kernel, Commands commands) {
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet(ALIAS);
                    ReadLine rl = ReadLine.builder().inputEvent("command").appName("poe-console").create(ev.kernel());
                    ev.<ReadLine[]>heap()[0] = rl;
                    rl.put("console: status, clients, kick NAME, quit");
                    rl.get("chat> ");
                })
                .on("command", ev -> {
                    ReadLine rl = rl(ev);
                    String line = ev.arg(ReadLine.ARG_INPUT);
                    if (line == null) {                                 // ^C or ^D
                        commands.quit();
                        return;
                    }
                    rl.addHistory(line);
                    String[] words = line.strip().split("\\s+", 2);
                    switch (words[0]) {
                        case "" -> { }
                        case "status" -> rl.put(commands.status());
                        case "clients" -> {
                            List<String> clients = commands.clients();
                            rl.put(clients.isEmpty() ? "no clients" : String.join("\n", clients));
                        }
                        case "kick" -> rl.put(words.length < 2 ? "usage: kick NAME" : commands.kick(words[1]));
                        case "quit" -> {
                            commands.quit();
                            return;
                        }
                        default -> rl.put("unknown command: " + words[0] + " (status, clients, kick NAME, quit)");
                    }
                    rl.get("chat> ");
                })
                .on(LOG, ev -> {
                    String line = ev.arg(0);
                    if (!rl(ev).isClosed()) {
                        rl(ev).put(line);
                    }
                })
                .on(CLOSE, ev -> {
                    rl(ev).close();
                    ev.kernel().aliasRemove(ALIAS);
                })
                .heap(new ReadLine[1])
                .create(kernel);
    }

    /** A PrintStream whose lines go above the console's prompt (for the server's log). */
    static PrintStream printer(Kernel kernel) {
        return new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void println(String line) {
                kernel.post(ALIAS, LOG, line);
            }
        };
    }

    private static ReadLine rl(EventContext ev) {
        return ev.<ReadLine[]>heap()[0];
    }
}
