package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/**
 * POE::Test::Loops wheel_sf_ipv6 (WSF6-01, WSF6-02): a Server::TCP stand-in on {@code ::1}
 * and a Client::TCP stand-in bound to {@code ::1}, both INET6, with a rot13 round trip.
 * Skipped, with the reason, where the machine has no IPv6 loopback or IPv6 fails.
 */
class WheelSocketFactoryIpv6Test {

    /** WSF6-02: null when {@code ::1} can be bound, else why not. */
    private static String noIpv6Loopback() {
        try (ServerSocketChannel probe = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return "no IPv6 loopback on this machine: binding [::1]:0 failed with " + e;
        }
    }

    @LoopTest(timeoutSeconds = 60)
    void ipv6ClientServerRoundTrip(ScenarioContext ctx) {
        String why = noIpv6Loopback();
        assumeTrue(why == null, why);

        List<String> log = new ArrayList<>();
        List<String> skipReasons = new ArrayList<>();
        int[] port = {0};
        LineServer server = new LineServer();
        server.domain = SocketFactory.Domain.INET6;
        server.address = "::1";
        server.error = ev -> skipReasons.add("server " + ev.arg(0) + " error " + ev.arg(1) + ": " + ev.arg(2));
        server.hooks.input = (ev, c) -> c.put(Rot13RoundTrip.rot13(ev.arg(ReadWrite.ARG_INPUT)));
        server.hooks.disconnected = (ev, c) -> log.add("server disconnected, puts " + c.puts + " flushes " + c.flushes);

        LineClient client = new LineClient();
        client.domain = SocketFactory.Domain.INET6;
        client.remoteAddress = "::1";
        client.bindAddress = "::1";
        client.connectTimeout = 10;
        client.connectError = (ev, op, errno, msg) -> skipReasons.add("client " + op + " error " + errno + ": " + msg);
        client.hooks.connected = (ev, c) -> c.put(Rot13RoundTrip.FIRST);
        client.hooks.input = (ev, c) -> {
            String line = ev.arg(ReadWrite.ARG_INPUT);
            if (line.startsWith("1: ")) {
                c.put("2: " + line.substring(3));
            } else if (line.startsWith("2: ")) {
                log.add("client received " + line.substring(3));
                ev.kernel().post("server", "shutdown");
                ev.kernel().yield("shutdown");
            }
        };
        client.hooks.disconnected = (ev, c) -> log.add("client disconnected, puts " + c.puts + " flushes " + c.flushes);

        server.started = f -> {
            port[0] = f.port();
            client.remotePort = port[0];
            client.spawn(ctx.kernel());
        };
        server.spawn(ctx.kernel());
        ctx.drive();

        assumeTrue(skipReasons.isEmpty(), "AF_INET6 probably not supported: " + skipReasons);   // WSF6-02
        log.sort(null);                                 // the two sides' disconnects come in either order
        assertEquals(List.of("client disconnected, puts 2 flushes 2", "client received this is a test",
                "server disconnected, puts 2 flushes 2"), log);
        assertTrue(server.shutDown, "the client's post reached the server's alias");
    }
}
