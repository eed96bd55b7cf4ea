package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * POE::Test::Loops z_rt53302_fh_watchers (ZR53-01 .. ZR53-04), ported with raw watchers:
 * Server::TCP and Client::TCP do not exist yet, so a listener session, one session per
 * accepted connection and five client sessions do their work with selectRead/selectWrite.
 * Watchers are added and removed, channels closed (and their descriptors reused by the
 * next connections) and re-registered, while other connections come and go.
 */
class RegressionWatcherChurnTest {

    private static final int CLIENTS = 5;
    private static final int MAX_LINE = 1024;

    /** Counters of ZR53-02. */
    private static final class Counts {
        final Map<String, Integer> map = Collections.synchronizedMap(new TreeMap<>());

        void inc(String key) {
            map.merge(key, 1, Integer::sum);
        }
    }

    /** A line-oriented connection: bounded input buffer, output queue. */
    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(MAX_LINE);
        ByteBuffer out;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }

        /** Reads; returns complete lines, or null at EOF. */
        List<String> readLines() {
            try {
                if (channel.read(in) < 0) {
                    return null;
                }
            } catch (IOException e) {
                return null;        // reset by peer counts as a disconnect
            }
            List<String> lines = new ArrayList<>();
            in.flip();
            int start = in.position();
            for (int i = in.position(); i < in.limit(); i++) {
                if (in.get(i) == '\n') {
                    byte[] line = new byte[i - start];
                    in.get(line);
                    in.get();
                    lines.add(new String(line, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            in.compact();
            if (!in.hasRemaining()) {
                throw new IllegalStateException("line longer than " + MAX_LINE + " bytes");
            }
            return lines;
        }

        /** Writes what is queued; true once everything is out. */
        boolean flush() {
            try {
                channel.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return !out.hasRemaining();
        }

        void close(Kernel k) {
            k.select(channel, null, null);
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @LoopTest(timeoutSeconds = 60)
    void watchersTornDownAndRebuiltWhileConnectionsComeAndGo(ScenarioContext ctx) throws IOException {
        Counts server = new Counts();
        Counts client = new Counts();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("localhost", 0));
        int port = listener.socket().getLocalPort();

        Session.builder()                                                          // the listener
                .on("_start", ev -> {
                    ev.kernel().aliasSet("server");
                    ev.kernel().selectRead(listener, "accept");
                })
                .on("accept", ev -> {
                    SocketChannel ch;
                    try {
                        ch = listener.accept();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (ch != null) {
                        serverConnection(new Conn(ch), server).create(ev.kernel());
                    }
                })
                .on("shutdown", ev -> {                                               // ZR53-03
                    ev.kernel().selectRead(listener);
                    ev.kernel().aliasRemove("server");
                    try {
                        listener.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    server.inc("shutdown");
                })
                .on("_child", ev -> { })
                .create(ctx.kernel());

        for (int i = 0; i < CLIENTS; i++) {
            clientSession(i, port, client, problems).create(ctx.kernel());
        }
        ctx.drive();
        assertEquals(List.of(), problems);
        Map<String, Integer> want = Map.of("connects", CLIENTS, "disconnects", CLIENTS, "inputs", CLIENTS,
                "flushes", CLIENTS);
        Map<String, Integer> wantServer = new TreeMap<>(want);
        wantServer.put("shutdown", 1);
        assertEquals(wantServer, server.map, "server counts");                      // ZR53-02
        assertEquals(new TreeMap<>(want), client.map, "client counts");
        assertTrue(!listener.isOpen());
    }

    private static poe.SessionBuilder serverConnection(Conn c, Counts server) {
        return Session.builder()
                .on("_start", ev -> {
                    server.inc("connects");
                    ev.kernel().selectRead(c.channel, "input");
                })
                .on("input", ev -> {
                    List<String> lines = c.readLines();
                    if (lines == null) {
                        c.close(ev.kernel());
                        server.inc("disconnects");
                        if (server.map.get("disconnects") == CLIENTS) {
                            ev.kernel().call("server", "shutdown");              // a call into another session by alias
                        }
                        return;
                    }
                    for (String line : lines) {
                        server.inc("inputs");
                        c.out = ByteBuffer.wrap(("echo: " + line + "\n").getBytes(StandardCharsets.UTF_8));
                        ev.kernel().selectWrite(c.channel, "flush");
                    }
                })
                .on("flush", ev -> {
                    if (c.flush()) {
                        server.inc("flushes");
                        ev.kernel().selectWrite(c.channel);                          // tear the write watcher down
                    }
                });
    }

    private static poe.SessionBuilder clientSession(int n, int port, Counts client, List<String> problems) {
        Conn[] conn = new Conn[1];
        boolean[] shuttingDown = new boolean[1];
        return Session.builder()
                .on("_start", ev -> ev.kernel().delay("connect", 0.08 * n))             // staggered: later ones reuse closed descriptors
                .on("connect", ev -> {
                    try {
                        SocketChannel ch = SocketChannel.open();
                        ch.configureBlocking(false);
                        conn[0] = new Conn(ch);
                        ch.connect(new InetSocketAddress("localhost", port));        // a name, not an address
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    ev.kernel().delay("connect_timeout", 2);
                    ev.kernel().selectWrite(conn[0].channel, "connected");
                })
                .on("connect_timeout", ev -> {
                    problems.add("client " + n + ": connect timed out");
                    conn[0].close(ev.kernel());
                })
                .on("connected", ev -> {
                    Kernel k = ev.kernel();
                    try {
                        if (!conn[0].channel.finishConnect()) {
                            return;
                        }
                    } catch (IOException e) {
                        problems.add("client " + n + ": " + e);
                        conn[0].close(k);
                        return;
                    }
                    k.delay("connect_timeout");
                    client.inc("connects");
                    // ZR53-04: the write watcher goes (its key is cancelled), and the channel is
                    // registered again before the loop selects: no CancelledKeyException
                    k.selectWrite(conn[0].channel);
                    k.selectRead(conn[0].channel, "input");
                    conn[0].out = ByteBuffer.wrap(("hello from " + n + "\n").getBytes(StandardCharsets.UTF_8));
                    k.selectWrite(conn[0].channel, "flush");
                })
                .on("flush", ev -> {
                    if (conn[0].flush()) {
                        client.inc("flushes");
                        ev.kernel().selectWrite(conn[0].channel);
                        if (shuttingDown[0]) {
                            ev.kernel().yield("disconnect");
                        }
                    }
                })
                .on("input", ev -> {
                    List<String> lines = conn[0].readLines();
                    if (lines == null) {
                        problems.add("client " + n + ": server closed first");
                        conn[0].close(ev.kernel());
                        return;
                    }
                    for (String line : lines) {
                        if (!line.equals("echo: hello from " + n)) {
                            problems.add("client " + n + " got '" + line + "'");
                        }
                        client.inc("inputs");
                        ev.kernel().delay("shutdown", 0.2);
                    }
                })
                .on("shutdown", ev -> {
                    shuttingDown[0] = true;
                    if (conn[0].out == null || !conn[0].out.hasRemaining()) {          // wait for the flush
                        ev.kernel().yield("disconnect");
                    }
                })
                .on("disconnect", ev -> {
                    conn[0].close(ev.kernel());
                    client.inc("disconnects");
                });
    }

}
