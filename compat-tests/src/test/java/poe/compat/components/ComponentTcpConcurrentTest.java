package poe.compat.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.component.TcpClient;
import poe.component.TcpServer;
import poe.wheel.ErrnoNames;
import poe.wheel.ReadWrite;

/**
 * POE::Test::Loops {@code comp_tcp_concurrent} (CTCC-01 .. CTCC-04): server A (Acceptor,
 * Concurrency 1, its sessions post {@code disconnected} to the server found as the SENDER
 * of their {@code _start}) and server B (callbacks, Concurrency 4), 9 clients each. Every
 * client sends {@code hello N}, shuts down on the reply, and the one whose reply ends in
 * {@code #9} first sends {@code quit}, which shuts its server down.
 */
class ComponentTcpConcurrentTest {

    private static final int CLIENTS = 9;
    private static final Pattern REPLY = Pattern.compile("echo: hello (\\d+) #(\\d+)");

    @LoopTest(timeoutSeconds = 60)
    void concurrencyLimitsOneAndFour(ScenarioContext ctx) {
        List<String> acceptorChecks = new ArrayList<>();
        List<String> callbackChecks = new ArrayList<>();
        List<Long> senderIsServer = new ArrayList<>();
        int[] acceptorOpen = {0};
        int[] acceptorN = {0};
        int[] callbackOpen = {0};
        int[] callbackMax = {0};
        int[] callbackN = {0};
        Map<String, String> replies = new TreeMap<>();
        List<String> clientErrors = new ArrayList<>();

        // CTCC-01: Acceptor, Concurrency 1.
        TcpServer a = TcpServer.builder()
                .port(0).address("127.0.0.1").alias("acceptor_server").concurrency(1)
                .acceptor(ev -> {
                    acceptorChecks.add(acceptorOpen[0] == 0 ? "one open" : "simultaneous " + (acceptorOpen[0] + 1));
                    acceptorOpen[0]++;
                    SocketChannel socket = ev.arg(0);
                    ReadWrite[] wheel = new ReadWrite[1];
                    boolean[] shutdown = new boolean[1];
                    Session[] server = new Session[1];
                    Runnable release = () -> {          // drop the wheel and free the slot, once
                        if (wheel[0] != null) {
                            wheel[0].close();
                            wheel[0] = null;
                            ctx.kernel().post(server[0], "disconnected");
                        }
                    };
                    Session.builder()
                            .on("_start", s -> {
                                wheel[0] = ReadWrite.builder().handle(socket).inputEvent("got_input")
                                        .errorEvent("got_error").flushedEvent("got_flush").create(s.kernel());
                                server[0] = (Session) s.sender();        // the creator is the sender
                                senderIsServer.add(server[0].id());
                            })
                            .on("_stop", s -> acceptorOpen[0]--)
                            .on("got_input", s -> {
                                String input = s.arg(0);
                                acceptorN[0]++;
                                wheel[0].put("echo: " + input + " #" + acceptorN[0]);
                                if (input.equals("quit")) {
                                    shutdown[0] = true;
                                    s.kernel().post(server[0], TcpServer.SHUTDOWN);
                                }
                            })
                            .on("got_error", s -> release.run())     // CTCC-04: EOF, or a reset while shutting down
                            .on("got_flush", s -> {
                                if (shutdown[0]) {
                                    release.run();
                                }
                            })
                            .create(ev.kernel());
                })
                .create(ctx.kernel());

        // CTCC-02: callbacks, Concurrency 4.
        TcpServer b = TcpServer.builder()
                .port(0).address("127.0.0.1").alias("callback_server").concurrency(4)
                .clientInput(ev -> {
                    String input = ev.arg(TcpServer.ARG_INPUT);
                    callbackN[0]++;
                    if (input.equals("quit")) {
                        ev.kernel().post("callback_server", TcpServer.SHUTDOWN);
                    } else {
                        TcpServer.client(ev).put("echo: " + input + " #" + callbackN[0]);
                    }
                })
                .clientError(ev -> ev.kernel().yield(TcpServer.SHUTDOWN))
                .clientConnected(ev -> {
                    callbackOpen[0]++;
                    callbackMax[0] = Math.max(callbackMax[0], callbackOpen[0]);
                    callbackChecks.add(callbackOpen[0] <= 4 ? "at most 4" : "simultaneous " + callbackOpen[0]);
                })
                .clientDisconnected(ev -> callbackOpen[0]--)
                .create(ctx.kernel());

        for (int n = 1; n <= CLIENTS; n++) {
            client(ctx, "acceptor", a.port(), n, replies, clientErrors);
            client(ctx, "callback", b.port(), n, replies, clientErrors);
        }

        ctx.drive();        // CTCC-04: run() returns

        assertEquals(List.of("one open", "one open", "one open", "one open", "one open", "one open", "one open",
                "one open", "one open"), acceptorChecks, "CTCC-01");
        assertEquals(CLIENTS, senderIsServer.size());
        assertTrue(senderIsServer.stream().allMatch(id -> id == a.session().id()),
                "CTCC-01: _start's SENDER is the server session " + senderIsServer);
        assertEquals(List.of("at most 4", "at most 4", "at most 4", "at most 4", "at most 4", "at most 4",
                "at most 4", "at most 4", "at most 4"), callbackChecks, "CTCC-02");
        assertTrue(callbackMax[0] >= 1 && callbackMax[0] <= 4);
        assertEquals(0, callbackOpen[0], "CTCC-02: every ClientConnected has its ClientDisconnected");
        // CTCC-03: every client got exactly one reply, numbered 1..9 per server (quit: the 10th input).
        assertEquals(2 * CLIENTS, replies.size(), "one reply each: " + replies);
        for (String server : List.of("acceptor", "callback")) {
            List<Integer> numbers = new ArrayList<>();
            replies.forEach((who, reply) -> {
                if (who.startsWith(server)) {
                    Matcher m = REPLY.matcher(reply);
                    assertTrue(m.matches(), reply);
                    assertEquals(who, server + " " + m.group(1), "a client gets its own echo");
                    numbers.add(Integer.parseInt(m.group(2)));
                }
            });
            numbers.sort(null);
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), numbers, server);
        }
        assertTrue(acceptorN[0] == CLIENTS + 1 && callbackN[0] == CLIENTS + 1, "9 hellos and 1 quit each");
        assertTrue(clientErrors.stream().allMatch(e -> e.startsWith("read ") || e.startsWith("write ")), "CTCC-04 "
                + clientErrors);
    }

    private static void client(ScenarioContext ctx, String server, int port, int n, Map<String, String> replies,
            List<String> errors) {
        String name = server + " " + n;
        TcpClient.builder()
                .remoteAddress("127.0.0.1").remotePort(port).alias(server + " client " + n)
                .connected(ev -> TcpClient.connection(ev).put("hello " + n))
                .connectError(ev -> errors.add("connect " + ev.arg(1) + " " + name))
                .serverInput(ev -> {
                    String input = ev.arg(TcpClient.ARG_INPUT);
                    String before = replies.put(name, input);
                    assertEquals(null, before, name + " got a second reply");
                    if (input.endsWith("#" + CLIENTS)) {
                        TcpClient.connection(ev).put("quit");
                    }
                    TcpClient.connection(ev).shutdown();
                })
                .serverError(ev -> {
                    if (!ErrnoNames.EOF.equals(ev.arg(1))) {
                        errors.add(ev.arg(0) + " " + ev.arg(1) + " " + name);   // CTCC-04: may happen, ignored
                    }
                })
                .create(ctx.kernel());
    }
}
