package poe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import poe.Kernel;
import poe.Session;
import poe.SessionBuilder;
import poe.bench.loop.LoopDriver;
import poe.bench.workload.EchoClient;
import poe.bench.workload.KernelWorkload;
import poe.wheel.ReadWrite;

/**
 * Measures memory the plain way: heap in use after a full GC, before and after making
 * {@code n} idle sessions or pending timers inside a running kernel, divided by {@code n}.
 * Repeated runs; the median is reported with the spread.
 *
 * <p>An idle session here is one made with two handlers and the default heap, kept alive
 * by one alias (POE's idiom for a long-lived service); the alias strings themselves are
 * made before the first measurement. A pending timer is a {@code delaySet} an hour ahead,
 * without arguments.
 *
 * <pre>{@code
 * Measurement m = MemoryProbe.idleSessionBytes(driver, 100_000, 3);
 * }</pre>
 */
public final class MemoryProbe {

    /** A median with its spread over repeated runs. */
    public record Measurement(String loop, String what, double median, double min, double max, int runs) {
    }

    private MemoryProbe() {
    }

    /** Bytes per idle session. */
    public static Measurement idleSessionBytes(LoopDriver driver, int n, int runs) {
        double[] values = new double[runs];
        for (int r = 0; r < runs; r++) {
            IdleSessions probe = new IdleSessions(n);
            driver.run(probe);
            values[r] = probe.bytesEach;
        }
        return summarize(driver.loop(), "bytes per idle session", values);
    }

    /**
     * Bytes per idle connected ReadWrite session: the session, its wheel (SysRW driver,
     * Line filter) with empty buffers, its watchers. Each connection echoes one line first,
     * so buffers made on first use are counted; the sockets themselves are made before the
     * first measurement and are not.
     */
    public static Measurement idleConnectionBytes(LoopDriver driver, int n, int runs) {
        double[] values = new double[runs];
        for (int r = 0; r < runs; r++) {
            IdleConnections probe = new IdleConnections(n);
            driver.run(probe);
            values[r] = probe.bytesEach;
        }
        return summarize(driver.loop(), IDLE_CONNECTION, values);
    }

    /** The name of {@link #idleConnectionBytes}'s measurement. */
    public static final String IDLE_CONNECTION = "bytes per idle ReadWrite connection";

    /** Bytes per pending timer. */
    public static Measurement pendingTimerBytes(LoopDriver driver, int n, int runs) {
        double[] values = new double[runs];
        for (int r = 0; r < runs; r++) {
            PendingTimers probe = new PendingTimers(n);
            driver.run(probe);
            values[r] = probe.bytesEach;
        }
        return summarize(driver.loop(), "bytes per pending timer", values);
    }

    private static Measurement summarize(String loop, String what, double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return new Measurement(loop, what, v[v.length / 2], v[0], v[v.length - 1], v.length);
    }

    /** Heap in use after full collections, once it stops shrinking. */
    static long usedAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used >= best) {
                break;
            }
            best = used;
        }
        return best;
    }

    /** Makes n aliased sessions inside a handler, measures, then stops everything. */
    private static final class IdleSessions implements KernelWorkload {
        private final int n;
        double bytesEach;
        private int made;

        IdleSessions(int n) {
            this.n = n;
        }

        @Override
        public String name() {
            return "idle-sessions";
        }

        @Override
        public long ops() {
            return n;
        }

        @Override
        public void start(Kernel kernel) {
            Session.builder()
                    .on("_start", ev -> ev.kernel().yield("probe"))
                    .on("probe", ev -> {
                        Kernel k = ev.kernel();
                        String[] aliases = new String[n];
                        for (int i = 0; i < n; i++) {
                            aliases[i] = "idle-" + i;
                        }
                        SessionBuilder idle = Session.builder()
                                .on("_start", e -> {
                                    e.kernel().aliasSet(e.arg(0));
                                    made++;
                                })
                                .on("_stop", e -> made--);
                        long before = usedAfterGc();
                        for (String alias : aliases) {
                            idle.args(alias).create(k);
                        }
                        long after = usedAfterGc();
                        Reference.reachabilityFence(aliases);
                        bytesEach = (double) (after - before) / n;
                        KernelWorkload.expect("idle sessions alive", n, made);
                        k.stop();
                    })
                    .create(kernel);
        }

        @Override
        public void verify() {
            KernelWorkload.expect("idle sessions left after stop", 0, made);
        }
    }

    /**
     * Connects n loopback socket pairs, measures, gives each server end a session with a
     * ReadWrite wheel, has each echo one line, measures again once all echoes are flushed,
     * then stops everything.
     */
    private static final class IdleConnections implements KernelWorkload {
        private final int n;
        double bytesEach;
        private int started;
        private int flushed;
        private int stopped;
        private ServerSocketChannel listener;
        private SocketChannel[] clients;
        private SocketChannel[] servers;
        private long before;

        /** A connection session's heap. */
        private static final class Connection {
            ReadWrite wheel;
        }

        IdleConnections(int n) {
            this.n = n;
        }

        @Override
        public String name() {
            return "idle-connections";
        }

        @Override
        public long ops() {
            return n;
        }

        @Override
        public void start(Kernel kernel) {
            SessionBuilder connection = Session.builder()
                    .on("_start", e -> {
                        Connection c = e.heap();
                        c.wheel = ReadWrite.builder().handle((SocketChannel) e.arg(0))
                                .inputEvent("line").flushedEvent("flushed").errorEvent("error")
                                .create(e.kernel());
                        started++;
                    })
                    .on("line", e -> ((Connection) e.heap()).wheel.put(e.arg(ReadWrite.ARG_INPUT)))
                    .on("flushed", e -> {
                        if (++flushed == n) {
                            e.kernel().post(probeSession, "measure");
                        }
                    })
                    .on("error", e -> ((Connection) e.heap()).wheel.close())
                    .on("_stop", e -> stopped++);
            probeSession = Session.builder()
                    .on("_start", ev -> ev.kernel().yield("connect"))
                    .on("connect", ev -> {
                        Kernel k = ev.kernel();
                        listener = EchoClient.listen();
                        InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
                        clients = new SocketChannel[n];
                        servers = new SocketChannel[n];
                        for (int i = 0; i < n; i++) {
                            clients[i] = SocketChannel.open(address);
                            servers[i] = listener.accept();
                            servers[i].configureBlocking(false);
                        }
                        // let the loop wait once before the baseline: a toolkit loop may still
                        // hold the previous kernel's work until then (SWT once showed -19 KB)
                        k.delaySet("baseline", 0.05);
                    })
                    .on("baseline", ev -> {
                        Kernel k = ev.kernel();
                        byte[] line = "an idle connection's one line\r\n".getBytes(StandardCharsets.US_ASCII);
                        before = usedAfterGc();
                        for (SocketChannel s : servers) {
                            connection.heap(new Connection()).args(s).create(k);
                        }
                        KernelWorkload.expect("connection sessions started", n, started);
                        for (SocketChannel c : clients) {
                            c.write(ByteBuffer.wrap(line));   // blocking, and a few bytes: never waits
                        }
                    })
                    .on("measure", ev -> {
                        long after = usedAfterGc();
                        Reference.reachabilityFence(servers);
                        bytesEach = (double) (after - before) / n;
                        ev.kernel().stop();
                    })
                    .create(kernel);
        }

        private Session probeSession;

        @Override
        public void verify() {
            try {
                for (SocketChannel c : clients) {
                    c.close();
                }
                listener.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            KernelWorkload.expect("echoes flushed", n, flushed);
            KernelWorkload.expect("connection sessions stopped", n, stopped);
            for (SocketChannel s : servers) {
                if (s.isOpen()) {
                    throw new IllegalStateException("a wheel left its socket open after its session stopped");
                }
            }
        }
    }

    /** Sets n timers inside a handler, measures, then stops everything. */
    private static final class PendingTimers implements KernelWorkload {
        private final int n;
        double bytesEach;

        PendingTimers(int n) {
            this.n = n;
        }

        @Override
        public String name() {
            return "pending-timers";
        }

        @Override
        public long ops() {
            return n;
        }

        @Override
        public void start(Kernel kernel) {
            Session.builder()
                    .on("_start", ev -> ev.kernel().yield("probe"))
                    .on("probe", ev -> {
                        Kernel k = ev.kernel();
                        long before = usedAfterGc();
                        for (int i = 0; i < n; i++) {
                            k.delaySet("t", 3600);
                        }
                        long after = usedAfterGc();
                        bytesEach = (double) (after - before) / n;
                        KernelWorkload.expect("timers pending", n, k.eventCount());
                        k.stop();
                    })
                    .create(kernel);
        }

        @Override
        public void verify() {
            if (bytesEach <= 0) {
                throw new IllegalStateException("the timer probe measured nothing");
            }
        }
    }
}
