package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.ListenAccept;
import poe.wheel.SocketFactory;

/**
 * POE::Test::Loops wheel_accept (WACC-01 .. WACC-03): a ListenAccept wheel on a listening
 * socket made elsewhere, five SocketFactory clients, exactly five AcceptEvents, and a timer
 * that drops the listener.
 *
 * <p>Mapping: the listening socket is a {@link ServerSocketChannel} bound to 127.0.0.1 with
 * an ephemeral port [M-CHAN]. Perl closes accepted sockets nobody keeps; here the listener
 * closes each accepted channel in its AcceptEvent handler, and each client closes the socket
 * its SocketFactory handed over [M-GC].
 */
class WheelAcceptTest {

    private static final int CLIENTS = 5;

    @LoopTest(timeoutSeconds = 60)
    void listenAcceptGetsFiveConnections(ScenarioContext ctx) throws IOException {
        ServerSocketChannel listening = ServerSocketChannel.open();
        listening.bind(new InetSocketAddress("127.0.0.1", 0), CLIENTS);
        int port = ((InetSocketAddress) listening.getLocalAddress()).getPort();
        List<String> log = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<SocketChannel> accepted = new ArrayList<>();
        ListenAccept[] wheel = new ListenAccept[1];
        Session.builder()
                .on("_start", ev -> {
                    // WACC-01: built with names nobody handles, renamed before any client connects
                    wheel[0] = ListenAccept.builder().handle(listening)
                            .acceptEvent("got_connection_nonexistent").errorEvent("got_error_nonexistent")
                            .create(ev.kernel());
                    wheel[0].event("AcceptEvent", "got_connection", "ErrorEvent", "got_error");
                    ev.kernel().delay("got_timeout", 10);
                })
                .on("got_connection_nonexistent", ev -> problems.add("old AcceptEvent name used"))
                .on("got_error_nonexistent", ev -> problems.add("old ErrorEvent name used"))
                .on("got_connection", ev -> {
                    // WACC-02: (socket, peer address, wheel ID)
                    SocketChannel socket = ev.arg(ListenAccept.ARG_SOCKET);
                    accepted.add(socket);
                    if (socket.isBlocking() || !socket.isConnected()) {
                        problems.add("accepted socket not connected and non-blocking: " + socket);
                    }
                    InetSocketAddress peer = ev.arg(ListenAccept.ARG_PEER);
                    if (!peer.getAddress().equals(InetAddress.getByName("127.0.0.1"))
                            || !peer.equals(socket.getRemoteAddress())) {
                        problems.add("peer " + peer + " for " + socket);
                    }
                    if (!ev.arg(ListenAccept.ARG_ACCEPT_WHEEL_ID).equals(wheel[0].id())) {
                        problems.add("wheel ID " + ev.arg(ListenAccept.ARG_ACCEPT_WHEEL_ID));
                    }
                    socket.close();                                             // WACC-03 [M-GC]
                    log.add("accept " + accepted.size());
                    ev.kernel().delay("got_timeout", accepted.size() == CLIENTS ? 1 : 10);
                })
                .on("got_error", ev -> {
                    problems.add("accept error " + ev.args());
                    wheel[0].close();
                })
                .on("got_timeout", ev -> {                                       // WACC-03
                    log.add("listener dropped");
                    wheel[0].close();
                })
                .create(ctx.kernel());
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            SocketFactory[] sf = new SocketFactory[1];
            Session.builder()
                    .on("_start", ev -> sf[0] = SocketFactory.builder()
                            .remoteAddress("127.0.0.1").remotePort(port)
                            .successEvent("got_connection").failureEvent("got_error")
                            .create(ev.kernel()))
                    .on("got_connection", ev -> {
                        sf[0].close();                                          // drop the factory
                        ((SocketChannel) ev.arg(SocketFactory.ARG_SOCKET)).close();
                        clients.add("connected");
                    })
                    .on("got_error", ev -> {
                        sf[0].close();
                        clients.add("failed " + ev.args());
                    })
                    .create(ctx.kernel());
        }
        ctx.drive();
        try {
            assertEquals(List.of(), problems);
            assertEquals(List.of("connected", "connected", "connected", "connected", "connected"), clients);
            assertEquals(List.of("accept 1", "accept 2", "accept 3", "accept 4", "accept 5", "listener dropped"), log,
                    "WACC-02/03: exactly 5 connections, then the timer drops the listener");
            assertTrue(wheel[0].isClosed());
            assertFalse(listening.isOpen(), "WACC-03: dropping the wheel closes the listener it owns");
            for (SocketChannel s : accepted) {
                assertFalse(s.isOpen());
            }
        } finally {
            listening.close();
        }
    }

    /** WACC-01 (the port's checks): renaming needs known kinds; ownsHandle(false) keeps the listener. */
    @LoopTest(timeoutSeconds = 60)
    void renameChecksAndListenerKeptOpen(ScenarioContext ctx) throws IOException {
        try (ServerSocketChannel listening = ServerSocketChannel.open()) {
            listening.bind(new InetSocketAddress("127.0.0.1", 0));
            List<String> log = new ArrayList<>();
            Session.builder()
                    .on("_start", ev -> {
                        ListenAccept w = ListenAccept.builder().handle(listening).ownsHandle(false)
                                .acceptEvent("a").create(ev.kernel());
                        try {
                            w.event("SuccessEvent", "x");
                        } catch (IllegalArgumentException e) {
                            log.add("unknown kind refused");
                        }
                        try {
                            w.event("AcceptEvent");
                        } catch (IllegalArgumentException e) {
                            log.add("odd count refused");
                        }
                        w.close();
                    })
                    .create(ctx.kernel());
            ctx.drive();
            assertEquals(List.of("unknown kind refused", "odd count refused"), log);
            assertTrue(listening.isOpen());
        }
    }
}
