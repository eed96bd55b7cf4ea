package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.ReadWrite;

/**
 * POE::Test::Loops z_rt53302_fh_watchers (ZR53-01 .. ZR53-04) on the wheels: five
 * Client::TCP stand-ins ({@link LineClient}, ConnectTimeout 2 as a kernel delay) connect to
 * a Server::TCP stand-in ({@link LineServer}) on {@code localhost}, a name that both
 * resolve off the kernel's thread. Each connection is one line each way; the server closes
 * after flushing its reply, the client on EOF (or its own delayed shutdown). ReadWrite and
 * SocketFactory add and remove read and write watchers throughout, and descriptors are
 * closed and reused while others are watched. The raw-watcher version is
 * {@code poe.compat.tests.RegressionWatcherChurnTest}.
 */
class RegressionFhWatchersWheelsTest {

    private static final int CLIENTS = 5;

    @LoopTest(timeoutSeconds = 60)
    void watchersTornDownAndRebuiltByWheels(ScenarioContext ctx) {
        Map<String, Integer> server = new TreeMap<>();
        Map<String, Integer> client = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<String> shutdownOrder = new ArrayList<>();
        ServerSocketChannel[] listener = new ServerSocketChannel[1];

        LineServer srv = new LineServer();
        srv.alias = "server";
        srv.address = "localhost";
        srv.port = 0;
        srv.error = ev -> problems.add("server " + ev.arg(0) + " error " + ev.arg(1) + ": " + ev.arg(2));
        srv.hooks.connected = (ev, c) -> server.merge("connects", 1, Integer::sum);
        srv.hooks.input = (ev, c) -> {
            server.merge("inputs", 1, Integer::sum);
            if (!"from client".equals(ev.arg(ReadWrite.ARG_INPUT))) {
                problems.add("server got '" + ev.arg(ReadWrite.ARG_INPUT) + "'");
            }
            c.put("from server");
            ev.kernel().yield("shutdown");                          // closes once the reply is flushed
        };
        srv.hooks.flushed = (ev, c) -> server.merge("flushes", 1, Integer::sum);
        srv.hooks.error = (ev, c) -> problems.add("server connection " + ev.arg(0) + " " + ev.arg(1) + ": " + ev.arg(2));
        srv.hooks.disconnected = (ev, c) -> {
            int n = server.merge("disconnects", 1, Integer::sum);
            if (n >= CLIENTS) {                                     // ZR53-03: a call into another session by alias
                shutdownOrder.add("calling");
                ev.kernel().call("server", "shutdown");
                shutdownOrder.add("call returned, listener open: " + listener[0].isOpen());
            }
        };

        srv.started = f -> {
            listener[0] = f.listener();
            for (int i = 0; i < CLIENTS; i++) {
                client(i, f.port(), client, problems).spawn(ctx.kernel());
            }
        };
        srv.spawn(ctx.kernel());
        ctx.drive();

        assertEquals(List.of(), problems);
        Map<String, Integer> want = Map.of("connects", CLIENTS, "disconnects", CLIENTS, "inputs", CLIENTS,
                "flushes", CLIENTS);
        assertEquals(new TreeMap<>(want), server, "server counts");          // ZR53-02
        assertEquals(new TreeMap<>(want), client, "client counts");
        assertEquals(List.of("calling", "call returned, listener open: false"), shutdownOrder);
        assertFalse(listener[0].isOpen());
        assertTrue(srv.shutDown);
    }

    private static LineClient client(int n, int port, Map<String, Integer> client, List<String> problems) {
        LineClient c = new LineClient();
        c.remoteAddress = "localhost";                              // a name, not an address
        c.remotePort = port;
        c.connectTimeout = 2;
        c.connectError = (ev, op, errno, msg) -> problems.add("client " + n + ": " + op + " " + errno + " " + msg);
        c.hooks.connected = (ev, conn) -> {
            client.merge("connects", 1, Integer::sum);
            conn.put("from client");
        };
        c.hooks.input = (ev, conn) -> {
            client.merge("inputs", 1, Integer::sum);
            if (!"from server".equals(ev.arg(ReadWrite.ARG_INPUT))) {
                problems.add("client " + n + " got '" + ev.arg(ReadWrite.ARG_INPUT) + "'");
            }
            ev.kernel().delay("shutdown", 0.3);
        };
        c.hooks.flushed = (ev, conn) -> client.merge("flushes", 1, Integer::sum);
        c.hooks.error = (ev, conn) -> {
            if (!"0".equals(ev.arg(ReadWrite.ARG_ERRNO))) {           // EOF is expected: the server closes first
                problems.add("client " + n + " " + ev.arg(0) + " " + ev.arg(1) + ": " + ev.arg(2));
            }
        };
        c.hooks.disconnected = (ev, conn) -> client.merge("disconnects", 1, Integer::sum);
        return c;
    }
}
