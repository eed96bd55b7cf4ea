package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.SocketFactory;

/**
 * POE::Test::Loops wheel_sf_tcp (WSFT-01 .. WSFT-07): a Server::TCP stand-in
 * ({@link LineServer}) with an Acceptor on 127.0.0.1, a client SocketFactory swapped for a
 * ReadWrite with SysRW BlockSize 10, a rot13 round trip, EOF, and a shutdown posted to the
 * server's alias from the client's {@code _stop}.
 */
class WheelSocketFactoryTcpTest {

    @LoopTest(timeoutSeconds = 60)
    void tcpClientServerRoundTrip(ScenarioContext ctx) {
        Rot13RoundTrip rt = new Rot13RoundTrip();
        List<String> log = new ArrayList<>();
        int[] port = {0};
        InetSocketAddress[] listenerAddress = new InetSocketAddress[1];
        ServerSocketChannel[] listenerChannel = new ServerSocketChannel[1];
        List<Object> accepted = new ArrayList<>();

        LineServer server = new LineServer();
        server.alias = "tcp_server";
        server.address = "127.0.0.1";
        server.port = 0;
        rt.serverHooks(server);
        server.started = f -> {                                              // WSFT-01: Started reads the port
            port[0] = f.port();
            log.add("server started");
            rt.client(() -> SocketFactory.builder().remoteAddress("127.0.0.1").remotePort(port[0]),
                    ev -> {
                        log.add("client _stop, posted " + ev.kernel().post("tcp_server", "shutdown"));  // WSFT-07
                    })
                    .create(ctx.kernel());
        };
        server.acceptor = (ev, socket, peerAddress, peerPort) -> {              // WSFT-01: the Acceptor
            accepted.add(socket.isConnected());
            accepted.add(peerAddress);
            accepted.add(peerPort > 0);
            server.connection(ev, socket);
            listenerAddress[0] = (InetSocketAddress) server.listener.localAddress().orElseThrow();
            listenerChannel[0] = server.listener.listener();
            server.dropListener();                                              // no more connections
            log.add("accepted, listener dropped");
        };
        server.error = ev -> log.add("server error " + ev.args());
        server.hooks.disconnected = chain(server.hooks.disconnected, (ev, c) -> log.add("server connection closed"));
        server.spawn(ctx.kernel());
        ctx.drive();

        // WSFT-01
        assertEquals(List.of(true, "127.0.0.1", true), accepted);
        assertTrue(port[0] > 0, "bound port " + port[0]);
        assertEquals("127.0.0.1", listenerAddress[0].getAddress().getHostAddress());
        assertEquals(port[0], listenerAddress[0].getPort());
        assertFalse(listenerChannel[0].isOpen(), "dropping the listener closes it");
        // WSFT-02
        assertEquals(List.of(true, "127.0.0.1", port[0], true), rt.clientSuccess);
        assertTrue(rt.socketOpenAfterDrop, "dropping the factory leaves the socket it handed over");
        // WSFT-03
        assertEquals(19, rt.octetsAfterPut, "octets buffered after put('1: this is a test')");
        assertEquals(1, rt.messagesAfterPut, "messages buffered after put");
        // WSFT-04
        assertEquals(List.of("1: guvf vf n grfg", "2: this is a test"), rt.clientLines);
        assertEquals("this is a test", rt.received);
        assertEquals(List.of(Rot13RoundTrip.FIRST, "2: guvf vf n grfg"), rt.serverLines);
        assertTrue(rt.serverDriver.reads.stream().allMatch(n -> n <= 10), "reads of at most 10: " + rt.serverDriver.reads);
        assertTrue(rt.serverDriver.reads.size() >= 4, "two 19-octet lines take several reads: " + rt.serverDriver.reads);
        assertTrue(rt.clientDriver.reads.stream().allMatch(n -> n <= 10), "reads of at most 10: " + rt.clientDriver.reads);
        // WSFT-05: EOF (errno 0), not an error; puts equal flushes on both sides
        assertEquals(List.of("read 0 wheel true"), rt.serverErrors);
        assertEquals(2, rt.serverPuts);
        assertEquals(2, rt.serverFlushes);
        assertEquals(2, rt.clientPuts);
        assertEquals(2, rt.clientFlushes);
        // WSFT-06: no failure or error on either client wheel
        assertEquals(List.of(), rt.clientErrors);
        // WSFT-07
        assertTrue(rt.clientStopped);
        assertFalse(server.shutDown, "an event posted from _stop is dropped with its sender");
        assertTrue(log.indexOf("client _stop, posted true") > log.indexOf("accepted, listener dropped"), log.toString());
        assertEquals(List.of("server started", "accepted, listener dropped"), log.subList(0, 2));
        // As in POE (_data_ev_clear_session), events a session posted are dropped with it when
        // it stops, so the shutdown posted from _stop never arrives: the server, left with
        // only its alias, goes away as an idle session, and run() returns all the same.
        assertTrue(log.contains("server connection closed"), log.toString());
        assertFalse(log.stream().anyMatch(s -> s.startsWith("server error")), log.toString());
    }

    /** WSFT-06: a failure event carries (operation, errno, message, wheel ID); connection refused here. */
    @LoopTest(timeoutSeconds = 60)
    void failureEventCarriesTheWheelId(ScenarioContext ctx) throws IOException {
        List<Object> failure = new ArrayList<>();
        try (SocketChannel reserved = SocketChannel.open()) {                   // bound, never listening
            reserved.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) reserved.getLocalAddress()).getPort();
            long[] id = {-1};
            poe.Session.builder()
                    .on("_start", ev -> id[0] = SocketFactory.builder().remoteAddress("127.0.0.1").remotePort(port)
                            .successEvent("up").failureEvent("down").create(ev.kernel()).id())
                    .on("up", ev -> {
                        failure.add("connected?");
                        try {
                            ((SocketChannel) ev.arg(0)).close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .on("down", ev -> {
                        failure.add(ev.arg(SocketFactory.ARG_OPERATION));
                        failure.add(ev.arg(SocketFactory.ARG_ERRNO));
                        failure.add(ev.<String>arg(SocketFactory.ARG_MESSAGE).isEmpty());
                        failure.add((long) ev.arg(SocketFactory.ARG_FAILURE_WHEEL_ID) == id[0]);
                    })
                    .create(ctx.kernel());
            ctx.drive();
        }
        assertEquals(List.of("connect", "ECONNREFUSED", false, true), failure);
    }

    private static LineConn.Hook chain(LineConn.Hook a, LineConn.Hook b) {
        return (ev, c) -> {
            a.on(ev, c);
            b.on(ev, c);
        };
    }
}
