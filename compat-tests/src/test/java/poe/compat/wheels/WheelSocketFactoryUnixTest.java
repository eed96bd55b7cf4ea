package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.SocketFactory;

/**
 * POE::Test::Loops wheel_sf_unix (WSFX-01 .. WSFX-04): a UNIX-domain SocketFactory server
 * on a path in a temporary directory (deleted before and after), one connection session
 * per client with {@code _child} create and lose, and the rot13 round trip of wheel_sf_tcp.
 */
class WheelSocketFactoryUnixTest {

    @LoopTest(timeoutSeconds = 60)
    void unixDomainClientServerRoundTrip(ScenarioContext ctx) throws IOException {
        Path dir = Files.createTempDirectory("poe-usrv");
        Path path = dir.resolve("server.sock");
        try {
            Files.deleteIfExists(path);
            run(ctx, path);
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }

    private static void run(ScenarioContext ctx, Path path) {
        Rot13RoundTrip rt = new Rot13RoundTrip();
        List<Object> accepted = new ArrayList<>();
        List<String> children = new ArrayList<>();
        List<String> serverErrors = new ArrayList<>();
        boolean[] listening = new boolean[1];
        boolean[] serverStopped = new boolean[1];
        LineServer connections = new LineServer();                      // only its connection sessions
        rt.serverHooks(connections);

        Session.builder()                                               // POE's server_unix_*
                .on("_start", ev -> {
                    SocketFactory sf = SocketFactory.builder().domain(SocketFactory.Domain.UNIX)
                            .bindAddress(path.toString())
                            .successEvent("got_client").failureEvent("got_error").create(ev.kernel());
                    connections.listener = sf;
                    listening[0] = Files.exists(path) && sf.localAddress().isPresent();
                })
                .on("got_client", ev -> {
                    accepted.add(ev.arg(SocketFactory.ARG_ADDRESS));
                    accepted.add(ev.arg(SocketFactory.ARG_PORT));
                    connections.connection(ev, ev.arg(SocketFactory.ARG_SOCKET));
                })
                .on("got_error", ev -> {
                    serverErrors.add(String.valueOf(ev.args()));
                    connections.dropListener();
                })
                .on("_child", ev -> {                                     // WSFX-02
                    Session child = ev.arg(1);
                    children.add(ev.arg(0) + " " + child.id());
                    if ("lose".equals(ev.arg(0))) {
                        connections.dropListener();
                    }
                })
                .on("_stop", ev -> {
                    serverStopped[0] = true;
                    connections.dropListener();
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .create(ctx.kernel());
        rt.client(() -> SocketFactory.builder().remoteAddress(path), ev -> { }).create(ctx.kernel());
        ctx.drive();                                                    // WSFX-04: run() returns

        // WSFX-01
        assertTrue(listening[0], "the server listens at " + path);
        assertEquals(List.of("", 0), accepted, "exactly one client accepted (no peer address, port 0)");
        assertEquals(List.of(), serverErrors);
        assertEquals(List.of(true, path.toString(), 0, true), rt.clientSuccess);
        assertTrue(rt.socketOpenAfterDrop);
        // WSFX-02: create, then lose of the same session
        assertEquals(2, children.size(), children.toString());
        assertTrue(children.get(0).startsWith("create "), children.toString());
        assertEquals(children.get(0).replace("create", "lose"), children.get(1));
        assertTrue(serverStopped[0]);
        // WSFX-03
        assertEquals(19, rt.octetsAfterPut);
        assertEquals(1, rt.messagesAfterPut);
        assertEquals("this is a test", rt.received);
        assertEquals(List.of("read 0 wheel true"), rt.serverErrors);
        assertEquals(2, rt.serverPuts);
        assertEquals(2, rt.serverFlushes);
        assertEquals(2, rt.clientPuts);
        assertEquals(2, rt.clientFlushes);
        assertEquals(List.of(), rt.clientErrors);
        assertTrue(rt.serverDriver.reads.stream().allMatch(n -> n <= 10), rt.serverDriver.reads.toString());
        assertFalse(Files.exists(path), "the server deleted its socket file");
    }

    /** Not in PTL: connecting to a path nobody listens on is a FailureEvent, not a hang. */
    @LoopTest(timeoutSeconds = 60)
    void connectingToAMissingPathFails(ScenarioContext ctx) throws IOException {
        Path dir = Files.createTempDirectory("poe-usrv");
        List<Object> got = new ArrayList<>();
        try {
            Session.builder()
                    .on("_start", ev -> SocketFactory.builder().remoteAddress(dir.resolve("nobody.sock"))
                            .successEvent("up").failureEvent("down").create(ev.kernel()))
                    .on("up", ev -> {
                        got.add("connected?");
                        try {
                            ((SocketChannel) ev.arg(0)).close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .on("down", ev -> {
                        got.add(ev.arg(SocketFactory.ARG_OPERATION));
                        got.add(ev.arg(SocketFactory.ARG_ERRNO));
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            Files.delete(dir);
        }
        assertEquals(List.of("connect", "ENOENT"), got);
    }
}
