package poe.loop.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import javafx.application.Platform;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import poe.Kernel;
import poe.Postback;
import poe.Session;

/**
 * Kernel scenarios run on the select loop and on the javafx loop in every drive mode: the
 * event logs must be the same, and on javafx every handler runs on the FX thread.
 */
@Timeout(120)
class SameAsSelectTest {

    /** How the javafx kernel is driven. */
    enum Drive {
        /** Made on the test thread; {@code run()} there hands it to the FX thread. */
        RUN_FROM_OWNER,
        /** Made on the test thread; {@code runOneTimeslice()} until done. */
        SLICES_FROM_OWNER,
        /** Made on the FX thread; {@code run()} there waits in a nested event loop. */
        RUN_ON_FX,
        /** Made on the FX thread; {@code runOneTimeslice()} there until done. */
        SLICES_ON_FX
    }

    /** A scenario: sets up sessions that write to a log, keyed by writer. */
    private interface Scenario extends BiConsumer<Kernel, Log> {
    }

    /** A thread-safe log per writer, plus the threads handlers ran on. */
    static final class Log {
        final Map<String, List<String>> entries = Collections.synchronizedMap(new TreeMap<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());

        void add(String writer, String entry) {
            entries.computeIfAbsent(writer, w -> Collections.synchronizedList(new ArrayList<>())).add(entry);
            threads.add(Thread.currentThread().getName());
        }

        Map<String, List<String>> snapshot() {
            synchronized (entries) {
                Map<String, List<String>> copy = new TreeMap<>();
                entries.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
                return copy;
            }
        }
    }

    private static Log onSelect(Scenario scenario) {
        Log log = new Log();
        Kernel kernel = Kernel.create("select");
        scenario.accept(kernel, log);
        try {
            kernel.run();
        } catch (RuntimeException e) {
            log.add("run", "threw " + e.getMessage());
        }
        log.add("end", "registrations " + kernel.loop().registrations());
        kernel.close();
        return log;
    }

    private static Log onJavaFx(Scenario scenario, Drive drive) throws Exception {
        Log log = new Log();
        if (drive == Drive.RUN_FROM_OWNER || drive == Drive.SLICES_FROM_OWNER) {
            drive(Kernel.create("javafx"), scenario, drive, log);
        } else {
            FxToolkit.ensureStarted();
            FutureTask<Void> task = new FutureTask<>(() -> {
                drive(Kernel.create("javafx"), scenario, drive, log);
                return null;
            });
            Platform.runLater(task);
            try {
                task.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }
        return log;
    }

    private static void drive(Kernel kernel, Scenario scenario, Drive drive, Log log) {
        scenario.accept(kernel, log);
        try {
            if (drive == Drive.RUN_FROM_OWNER || drive == Drive.RUN_ON_FX) {
                kernel.run();
            } else {
                while (kernel.runOneTimeslice()) {
                    // an external driver
                }
            }
        } catch (RuntimeException e) {
            log.add("run", "threw " + e.getMessage());
        }
        log.add("end", "registrations " + kernel.loop().registrations());
        kernel.close();
    }

    private static void same(Scenario scenario, Drive drive) throws Exception {
        Map<String, List<String>> expected = onSelect(scenario).snapshot();
        Log fx = onJavaFx(scenario, drive);
        assertEquals(expected, fx.snapshot(), "javafx (" + drive + ") differs from select");
        List<String> threads = new ArrayList<>(fx.threads);
        String driver = drive == Drive.RUN_FROM_OWNER || drive == Drive.SLICES_FROM_OWNER
                ? Thread.currentThread().getName() : "JavaFX Application Thread";
        for (String t : threads) {
            assertTrue(t.equals("JavaFX Application Thread") || t.equals(driver),
                    "a handler ran on '" + t + "'");
        }
        assertTrue(threads.contains("JavaFX Application Thread"), "no handler ran on the FX thread");
    }

    // ------------------------------------------------------------------ scenarios

    /** Timers fire in due order; a yield chain runs to its end; delays are cleared by name. */
    private static final Scenario TIMERS = (kernel, log) -> {
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().delay("t3", 0.30);
                    ev.kernel().delay("t1", 0.10);
                    ev.kernel().delay("t2", 0.20);
                    ev.kernel().delay("never", 0.15);
                    ev.kernel().delay("never"); // cleared
                })
                .on("t1", ev -> log.add("timers", "t1"))
                .on("t2", ev -> log.add("timers", "t2"))
                .on("t3", ev -> log.add("timers", "t3"))
                .on("never", ev -> log.add("timers", "never"))
                .on("_stop", ev -> log.add("timers", "_stop"))
                .create(kernel);
        Session.builder()
                .heap(new int[1])
                .on("_start", ev -> ev.kernel().yield("next"))
                .on("next", ev -> {
                    int[] n = ev.heap();
                    if (++n[0] < 500) {
                        ev.kernel().yield("next");
                    } else {
                        log.add("yields", "500 yields");
                    }
                })
                .create(kernel);
    };

    /** Posts from other threads arrive, each thread's in order. */
    private static final Scenario FOREIGN_POSTS = (kernel, log) -> Session.builder()
            .heap(new int[5])
            .on("_start", ev -> {
                ev.kernel().aliasSet("sink");
                ev.kernel().delay("deadline", 30);
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    Kernel k = ev.kernel();
                    new Thread(() -> {
                        for (int i = 1; i <= 250; i++) {
                            k.post("sink", "hit", thread, i);
                        }
                    }).start();
                }
            })
            .on("hit", ev -> {
                int[] state = ev.heap();
                int thread = ev.arg(0);
                int seq = ev.arg(1);
                if (seq != state[thread] + 1) {
                    log.add("posts", "out of order: thread " + thread + " got " + seq + " after " + state[thread]);
                }
                state[thread] = seq;
                if (++state[4] == 1000) {
                    log.add("posts", "1000 hits");
                    ev.kernel().delay("deadline");
                    ev.kernel().aliasRemove("sink");
                }
            })
            .on("deadline", ev -> log.add("posts", "deadline"))
            .create(kernel);

    /** A TCP ping-pong over raw channels: accept, connect (WRITE), read, pause/resume, EOF. */
    private static final Scenario ECHO = (kernel, log) -> {
        Session.builder()
                .on("_start", ev -> {
                    try {
                        ServerSocketChannel server = ServerSocketChannel.open();
                        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                        server.configureBlocking(false);
                        ev.kernel().selectRead(server, "accept");
                        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
                        Session.builder()
                                .heap(new StringBuilder())
                                .on("_start", c -> c.kernel().yield("connect", port))
                                .on("connect", c -> connect(c.kernel(), c.arg(0)))
                                .on("connected", c -> {
                                    SocketChannel ch = c.arg(0);
                                    finish(ch);
                                    // read watcher first: the channel stays registered throughout
                                    // (SelectLoop loses readiness when a cancelled key is flushed)
                                    c.kernel().selectRead(ch, "read");
                                    c.kernel().selectWrite(ch);
                                    log.add("client", "connected");
                                    send(ch, "ping 1\n");
                                })
                                .on("read", c -> {
                                    SocketChannel ch = c.arg(0);
                                    StringBuilder buf = c.heap();
                                    if (!readInto(ch, buf)) {
                                        log.add("client", "unexpected eof");
                                        c.kernel().selectRead(ch);
                                        close(ch);
                                        return;
                                    }
                                    int nl;
                                    while ((nl = buf.indexOf("\n")) >= 0) {
                                        String line = buf.substring(0, nl);
                                        buf.delete(0, nl + 1);
                                        log.add("client", line);
                                        int n = Integer.parseInt(line.substring(5));
                                        if (n == 2) {
                                            c.kernel().selectPauseRead(ch);
                                            c.kernel().delay("resume", 0.05, ch);
                                        }
                                        if (n < 5) {
                                            send(ch, "ping " + (n + 1) + "\n");
                                        } else {
                                            c.kernel().selectRead(ch);
                                            close(ch);
                                        }
                                    }
                                })
                                .on("resume", c -> {
                                    log.add("client", "resume");
                                    c.kernel().selectResumeRead(c.arg(0));
                                })
                                .create(ev.kernel());
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                })
                .on("accept", ev -> {
                    ServerSocketChannel server = ev.arg(0);
                    try {
                        SocketChannel ch = server.accept();
                        if (ch == null) {
                            return;
                        }
                        ch.configureBlocking(false);
                        ev.kernel().selectRead(server);
                        server.close();
                        log.add("server", "accepted");
                        ev.kernel().selectRead(ch, "read", new StringBuilder());
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                })
                .on("read", ev -> {
                    SocketChannel ch = ev.arg(0);
                    StringBuilder buf = ev.arg(2);
                    if (!readInto(ch, buf)) {
                        log.add("server", "eof");
                        ev.kernel().selectRead(ch);
                        close(ch);
                        return;
                    }
                    int nl;
                    while ((nl = buf.indexOf("\n")) >= 0) {
                        String line = buf.substring(0, nl);
                        buf.delete(0, nl + 1);
                        log.add("server", line);
                        send(ch, "pong " + line.substring(5) + "\n");
                    }
                })
                .create(kernel);
    };

    /** An alias-only session: the kernel goes idle, then the session is reaped. */
    private static final Scenario IDLE = (kernel, log) -> Session.builder()
            .on("_start", ev -> {
                ev.kernel().aliasSet("lonely");
                ev.kernel().sig("IDLE", "idle");
                ev.kernel().sig("ZOMBIE", "zombie");
            })
            .on("idle", ev -> log.add("idle", "IDLE"))
            .on("zombie", ev -> log.add("idle", "ZOMBIE"))
            .on("_stop", ev -> log.add("idle", "_stop"))
            .create(kernel);

    /** A postback invoked from another thread; the session ends when it is closed. */
    private static final Scenario POSTBACK = (kernel, log) -> Session.builder()
            .on("_start", ev -> {
                Postback pb = ev.session().postback("called", "made");
                new Thread(() -> {
                    for (int i = 1; i <= 3; i++) {
                        pb.post(i);
                    }
                    pb.close();
                }).start();
            })
            .on("called", ev -> log.add("postback", ev.arg(0) + " " + ev.arg(1)))
            .on("_stop", ev -> log.add("postback", "_stop"))
            .create(kernel);

    /** With exception catching off, a handler's exception leaves run(). */
    private static final Scenario FAILURE = (kernel, log) -> {
        kernel.catchExceptions(false);
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("boom", 0.01))
                .on("boom", ev -> {
                    log.add("failure", "throwing");
                    throw new IllegalStateException("boom");
                })
                .create(kernel);
    };

    // ------------------------------------------------------------------ tests

    @ParameterizedTest
    @EnumSource(Drive.class)
    void timersAndYields(Drive drive) throws Exception {
        same(TIMERS, drive);
    }

    @ParameterizedTest
    @EnumSource(Drive.class)
    void postsFromOtherThreads(Drive drive) throws Exception {
        same(FOREIGN_POSTS, drive);
    }

    @ParameterizedTest
    @EnumSource(Drive.class)
    void tcpPingPongOverWatchedChannels(Drive drive) throws Exception {
        same(ECHO, drive);
    }

    @ParameterizedTest
    @EnumSource(Drive.class)
    void idleAndZombie(Drive drive) throws Exception {
        same(IDLE, drive);
    }

    @ParameterizedTest
    @EnumSource(Drive.class)
    void postbackFromAnotherThread(Drive drive) throws Exception {
        same(POSTBACK, drive);
    }

    @ParameterizedTest
    @EnumSource(Drive.class)
    void handlerFailureLeavesRun(Drive drive) throws Exception {
        same(FAILURE, drive);
        assertFalse(onSelect(FAILURE).snapshot().get("run").isEmpty());
    }

    // ------------------------------------------------------------------ channel helpers

    private static void connect(Kernel kernel, int port) {
        try {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            kernel.selectWrite(ch, "connected");
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void finish(SocketChannel ch) {
        try {
            if (ch.isConnectionPending()) {
                ch.finishConnect();
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void send(SocketChannel ch, String text) {
        try {
            ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                ch.write(out);
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Reads what is there; false at end of stream. */
    private static boolean readInto(SocketChannel ch, StringBuilder buf) {
        try {
            ByteBuffer in = ByteBuffer.allocate(256);
            int n = ch.read(in);
            if (n < 0) {
                return false;
            }
            buf.append(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
            return true;
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
