package poe.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import poe.Kernel;

/** Both forwarders (components and bare wheels) between plain sockets and a plain socket target. */
@Timeout(180)
class TcpForwarderTest {

    /** A blocking target server: one thread per connection running the handler. */
    static final class Target implements AutoCloseable {
        final ServerSocket server;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Target(Consumer<Socket> handler) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (true) {
                    Socket s;
                    try {
                        s = server.accept();
                    } catch (IOException e) {
                        return;
                    }
                    accepted.incrementAndGet();
                    open.incrementAndGet();
                    sockets.add(s);
                    new Thread(() -> {
                        try (s) {
                            handler.accept(s);
                        } catch (IOException e) {
                            // the peer went
                        } finally {
                            open.decrementAndGet();
                        }
                    }).start();
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Echoes until end of input, then half-closes and ends. */
    static void echo(Socket s) {
        try {
            s.getInputStream().transferTo(s.getOutputStream());
            s.shutdownOutput();
            s.getInputStream().read();
        } catch (IOException e) {
            // the peer went
        }
    }

    private Kernel kernel;
    private CompletableFuture<Integer> status;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private int start(String program, String... args) throws Exception {
        CompletableFuture<Object[]> started = new CompletableFuture<>();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        status = CompletableFuture.supplyAsync(() -> program.equals("components")
                ? TcpForwarder.run(args, out, (k, p) -> started.complete(new Object[] {k, p}))
                : TcpForwarderWheels.run(args, out, (k, p) -> started.complete(new Object[] {k, p})));
        Object[] s = started.get(30, TimeUnit.SECONDS);
        kernel = (Kernel) s[0];
        return (Integer) s[1];
    }

    private void stop() throws Exception {
        kernel.signal(kernel, "INT");
        assertEquals(0, status.get(60, TimeUnit.SECONDS), printed.toString(StandardCharsets.UTF_8));
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(60_000);
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"components", "wheels"})
    void largeRandomPayloadsBothWaysOnSeveralConnectionsThenHalfClose(String program) throws Exception {
        try (Target target = new Target(TcpForwarderTest::echo)) {
            int port = start(program, "--listen", "0", "--to", "127.0.0.1:" + target.port());
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int seed = c;
                done.add(CompletableFuture.runAsync(() -> {
                    try (Socket s = connect(port)) {
                        byte[] payload = new byte[(6 << 20) + seed * 12345];
                        new Random(seed).nextBytes(payload);
                        CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                            try {
                                return s.getInputStream().readAllBytes();   // to the end: the half-close came back
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        });
                        OutputStream out = s.getOutputStream();
                        for (int off = 0; off < payload.length; off += 65536) {
                            out.write(payload, off, Math.min(65536, payload.length - off));
                        }
                        s.shutdownOutput();
                        byte[] got = back.get(120, TimeUnit.SECONDS);
                        assertEquals(payload.length, got.length);
                        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(payload),
                                MessageDigest.getInstance("SHA-256").digest(got));
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            for (CompletableFuture<Void> f : done) {
                f.get(150, TimeUnit.SECONDS);
            }
            stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"components", "wheels"})
    void theClientsHalfCloseReachesTheTargetWhichStillAnswers(String program) throws Exception {
        // the target reads to the end, then says how much it got
        try (Target target = new Target(s -> {
            try {
                byte[] all = s.getInputStream().readAllBytes();
                s.getOutputStream().write(("got " + all.length + " bytes\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the peer went
            }
        })) {
            int port = start(program, "--listen", "0", "--to", "127.0.0.1:" + target.port());
            try (Socket s = connect(port)) {
                s.getOutputStream().write(new byte[100_000]);
                s.shutdownOutput();
                assertEquals("got 100000 bytes\n", new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"components", "wheels"})
    void theTargetsHalfCloseReachesTheClient(String program) throws Exception {
        LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
        // the target greets and half-closes at once, then reads what the client still sends
        try (Target target = new Target(s -> {
            try {
                s.getOutputStream().write("hello, then nothing more\n".getBytes(StandardCharsets.UTF_8));
                s.shutdownOutput();
                heard.add(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                heard.add("error: " + e);
            }
        })) {
            int port = start(program, "--listen", "0", "--to", "127.0.0.1:" + target.port());
            try (Socket s = connect(port)) {
                InputStream in = s.getInputStream();
                assertEquals("hello, then nothing more\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                if (program.equals("wheels")) {                // both directions are independent
                    s.getOutputStream().write("late words".getBytes(StandardCharsets.UTF_8));
                    s.shutdownOutput();
                    assertEquals("late words", heard.poll(60, TimeUnit.SECONDS));
                } else {                                       // TcpClient ends the connection at its end of input
                    String h = heard.poll(60, TimeUnit.SECONDS);
                    assertTrue(h != null && (h.isEmpty() || h.startsWith("error")), h);
                }
            }
            stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"components", "wheels"})
    void atMostMaxConnectionsAreForwardedTheNextWaitsForOneToEnd(String program) throws Exception {
        try (Target target = new Target(TcpForwarderTest::echo)) {
            int port = start(program, "--listen", "0", "--to", "127.0.0.1:" + target.port(), "--max", "2");
            try (Socket a = connect(port); Socket b = connect(port); Socket c = connect(port)) {
                for (Socket s : List.of(a, b, c)) {
                    s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                }
                assertEquals("ping\n", line(a));
                assertEquals("ping\n", line(b));
                // a round trip on a and b after c's ping: the forwarder has seen c's connection by now
                for (Socket s : List.of(a, b)) {
                    s.getOutputStream().write("again\n".getBytes(StandardCharsets.UTF_8));
                    assertEquals("again\n", line(s));
                }
                assertEquals(2, target.accepted.get(), "the third connection is not forwarded yet");
                assertEquals(0, c.getInputStream().available());
                a.close();                                     // a slot frees: c is accepted and forwarded
                assertEquals("ping\n", line(c));
                assertEquals(3, target.accepted.get());
            }
            stop();
        }
    }

    private static String line(Socket s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int ch;
        while ((ch = s.getInputStream().read()) >= 0) {
            b.write(ch);
            if (ch == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
