package poe.compat.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.component.TcpClient;
import poe.component.TcpServer;
import poe.filter.Line;
import poe.wheel.ErrnoNames;
import poe.wheel.ReadWrite;

/**
 * POE::Test::Loops {@code comp_tcp} (CTCP-01 .. CTCP-05): server A with its own acceptor,
 * server B with callbacks and a Line "\n" filter, client A (with PreConnect) talking to A,
 * client B talking to B; every callback recorded in order and asserted after the run.
 *
 * <p>CTCP-03 maps Client::TCP's constructor checks to {@link IllegalArgumentException} from
 * the typed builders. N/A there (Java's types already enforce them): an odd number of
 * arguments; InlineStates/PackageStates/ObjectStates that are not references (a
 * {@code state(event, handler)} takes a handler); SessionParams that is not an array (no
 * such parameter). Kept: RemoteAddress, RemotePort and ServerInput required; HighMark,
 * LowMark, ServerHigh and ServerLow together (the four PTL cases). Added: the same kind of
 * checks on TcpServer's builder.
 */
class ComponentTcpTest {

    @LoopTest(timeoutSeconds = 60)
    void acceptorAndCallbackServersWithTwoClients(ScenarioContext ctx) {
        List<String> serverA = new ArrayList<>();
        List<String> serverB = new ArrayList<>();
        List<String> clientA = new ArrayList<>();
        List<String> clientB = new ArrayList<>();
        int[] startedPort = {-1, -1};

        // Server A: Acceptor makes a session of the program's own (CTCP-01).
        TcpServer a = TcpServer.builder()
                .port(0).address("127.0.0.1").alias("acceptor_server")
                .started(ev -> startedPort[0] = ev.<Integer>arg(0))
                .acceptor(ev -> {
                    SocketChannel socket = ev.arg(0);
                    String peerAddress = ev.arg(1);
                    int peerPort = ev.arg(2);
                    serverA.add("accept " + socket.isConnected() + " " + peerAddress + " " + (peerPort > 0));
                    ReadWrite[] wheel = new ReadWrite[1];
                    boolean[] shutdown = new boolean[1];
                    Session.builder()
                            .on("_start", s -> {
                                wheel[0] = ReadWrite.builder().handle(socket).inputEvent("got_input")
                                        .errorEvent("got_error").flushedEvent("got_flush").create(s.kernel());
                                serverA.add("start");
                            })
                            .on("got_input", s -> {
                                String input = s.arg(0);
                                serverA.add("input " + input);
                                wheel[0].put("echo: " + input);
                                shutdown[0] |= input.equals("quit");
                            })
                            .on("got_error", s -> {
                                serverA.add("error " + s.arg(0) + " " + s.arg(1));
                                wheel[0].close();
                            })
                            .on("got_flush", s -> {
                                serverA.add("flushed");
                                if (shutdown[0]) {
                                    wheel[0].close();              // POE: delete $heap->{wheel}
                                }
                            })
                            .on("_stop", s -> serverA.add("stop"))
                            .create(ev.kernel());
                })
                .create(ctx.kernel());

        // Server B: callbacks, ClientFilter Line with a literal "\n" (CTCP-02).
        TcpServer b = TcpServer.builder()
                .port(0).address("127.0.0.1").alias("input_server")
                .clientFilter(() -> Line.literal("\n"))
                .started(ev -> startedPort[1] = ev.<Integer>arg(0))
                .clientPreConnect(ev -> {
                    Object socket = ev.arg(0);
                    serverB.add("preconnect " + (socket instanceof SocketChannel && ((SocketChannel) socket).isConnected()));
                    return socket;
                })
                .clientConnected(ev -> serverB.add("connected"))
                .clientInput(ev -> {
                    String input = ev.arg(TcpServer.ARG_INPUT);
                    serverB.add("input " + input);
                    TcpServer.client(ev).put("echo: " + input);
                    if (input.equals("quit")) {
                        TcpServer.client(ev).shutdown();
                    }
                })
                .clientError(ev -> serverB.add("error " + ev.arg(0) + " " + ev.arg(1)))
                .clientFlushed(ev -> serverB.add("flushed"))
                .clientDisconnected(ev -> serverB.add("disconnected"))
                .create(ctx.kernel());

        assertEquals(a.port(), startedPort[0], "CTCP-01: Started sees the bound port");
        assertEquals(b.port(), startedPort[1], "CTCP-01: Started sees the bound port");
        assertTrue(a.port() > 0 && b.port() > 0 && a.port() != b.port());

        constructorChecks(ctx);

        // Client A to server A, with PreConnect (CTCP-04).
        TcpClient.builder()
                .remoteAddress("127.0.0.1").remotePort(a.port())
                .preConnect(ev -> {
                    Object socket = ev.arg(0);
                    clientA.add("preconnect " + (socket instanceof SocketChannel && ((SocketChannel) socket).isConnected()));
                    return socket;
                })
                .connected(ev -> {
                    clientA.add("connected");
                    TcpClient.connection(ev).put("quit");
                })
                .connectError(ev -> clientA.add("connect error " + ev.arg(0) + " " + ev.arg(1)))
                .disconnected(ev -> {
                    clientA.add("disconnected");
                    ev.kernel().post("acceptor_server", TcpServer.SHUTDOWN);
                })
                .serverInput(ev -> clientA.add("input " + ev.arg(TcpClient.ARG_INPUT)))
                .serverError(ev -> clientA.add("error " + ev.arg(0) + " " + eof(ev.arg(1))))
                .serverFlushed(ev -> clientA.add("flushed"))
                .create(ctx.kernel());

        // Client B to server B, Filter Line "\n" (CTCP-05).
        TcpClient.builder()
                .remoteAddress("127.0.0.1").remotePort(b.port())
                .filter(() -> Line.literal("\n"))
                .connected(ev -> {
                    clientB.add("connected");
                    TcpClient.connection(ev).put("quit");
                })
                .connectError(ev -> clientB.add("connect error " + ev.arg(0) + " " + ev.arg(1)))
                .disconnected(ev -> {
                    clientB.add("disconnected");
                    ev.kernel().post("input_server", TcpServer.SHUTDOWN);
                })
                .serverInput(ev -> clientB.add("input " + ev.arg(TcpClient.ARG_INPUT)))
                .serverError(ev -> clientB.add("error " + ev.arg(0) + " " + eof(ev.arg(1))))
                .serverFlushed(ev -> clientB.add("flushed"))
                .create(ctx.kernel());

        ctx.drive();        // CTCP-05: run() returns (the harness checks nothing is left)

        assertEquals(List.of("accept true 127.0.0.1 true", "start", "input quit", "flushed", "stop"), serverA,
                "CTCP-01");
        assertEquals(List.of("preconnect true", "connected", "input quit", "flushed", "disconnected"), serverB,
                "CTCP-02");
        List<String> clientOrder = List.of("connected", "flushed", "input echo: quit", "error read EOF",
                "disconnected");
        List<String> withPre = new ArrayList<>();
        withPre.add("preconnect true");
        withPre.addAll(clientOrder);
        assertEquals(withPre, clientA, "CTCP-04");
        assertEquals(clientOrder, clientB, "CTCP-05");
    }

    private static String eof(Object errno) {
        return ErrnoNames.EOF.equals(errno) ? "EOF" : String.valueOf(errno);
    }

    /** CTCP-03 (and the TcpServer twins): what the builders refuse. Nothing is created. */
    private static void constructorChecks(ScenarioContext ctx) {
        Supplier<TcpClient.Builder> base = () -> TcpClient.builder()
                .remoteAddress("127.0.0.1").remotePort(31401)
                .connected(ev -> { }).connectError(ev -> { }).disconnected(ev -> { })
                .serverInput(ev -> { }).serverError(ev -> { }).serverFlushed(ev -> { });
        // RemoteAddress, RemotePort, ServerInput each required.
        assertIae(() -> TcpClient.builder().remotePort(31401).serverInput(ev -> { }).create(ctx.kernel()),
                "remoteAddress");
        assertIae(() -> TcpClient.builder().remoteAddress("127.0.0.1").serverInput(ev -> { }).create(ctx.kernel()),
                "remotePort");
        assertIae(() -> TcpClient.builder().remoteAddress("127.0.0.1").remotePort(31401).create(ctx.kernel()),
                "serverInput");
        // The four mark parameters go together: each one alone (PTL removes the other three).
        assertIae(() -> base.get().highMark(256).create(ctx.kernel()), "go together");
        assertIae(() -> base.get().lowMark(64).create(ctx.kernel()), "go together");
        assertIae(() -> base.get().serverHigh(ev -> { }).create(ctx.kernel()), "go together");
        assertIae(() -> base.get().serverLow(ev -> { }).create(ctx.kernel()), "go together");
        assertIae(() -> base.get().highMark(64).lowMark(256).serverHigh(ev -> { }).serverLow(ev -> { })
                .create(ctx.kernel()), "lowMark < highMark");
        // Checks a typed builder still needs (beyond PTL).
        assertIae(() -> base.get().inputFilter(Line::create).create(ctx.kernel()), "go together");
        assertIae(() -> TcpClient.builder().remotePort(70000), "remotePort");
        assertIae(() -> TcpClient.builder().connectTimeout(0), "connectTimeout");
        assertIae(() -> TcpServer.builder().port(0).create(ctx.kernel()), "clientInput");
        assertIae(() -> TcpServer.builder().domain(poe.wheel.SocketFactory.Domain.UNIX).clientInput(ev -> { })
                .create(ctx.kernel()), "unixPath");     // Port defaults to 0, as in POE; a UNIX path does not
        assertIae(() -> TcpServer.builder().port(0).clientInput(ev -> { }).clientInputFilter(Line::create)
                .create(ctx.kernel()), "go together");
        assertIae(() -> TcpServer.builder().port(-1), "port");
        assertIae(() -> TcpServer.builder().clientMarks(64, 256), "clientMarks");
        assertEquals(2, ctx.kernel().sessionCount(), "refused builders created no session");
    }

    private static void assertIae(Runnable r, String mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(mentions), "message mentions " + mentions + ": " + e.getMessage());
    }
}
