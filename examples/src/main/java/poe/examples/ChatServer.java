package poe.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.component.TcpServer;
import poe.filter.Line;

/**
 * A chat server on {@link TcpServer}: users connect with telnet or nc, choose a nickname,
 * and talk. Each connection is a session of its own; the room is a map from nicknames to
 * those sessions, and a message reaches a user by an event to that user's session, which
 * writes it to its own wheel.
 *
 * <ul>
 *   <li>A line is said to everyone else as {@code <nick> text}; joins and leaves are
 *       announced as {@code * nick has joined} / {@code * nick has left}.</li>
 *   <li>Commands: {@code /msg NICK text} (private), {@code /nick NEW}, {@code /who},
 *       {@code /quit}, {@code /help}.</li>
 *   <li>A user who stops reading never stalls the others: what is queued for each user is
 *       bounded ({@code --max-queue} bytes, default 256 KiB, after what the operating system
 *       buffers); when it overflows the user is disconnected and the others told
 *       {@code * nick was dropped (not reading)}. A user who vanishes is an error on that
 *       connection only.</li>
 * </ul>
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.ChatServer -Dexec.args="--port 7070"
 * nc 127.0.0.1 7070        # or: telnet 127.0.0.1 7070
 * }</pre>
 *
 * <p>Arguments: {@code --port N} (default 0: the system picks one, and it is printed),
 * {@code --address A} (default 127.0.0.1), {@code --max-queue BYTES}, {@code --console} (an
 * operator's {@link ServerConsole} on the terminal: {@code status}, {@code clients},
 * {@code kick NAME}, {@code quit}; the log is printed above its prompt). ^C stops it.
 */
public final class ChatServer {

    /** Default bound on what is queued for one user. */
    static final long DEFAULT_MAX_QUEUE = 256 << 10;
    /** Longest line accepted from a user. */
    static final int MAX_LINE = 4096;

    static final Pattern NICK = Pattern.compile("[A-Za-z0-9_\\-]{1,16}");

    private static final String DELIVER = "chat_deliver";
    private static final String DROP = "chat_drop";
    private static final String KICK = "chat_kick";
    private static final String KICKED = "chat_kicked";

    /** Nickname to the user's session. */
    private final Map<String, Session> room = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** Every connected user's session, named or not. */
    private final java.util.Set<Session> everyone = new java.util.HashSet<>();
    private final PrintStream out;

    private ChatServer(PrintStream out) {
        this.out = out;
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
     * @return the exit status: 0, or 2 for bad arguments, 1 if it could not listen
     */
    static int run(String[] args, PrintStream out, BiConsumer<Kernel, Integer> started) {
        int port = 0;
        String address = "127.0.0.1";
        long maxQueue = DEFAULT_MAX_QUEUE;
        boolean console = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--address" -> address = args[++i];
                    case "--max-queue" -> maxQueue = Long.parseLong(args[++i]);
                    case "--console" -> console = true;
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
        } catch (RuntimeException e) {
            out.println("usage: ChatServer [--port N] [--address A] [--max-queue BYTES] [--console]; got "
                    + String.join(" ", args));
            return 2;
        }
        int listenPort = port;
        String listenAddress = address;
        Kernel kernel = Kernel.create();
        ChatServer chat = new ChatServer(console ? ServerConsole.printer(kernel) : out);
        if (console) {
            ServerConsole.start(kernel, chat.commands(kernel));
        }
        boolean[] failed = new boolean[1];
        TcpServer[] server = new TcpServer[1];
        long high = Math.max(2, maxQueue);
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("INT", "interrupted");
                    server[0] = chat.server(listenAddress, high).port(listenPort)
                            .error(e -> {
                                out.println("cannot listen on " + e.arg(0) + ": " + e.arg(1) + " " + e.arg(2));
                                failed[0] = true;
                                e.kernel().post(e.kernel().aliasResolve("chat-main").orElseThrow(), "stop");
                            })
                            .create(ev.kernel());
                    ev.kernel().aliasSet("chat-main");
                })
                .on("interrupted", ev -> {
                    ev.kernel().sigHandled();
                    ev.kernel().yield("stop");
                })
                .on("stop", ev -> {
                    ev.kernel().sig("INT");
                    ev.kernel().aliasRemove("chat-main");
                    server[0].shutdown();
                    for (Session user : List.copyOf(chat.everyone)) {
                        ev.kernel().post(user, KICK);
                    }
                    ev.kernel().post(ServerConsole.ALIAS, ServerConsole.CLOSE);   // false without a console
                })
                .create(kernel);
        if (!failed[0] && server[0].port() > 0) {
            chat.out.println("chat server on " + address + ":" + server[0].port() + " (try: nc " + address + " "
                    + server[0].port() + ")");
            started.accept(kernel, server[0].port());
        }
        kernel.run();
        kernel.close();
        return failed[0] ? 1 : 0;
    }

    /** The operator's console commands (see {@link ServerConsole}). */
    private ServerConsole.Commands commands(Kernel kernel) {
        long started = System.nanoTime();
        return new ServerConsole.Commands() {
            @Override
            public String status() {
                return "users: " + room.size() + " named, " + everyone.size() + " connected; up "
                        + (System.nanoTime() - started) / 1_000_000_000L + " s";
            }

            @Override
            public List<String> clients() {
                return List.copyOf(room.keySet());
            }

            @Override
            public String kick(String name) {
                Session user = room.get(name);
                if (user == null) {
                    return "no user " + name;
                }
                kernel.post(user, KICKED);
                return "kicked " + name;
            }

            @Override
            public void quit() {
                kernel.post("chat-main", "stop");
            }
        };
    }

    /** The server's builder: one session per user, each with its own queue limit. */
    private TcpServer.Builder server(String address, long maxQueue) {
        return TcpServer.builder()
                .address(address)
                .clientFilter(() -> Line.builder().maxLength(MAX_LINE).build())
                .clientMarks(maxQueue, Math.max(1, maxQueue / 2))
                .clientConnected(ev -> {
                    everyone.add(ev.session());
                    TcpServer.client(ev).put("Welcome to the chat. Your nickname?");
                })
                .clientInput(this::input)
                .clientDisconnected(this::left)
                .clientError(ev -> {
                    if ("EMSGSIZE".equals(ev.arg(1))) {
                        out.println("a line longer than " + MAX_LINE + " bytes: disconnecting " + nick(ev));
                    }
                })
                .clientState(DELIVER, ev -> {
                    TcpServer.Client c = TcpServer.client(ev);
                    if (c.isConnected() && !c.data().containsKey("dropping") && c.put(ev.arg(0))) {
                        c.data().put("dropping", Boolean.TRUE);   // over its bound: drop it, but not mid-broadcast
                        ev.kernel().yield(DROP);
                    }
                })
                .clientState(DROP, ev -> TcpServer.client(ev).disconnect())
                .clientState(KICKED, ev -> {
                    TcpServer.client(ev).put("* you were kicked by the operator");
                    TcpServer.client(ev).shutdown();
                })
                .clientState(KICK, ev -> {
                    TcpServer.client(ev).put("* the server is shutting down");
                    TcpServer.client(ev).shutdown();
                });
    }

    private static String nick(EventContext ev) {
        return (String) TcpServer.client(ev).data().get("nick");
    }

    private void input(EventContext ev) {
        TcpServer.Client c = TcpServer.client(ev);
        String line = ((String) ev.arg(TcpServer.ARG_INPUT)).strip();
        String nick = nick(ev);
        if (nick == null) {
            String problem = nickProblem(line);
            if (problem != null) {
                c.put(problem + " Your nickname?");
                return;
            }
            c.data().put("nick", line);
            List<String> others = new ArrayList<>(room.keySet());
            room.put(line, ev.session());
            c.put("Hello " + line + ". Here: " + (others.isEmpty() ? "nobody else" : String.join(", ", others))
                    + ". Commands: /msg NICK text, /nick NEW, /who, /quit, /help");
            broadcast(ev, "* " + line + " has joined");
            out.println(line + " joined from " + c.remoteIp() + ":" + c.remotePort());
            return;
        }
        if (line.isEmpty()) {
            return;
        }
        if (!line.startsWith("/")) {
            broadcast(ev, "<" + nick + "> " + line);
            return;
        }
        String[] words = line.split("\\s+", 3);
        switch (words[0].toLowerCase(java.util.Locale.ROOT)) {
            case "/msg" -> {
                Session to = words.length < 3 ? null : room.get(words[1]);
                if (words.length < 3) {
                    c.put("usage: /msg NICK text");
                } else if (to == null) {
                    c.put("* no such user: " + words[1]);
                } else {
                    ev.kernel().call(to, DELIVER, "*" + nick + "* " + words[2]);
                    c.put("(to " + words[1] + ") " + words[2]);
                }
            }
            case "/nick" -> {
                Session holder = words.length < 2 ? null : room.get(words[1]);
                String problem = words.length < 2 ? "usage: /nick NEW"
                        : ev.session().equals(holder) ? null : nickProblem(words[1]);
                if (problem != null) {
                    c.put(problem);
                } else {
                    room.remove(nick);
                    room.put(words[1], ev.session());
                    c.data().put("nick", words[1]);
                    c.put("* you are now " + words[1]);
                    broadcast(ev, "* " + nick + " is now known as " + words[1]);
                }
            }
            case "/who" -> c.put("* here: " + String.join(", ", room.keySet()));
            case "/quit" -> {
                c.put("* bye");
                c.shutdown();                            // after "bye" is written; the others hear "has left"
            }
            case "/help" -> c.put("* /msg NICK text, /nick NEW, /who, /quit; anything else is said to everyone");
            default -> c.put("* unknown command " + words[0] + "; try /help");
        }
    }

    private String nickProblem(String nick) {
        if (!NICK.matcher(nick).matches()) {
            return "* a nickname is 1 to 16 letters, digits, '_' or '-'.";
        }
        if (room.containsKey(nick)) {
            return "* " + nick + " is taken.";
        }
        return null;
    }

    /** Tells everyone but the sender; a user whose queue overflows is dropped afterwards. */
    private void broadcast(EventContext ev, String text) {
        for (Session user : List.copyOf(room.values())) {
            if (!user.equals(ev.session())) {
                ev.kernel().call(user, DELIVER, text);
            }
        }
    }

    private void left(EventContext ev) {
        String nick = nick(ev);
        everyone.remove(ev.session());
        if (nick == null || !ev.session().equals(room.get(nick))) {
            return;
        }
        room.remove(nick);
        boolean dropped = TcpServer.client(ev).data().containsKey("dropping");
        broadcast(ev, "* " + nick + (dropped ? " was dropped (not reading)" : " has left"));
        out.println(nick + (dropped ? " dropped: more than its queue limit was waiting for it" : " left"));
    }
}
