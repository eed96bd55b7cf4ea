package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.filter.Line;
import poe.filter.Stream;
import poe.wheel.ErrnoNames;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/**
 * What a server built on the wheels must survive (issue 15, "Reliability"): peers that reset,
 * half-close or vanish mid-write; a slow reader; a line over the filter's limit; connections
 * refused, to nowhere, or timing out. Failures are events, never an exception out of run(),
 * and the other connections carry on.
 */
class WheelReliabilityTest {

    /** The heap of every test session: a map, so that wheels can be kept by name. */
    private static Map<String, Object> heap(EventContext ev) {
        return ev.heap();
    }

    private static ReadWrite wheel(EventContext ev) {
        return (ReadWrite) heap(ev).get("rw");
    }

    /**
     * A line echo server on 127.0.0.1: one session per connection; an error is logged as
     * "server OPERATION ERRNO" and closes that connection. Returns the port.
     */
    private static int echoServer(Kernel kernel, List<String> log, Consumer<ReadWrite.Builder> tune) {
        int[] port = new int[1];
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    ev.kernel().aliasSet("server");
                    SocketFactory sf = SocketFactory.builder().bindAddress("127.0.0.1")
                            .successEvent("accepted").failureEvent("failed").create(ev.kernel());
                    heap(ev).put("sf", sf);
                    port[0] = sf.port();
                })
                .on("accepted", ev -> Session.builder()
                        .heap(new HashMap<String, Object>())
                        .args((Object) ev.arg(SocketFactory.ARG_SOCKET))
                        .on("_start", c -> {
                            ReadWrite.Builder b = ReadWrite.builder().handle((SocketChannel) c.arg(0))
                                    .inputEvent("line").errorEvent("error");
                            tune.accept(b);
                            heap(c).put("rw", b.create(c.kernel()));
                        })
                        .on("line", c -> wheel(c).put(c.arg(0)))
                        .on("error", c -> {
                            log.add("server " + c.arg(ReadWrite.ARG_OPERATION) + " " + c.arg(ReadWrite.ARG_ERRNO));
                            wheel(c).close();
                        })
                        .create(ev.kernel()))
                .on("failed", ev -> log.add("server failed " + ev.args()))
                .on("shutdown", ev -> {
                    ((SocketFactory) heap(ev).remove("sf")).close();
                    ev.kernel().aliasRemove("server");
                })
                .create(kernel);
        return port[0];
    }

    /** A client session: connects, then hands the socket to {@code connected}. */
    private static void client(Kernel kernel, int port, String name, Map<String, poe.Handler> handlers,
                               poe.Handler connected) {
        var b = Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> heap(ev).put("sf", SocketFactory.builder().remoteAddress("127.0.0.1")
                        .remotePort(port).successEvent("up").failureEvent("down").create(ev.kernel())))
                .on("up", ev -> {
                    ((SocketFactory) heap(ev).remove("sf")).close();
                    connected.handle(ev);
                })
                .on("down", ev -> {
                    throw new AssertionError(name + " could not connect: " + ev.args());
                });
        handlers.forEach(b::on);
        b.create(kernel);
    }

    /**
     * A client that waits (under an alias) for "go", then connects, sends one line, logs
     * "ALIAS got ECHO" and shuts the server down: the server still serves after a bad peer.
     */
    private static void laterClient(Kernel kernel, int port, String alias, String line, List<String> log) {
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> ev.kernel().aliasSet(alias))
                .on("go", ev -> {
                    ev.kernel().aliasRemove(alias);
                    heap(ev).put("sf", SocketFactory.builder().remoteAddress("127.0.0.1").remotePort(port)
                            .successEvent("up").failureEvent("down").create(ev.kernel()));
                })
                .on("up", ev -> {
                    ((SocketFactory) heap(ev).remove("sf")).close();
                    heap(ev).put("rw", ReadWrite.builder().handle((SocketChannel) ev.arg(0))
                            .inputEvent("line").create(ev.kernel()));
                    wheel(ev).put(line);
                })
                .on("line", ev -> {
                    log.add(alias + " got " + ev.arg(0));
                    wheel(ev).close();
                    ev.kernel().post("server", "shutdown");
                })
                .on("down", ev -> log.add(alias + " down " + ev.args()))
                .create(kernel);
    }

    @LoopTest(timeoutSeconds = 60)
    void aResetOrVanishedPeerIsAnErrorEventAndOthersCarryOn(ScenarioContext ctx) {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Kernel kernel = ctx.kernel();
        int port = echoServer(kernel, log, b -> { });
        // 1: resets its connection (SO_LINGER 0, then close) right after a line went out
        client(kernel, port, "resetter", Map.of(
                "line", ev -> {
                    SocketChannel ch = (SocketChannel) wheel(ev).getInputHandle();
                    ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                    wheel(ev).close();                              // RST: the server reads ECONNRESET
                    ev.kernel().delay("next", 0.2);
                },
                "next", ev -> ev.kernel().post("second", "go")), ev -> {
                    heap(ev).put("rw", ReadWrite.builder().handle((SocketChannel) ev.arg(0))
                            .inputEvent("line").create(ev.kernel()));
                    wheel(ev).put("before the reset");
                });
        // 2: after the reset, the server still echoes for others
        laterClient(kernel, port, "second", "still there?", log);
        ctx.drive();
        assertTrue(log.contains("server read ECONNRESET"), "the reset is an error event: " + log);
        assertTrue(log.contains("second got still there?"), "the server carried on: " + log);
    }

    /** A peer that vanishes while the server writes a lot to it: a write error, not an exception. */
    @LoopTest(timeoutSeconds = 60)
    void aPeerVanishingMidWriteIsAnErrorEvent(ScenarioContext ctx) {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Kernel kernel = ctx.kernel();
        int[] port = new int[1];
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    SocketFactory sf = SocketFactory.builder().bindAddress("127.0.0.1")
                            .successEvent("accepted").failureEvent("failed").create(ev.kernel());
                    heap(ev).put("sf", sf);
                    port[0] = sf.port();
                })
                .on("accepted", ev -> {
                    ((SocketFactory) heap(ev).remove("sf")).close();
                    heap(ev).put("rw", ReadWrite.builder().handle((SocketChannel) ev.arg(0))
                            .filter(Stream.create()).errorEvent("error").flushedEvent("flushed")
                            .create(ev.kernel()));
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < 64; i++) {
                        wheel(ev).put(chunk);                     // 4 MB: more than the socket buffers
                    }
                    ev.kernel().post("peer", "vanish");
                })
                .on("flushed", ev -> log.add("server flushed everything"))
                .on("error", ev -> {
                    log.add("server " + ev.arg(ReadWrite.ARG_OPERATION) + " " + ev.arg(ReadWrite.ARG_ERRNO));
                    wheel(ev).close();
                })
                .on("failed", ev -> log.add("server failed " + ev.args()))
                .create(kernel);
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    ev.kernel().aliasSet("peer");
                    heap(ev).put("sf", SocketFactory.builder().remoteAddress("127.0.0.1").remotePort(port[0])
                            .successEvent("up").failureEvent("down").create(ev.kernel()));
                })
                .on("up", ev -> {
                    ((SocketFactory) heap(ev).remove("sf")).close();
                    heap(ev).put("socket", ev.arg(0));
                    if (heap(ev).containsKey("vanish")) {                 // the server was quicker
                        ev.kernel().yield("vanish");
                    }
                })
                .on("vanish", ev -> {
                    SocketChannel ch = (SocketChannel) heap(ev).remove("socket");
                    if (ch == null) {
                        heap(ev).put("vanish", true);
                        return;
                    }
                    ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                    ch.close();                                        // unread data + RST
                    ev.kernel().aliasRemove("peer");
                })
                .on("down", ev -> log.add("peer down " + ev.args()))
                .create(kernel);
        ctx.drive();
        assertEquals(1, log.size(), "one error and nothing else: " + log);
        assertTrue(log.get(0).equals("server write EPIPE") || log.get(0).equals("server write ECONNRESET"),
                "a write error naming EPIPE or ECONNRESET: " + log);
    }

    /** After a half-close, all the peer sent and all we queued still arrive (shutdownOutput waits for the queue). */
    @LoopTest(timeoutSeconds = 60)
    void halfCloseLosesNothingEitherWay(ScenarioContext ctx) {
        int lines = 2000;
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Kernel kernel = ctx.kernel();
        int[] port = new int[1];
        Session.builder()                                   // server: echoes, and at EOF says how many
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    SocketFactory sf = SocketFactory.builder().bindAddress("127.0.0.1")
                            .successEvent("accepted").failureEvent("failed").create(ev.kernel());
                    heap(ev).put("sf", sf);
                    port[0] = sf.port();
                })
                .on("accepted", ev -> {
                    ((SocketFactory) heap(ev).remove("sf")).close();
                    heap(ev).put("n", 0);
                    heap(ev).put("rw", ReadWrite.builder().handle((SocketChannel) ev.arg(0))
                            .inputEvent("line").errorEvent("error").create(ev.kernel()));
                })
                .on("line", ev -> {
                    heap(ev).merge("n", 1, (a, b) -> (Integer) a + (Integer) b);
                    wheel(ev).put("echo " + ev.arg(0));
                })
                .on("error", ev -> {
                    if (ErrnoNames.EOF.equals(ev.arg(ReadWrite.ARG_ERRNO))) {
                        wheel(ev).put("bye after " + heap(ev).get("n"));
                        wheel(ev).shutdownOutput();               // after the queue is written
                    } else {
                        log.add("server error " + ev.args());
                    }
                })
                .on("failed", ev -> log.add("server failed " + ev.args()))
                .create(kernel);
        Session.builder()                                   // client: sends, half-closes at once, reads to EOF
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> heap(ev).put("sf", SocketFactory.builder().remoteAddress("127.0.0.1")
                        .remotePort(port[0]).successEvent("up").failureEvent("down").create(ev.kernel())))
                .on("up", ev -> {
                    ((SocketFactory) heap(ev).remove("sf")).close();
                    heap(ev).put("rw", ReadWrite.builder().handle((SocketChannel) ev.arg(0))
                            .inputEvent("line").errorEvent("error").create(ev.kernel()));
                    for (int i = 0; i < lines; i++) {
                        wheel(ev).put("line " + i + " " + "x".repeat(100));
                    }
                    wheel(ev).shutdownOutput();                   // most of it is still queued here
                    heap(ev).put("got", 0);
                })
                .on("line", ev -> {
                    String line = ev.arg(0);
                    int got = (Integer) heap(ev).get("got");
                    if (line.startsWith("echo ")) {
                        assertEquals("echo line " + got + " " + "x".repeat(100), line);
                        heap(ev).put("got", got + 1);
                    } else {
                        log.add("client got " + line + " and " + got + " echoes");
                    }
                })
                .on("error", ev -> {
                    log.add("client " + ev.arg(ReadWrite.ARG_OPERATION) + " " + ev.arg(ReadWrite.ARG_ERRNO));
                    wheel(ev).close();
                })
                .on("down", ev -> log.add("client down " + ev.args()))
                .create(kernel);
        ctx.drive();
        assertEquals(List.of("client got bye after " + lines + " and " + lines + " echoes", "client read 0"), log);
    }

    /** 100 MB at a slow reader: the marks stop and resume the writer; memory stays near the marks. */
    @LoopTest(timeoutSeconds = 120)
    void aSlowReaderThrottlesTheWriterThroughTheMarks(ScenarioContext ctx) {
        long total = 100L << 20;
        int chunkSize = 64 * 1024;
        long high = 1 << 20;
        long low = 256 * 1024;
        long[] maxQueued = new long[1];
        long[] received = new long[1];
        int[] highs = new int[1];
        int[] lows = new int[1];
        List<Long> heapSamples = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Kernel kernel = ctx.kernel();
        int[] port = new int[1];
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long baseline = rt.totalMemory() - rt.freeMemory();
        Session.builder()                                            // the writer
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    SocketFactory sf = SocketFactory.builder().bindAddress("127.0.0.1")
                            .successEvent("accepted").failureEvent("failed").create(ev.kernel());
                    heap(ev).put("sf", sf);
                    port[0] = sf.port();
                })
                .on("accepted", ev -> {
                    ((SocketFactory) heap(ev).remove("sf")).close();
                    heap(ev).put("sent", 0L);
                    heap(ev).put("rw", ReadWrite.builder().handle((SocketChannel) ev.arg(0))
                            .filter(Stream.create()).errorEvent("error").flushedEvent("flushed")
                            .highMark(high).lowMark(low).highEvent("high").lowEvent("low")
                            .create(ev.kernel()));
                    ev.kernel().yield("produce");
                })
                .on("produce", ev -> {
                    byte[] chunk = new byte[chunkSize];
                    long sent = (Long) heap(ev).get("sent");
                    if (sent >= total) {
                        return;                                   // a low event's produce after the last one
                    }
                    boolean full = false;
                    while (sent < total && !full) {
                        full = wheel(ev).put(chunk);
                        sent += chunkSize;
                        maxQueued[0] = Math.max(maxQueued[0], wheel(ev).getDriverOutOctets());
                    }
                    heap(ev).put("sent", sent);
                    if (sent >= total) {
                        wheel(ev).shutdownOutput();
                    }
                })
                .on("high", ev -> highs[0]++)
                .on("low", ev -> {
                    lows[0]++;
                    ev.kernel().yield("produce");
                })
                .on("flushed", ev -> {
                    if ((Long) heap(ev).get("sent") >= total) {
                        wheel(ev).close();
                    }
                })
                .on("error", ev -> log.add("writer error " + ev.args()))
                .on("failed", ev -> log.add("writer failed " + ev.args()))
                .create(kernel);
        Session.builder()                                            // the slow reader: 256 KiB, then a pause
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> heap(ev).put("sf", SocketFactory.builder().remoteAddress("127.0.0.1")
                        .remotePort(port[0]).successEvent("up").failureEvent("down").create(ev.kernel())))
                .on("up", ev -> {
                    ((SocketFactory) heap(ev).remove("sf")).close();
                    heap(ev).put("rw", ReadWrite.builder().handle((SocketChannel) ev.arg(0))
                            .filter(Stream.create()).inputEvent("data").errorEvent("error").create(ev.kernel()));
                    heap(ev).put("burst", 0L);
                })
                .on("data", ev -> {
                    byte[] data = ev.arg(0);
                    long before = received[0];
                    received[0] += data.length;
                    if (before / (20L << 20) != received[0] / (20L << 20)) {    // every 20 MB
                        System.gc();
                        heapSamples.add(rt.totalMemory() - rt.freeMemory() - baseline);
                    }
                    long burst = (Long) heap(ev).get("burst") + data.length;
                    if (burst >= 256 * 1024) {
                        burst = 0;
                        wheel(ev).pauseInput();
                        ev.kernel().delay("resume", 0.001);
                    }
                    heap(ev).put("burst", burst);
                })
                .on("resume", ev -> wheel(ev).resumeInput())
                .on("error", ev -> {
                    log.add("reader " + ev.arg(ReadWrite.ARG_OPERATION) + " " + ev.arg(ReadWrite.ARG_ERRNO));
                    wheel(ev).close();
                })
                .on("down", ev -> log.add("reader down " + ev.args()))
                .create(kernel);
        ctx.drive();
        assertEquals(List.of("reader read 0"), log);
        assertEquals(total, received[0], "every byte arrived");
        assertTrue(maxQueued[0] <= high + chunkSize, "the queue stopped at the high mark (+1 chunk): " + maxQueued[0]);
        assertTrue(highs[0] > 0 && lows[0] > 0, "the marks were crossed: high " + highs[0] + ", low " + lows[0]);
        long worst = heapSamples.stream().mapToLong(Long::longValue).max().orElse(0);
        assertTrue(worst < 48L << 20, "live heap grew by " + (worst >> 20) + " MB while 100 MB went through"
                + " (samples " + heapSamples + ")");
    }

    /** A line over the filter's limit: an error event naming the limit, and the server serves others. */
    @LoopTest(timeoutSeconds = 60)
    void aLineOverTheLimitIsAnErrorEventAndTheServerGoesOn(ScenarioContext ctx) {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        Kernel kernel = ctx.kernel();
        int port = echoServer(kernel, log, b -> b.filter(Line.builder().maxLength(1024).build()));
        client(kernel, port, "giant", Map.of(
                "error", ev -> {
                    log.add("giant " + ev.arg(ReadWrite.ARG_OPERATION) + " " + ev.arg(ReadWrite.ARG_ERRNO));
                    wheel(ev).close();
                    ev.kernel().post("polite", "go");
                }), ev -> {
                    heap(ev).put("rw", ReadWrite.builder().handle((SocketChannel) ev.arg(0))
                            .errorEvent("error").inputEvent("line").create(ev.kernel()));
                    wheel(ev).put("y".repeat(4 << 20));           // 4 MB without a terminator, then one
                });
        laterClient(kernel, port, "polite", "hello", log);
        ctx.drive();
        assertTrue(log.contains("server read EMSGSIZE"), "an error event for the giant line: " + log);
        assertTrue(log.contains("polite got hello"), "the server served the next client: " + log);
        assertTrue(log.stream().noneMatch(l -> l.startsWith("server failed")), log.toString());
    }

    /** Refused, nowhere to go, and timing out: a FailureEvent each, with its errno name. */
    @LoopTest(timeoutSeconds = 60)
    void connectFailuresAreFailureEventsWithErrnoNames(ScenarioContext ctx) throws IOException {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Path dir = Files.createTempDirectory("poe-sf");
        Path nowhere = dir.resolve("nobody-listens.sock");
        List<SocketChannel> backlog = new ArrayList<>();
        try (SocketChannel reserved = SocketChannel.open();
             ServerSocketChannel full = ServerSocketChannel.open()) {
            reserved.bind(new InetSocketAddress("127.0.0.1", 0));   // a port nobody listens on
            int refusedPort = ((InetSocketAddress) reserved.getLocalAddress()).getPort();
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);     // a listener that never accepts
            for (int i = 0; i < 8; i++) {                             // fill its queue: later SYNs wait
                SocketChannel c = SocketChannel.open();
                c.configureBlocking(false);
                c.connect(full.getLocalAddress());
                backlog.add(c);
            }
            int fullPort = ((InetSocketAddress) full.getLocalAddress()).getPort();
            Session.builder()
                    .on("_start", ev -> {
                        SocketFactory.builder().remoteAddress("127.0.0.1").remotePort(refusedPort)
                                .successEvent("up").failureEvent("down").create(ev.kernel());
                        SocketFactory.builder().remoteAddress(nowhere)
                                .successEvent("up").failureEvent("down").create(ev.kernel());
                        SocketFactory.builder().remoteAddress("127.0.0.1").remotePort(fullPort).connectTimeout(0.5)
                                .successEvent("up").failureEvent("down").create(ev.kernel());
                    })
                    .on("up", ev -> log.add("connected?! " + ev.args()))
                    .on("down", ev -> log.add(ev.arg(SocketFactory.ARG_OPERATION) + " "
                            + ev.arg(SocketFactory.ARG_ERRNO)))
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            for (SocketChannel c : backlog) {
                c.close();
            }
            Files.deleteIfExists(nowhere);
            Files.deleteIfExists(dir);
        }
        List<String> sorted = new ArrayList<>(log);
        Collections.sort(sorted);
        assertEquals(List.of("connect ECONNREFUSED", "connect ENOENT", "connect ETIMEDOUT"), sorted);
    }
}
