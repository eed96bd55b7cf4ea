package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import poe.EventContext;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.SocketFactory;

/**
 * POE::Test::Loops wheel_sf_udp (WSFU-01 .. WSFU-04): two DATAGRAM SocketFactories on
 * 127.0.0.1 in one session; the session keeps the bound channels after dropping the
 * factories, watches them with selectRead, and the two peers rot13 a datagram back and
 * forth until each has sent 10.
 */
class WheelSocketFactoryUdpTest {

    private static final int MAX_SENDS = 10;

    /** One peer: its factory, then its channel, and what it saw. */
    private static final class Peer {
        final String name;
        SocketFactory factory;
        long factoryId;
        DatagramChannel channel;
        boolean openAfterDrop;
        final List<Object> success = new ArrayList<>();
        int sends;
        int sendErrors;
        int recvErrors;
        int sockErrors;
        final List<String> received = new ArrayList<>();

        Peer(String name) {
            this.name = name;
        }
    }

    @LoopTest(timeoutSeconds = 60)
    void twoUdpPeersRot13TenDatagramsEach(ScenarioContext ctx) {
        Peer a = new Peer("a");
        Peer b = new Peer("b");
        List<String> log = new ArrayList<>();

        Session.builder()
                .on("_start", ev -> {
                    for (Peer p : List.of(a, b)) {
                        p.factory = SocketFactory.builder().type(SocketFactory.Type.DATAGRAM)
                                .bindAddress("127.0.0.1").bindPort(0).reuse(true)
                                .successEvent("socket_" + p.name).failureEvent("error_" + p.name)
                                .create(ev.kernel());
                        p.factoryId = p.factory.id();                     // WSFU-01: the ID at once
                    }
                    log.add("factories made");
                    ev.kernel().delay("took_too_long", 5);
                })
                .on("socket_a", ev -> gotSocket(ev, a, b, log))
                .on("socket_b", ev -> gotSocket(ev, b, a, log))
                .on("error_a", ev -> failed(ev, a, log))
                .on("error_b", ev -> failed(ev, b, log))
                .on("input_a", ev -> input(ev, a, log))
                .on("input_b", ev -> input(ev, b, log))
                .on("took_too_long", ev -> {                              // WSFU-04
                    log.add("timeout");
                    for (Peer p : List.of(a, b)) {
                        if (p.channel != null) {
                            ev.kernel().select(p.channel, null, null);
                            close(p.channel);
                        }
                    }
                })
                .create(ctx.kernel());
        ctx.drive();

        // WSFU-01: SuccessEvent is posted (after the constructors returned), with the bound channel
        assertEquals("factories made", log.get(0), log.toString());
        assertNotEquals(a.factoryId, b.factoryId);
        for (Peer p : List.of(a, b)) {
            assertEquals(List.of("127.0.0.1", true, true), p.success, "peer " + p.name + " SuccessEvent");
            assertTrue(p.openAfterDrop, "peer " + p.name + ": dropping the factory keeps the channel (WSFU-02)");
            // WSFU-03
            assertEquals(MAX_SENDS, p.sends, "peer " + p.name + " sends");
            assertEquals(0, p.sendErrors, "peer " + p.name + " send errors");
            assertEquals(0, p.recvErrors, "peer " + p.name + " recv errors");
            assertEquals(0, p.sockErrors, "peer " + p.name + " socket errors");
            for (int i = 0; i < p.received.size(); i++) {
                assertEquals(alternate(p.received.size() > 0 && p == firstReceiver(a, b) ? 2 * i : 2 * i + 1),
                        p.received.get(i), "peer " + p.name + " datagram " + i);
            }
            assertFalse(p.channel.isOpen(), "closed at the end");
        }
        assertEquals(2 * MAX_SENDS, a.received.size() + b.received.size(), "every datagram arrived");
        assertEquals("timeout", log.get(log.size() - 1), log.toString());
    }

    /** The k-th datagram on the wire: the first text, rot13'd k times. */
    private static String alternate(int k) {
        return k % 2 == 0 ? "1: this is a test" : Rot13RoundTrip.rot13("1: this is a test");
    }

    private static Peer firstReceiver(Peer a, Peer b) {
        return a.received.contains("1: this is a test") ? a : b;
    }

    private static void gotSocket(EventContext ev, Peer me, Peer other, List<String> log) {
        DatagramChannel ch = ev.arg(SocketFactory.ARG_SOCKET);
        me.success.add(ev.arg(SocketFactory.ARG_ADDRESS));
        try {
            me.success.add((int) ev.arg(SocketFactory.ARG_PORT) == ((InetSocketAddress) ch.getLocalAddress()).getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        me.success.add((long) ev.arg(SocketFactory.ARG_SUCCESS_WHEEL_ID) == me.factoryId);
        me.factory.close();                                               // WSFU-02: drop the wheel ...
        me.factory = null;
        me.openAfterDrop = ch.isOpen();                                   // ... keep the socket
        me.channel = ch;
        ev.kernel().selectRead(ch, "input_" + me.name);
        log.add("socket " + me.name);
        if (other.channel != null) {                                      // WSFU-03: the second one starts
            try {
                send(me, "1: this is a test", other.channel.getLocalAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void failed(EventContext ev, Peer p, List<String> log) {
        if ((long) ev.arg(SocketFactory.ARG_FAILURE_WHEEL_ID) == p.factoryId && p.factory != null) {
            p.factory.close();
            p.factory = null;
        }
        p.sockErrors++;
        log.add("error " + p.name + " " + ev.args());
    }

    private static void input(EventContext ev, Peer me, List<String> log) {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        SocketAddress from;
        try {
            from = me.channel.receive(buf);
        } catch (IOException e) {
            me.recvErrors++;
            return;
        }
        if (from == null) {
            me.recvErrors++;                                              // ready, but nothing there
            return;
        }
        buf.flip();
        String message = StandardCharsets.UTF_8.decode(buf).toString();
        me.received.add(message);
        if (me.sends < MAX_SENDS) {
            send(me, Rot13RoundTrip.rot13(message), from);
        } else {
            ev.kernel().selectRead(me.channel);
            log.add(me.name + " done");
            ev.kernel().delay("took_too_long", 0.5);                        // the last exchange: end soon
        }
    }

    private static void send(Peer me, String message, SocketAddress to) {
        me.sends++;
        try {
            ByteBuffer out = ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8));
            if (me.channel.send(out, to) != out.limit()) {
                me.sendErrors++;
            }
        } catch (IOException e) {
            me.sendErrors++;
        }
    }

    private static void close(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
