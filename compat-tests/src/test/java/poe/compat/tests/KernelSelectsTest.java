package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.SessionBuilder;
import poe.loop.IoMode;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * POE::Test::Loops k_selects (KSEL-01 .. KSEL-08): read and write watchers, pause and
 * resume, clearing, running twice; over NIO pipes and over loopback TCP socket pairs.
 */
class KernelSelectsTest {

    private static final int PAIRS = 5;
    private static final int ROUNDS = 5;

    /** One side of a conversation: reads 4-byte messages, writes queued ones. */
    private static final class Peer {
        final String name;
        final Duplex.End end;
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final List<String> problems;
        final ArrayDeque<ByteBuffer> outbox = new ArrayDeque<>();
        final ByteBuffer inbox = ByteBuffer.allocate(64);
        int count;
        boolean quitting;

        Peer(String name, Duplex.End end, List<String> problems) {
            this.name = name;
            this.end = end;
            this.problems = problems;
        }

        void send(Kernel k, String msg) {
            outbox.add(ByteBuffer.wrap(msg.getBytes(StandardCharsets.US_ASCII)));
            k.selectResumeWrite(end.write());                                        // KSEL-02
        }

        /** KSEL-01/02: the write watcher fires while writable; pause when nothing is queued. */
        void output(EventContext ev) {
            expectArgs(ev, end.write(), IoMode.WRITE);
            Kernel k = ev.kernel();
            try {
                while (!outbox.isEmpty()) {
                    ByteBuffer b = outbox.peek();
                    end.out().write(b);
                    if (b.hasRemaining()) {
                        return;
                    }
                    outbox.poll();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (quitting) {
                k.selectWrite(end.write());                                          // KSEL-05
            } else {
                k.selectPauseWrite(end.write());
            }
        }

        /** Reads what is there; returns complete messages, or null at EOF. */
        List<String> read(EventContext ev) {
            expectArgs(ev, end.read(), IoMode.READ);
            try {
                int n = end.in().read(inbox);
                if (n < 0) {
                    return null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            inbox.flip();
            List<String> msgs = new ArrayList<>();
            while (inbox.remaining() >= 4) {
                byte[] m = new byte[4];
                inbox.get(m);
                msgs.add(new String(m, StandardCharsets.US_ASCII));
            }
            inbox.compact();
            return msgs;
        }

        void expectArgs(EventContext ev, Object channel, IoMode mode) {
            if (ev.arg(0) != channel || ev.arg(1) != mode || ev.sender() != ev.session()) {
                problems.add(name + ": " + ev);
            }
        }

        void closeAll(Kernel k) {
            k.select(end.read(), null, null);
            k.select(end.write(), null, null);
            end.close();
        }
    }

    @LoopTest
    void pingPongOverPipes(ScenarioContext ctx) {
        pingPong(ctx, Duplex.Kind.PIPES);
    }

    @LoopTest
    void pingPongOverTcpSocketPairs(ScenarioContext ctx) {
        pingPong(ctx, Duplex.Kind.TCP);
    }

    private void pingPong(ScenarioContext ctx, Duplex.Kind kind) {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<String> order = new ArrayList<>();
        List<Peer> masters = new ArrayList<>();
        List<Peer> slaves = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            Duplex duplex = Duplex.open(kind);
            Peer master = new Peer("master " + i, duplex.master, problems);
            Peer slave = new Peer("slave " + i, duplex.slave, problems);
            masters.add(master);
            slaves.add(slave);
            Session.builder()
                    .on("_start", ev -> {
                        Kernel k = ev.kernel();
                        k.selectRead(master.end.read(), "input");
                        slaveSession(slave, order, problems).create(k);
                        k.selectWrite(master.end.write(), "output");
                    })
                    .on("_child", ev -> { })                                          // KSEL-06
                    .on("input", ev -> {
                        List<String> msgs = master.read(ev);
                        if (msgs == null) {
                            master.closeAll(ev.kernel());
                            return;
                        }
                        for (String m : msgs) {
                            if (m.equals("ping")) {
                                master.count++;
                                master.send(ev.kernel(), "pong");
                            } else if (m.equals("quit")) {
                                master.closeAll(ev.kernel());
                            } else {
                                problems.add(master.name + " got " + m);
                            }
                        }
                    })
                    .on("output", master::output)
                    .on("_stop", ev -> order.add(master.name + " stop"))
                    .create(ctx.kernel());
        }
        ctx.drive();
        assertEquals(List.of(), problems);
        for (int i = 0; i < PAIRS; i++) {
            assertEquals(ROUNDS, masters.get(i).count, masters.get(i).name);                 // KSEL-05
            assertEquals(ROUNDS, slaves.get(i).count, slaves.get(i).name);
            List<String> want = new ArrayList<>();
            for (int r = 1; r <= ROUNDS; r++) {
                want.add("pong " + r);
                want.add("resume");
            }
            want.add("eof");
            assertEquals(want, slaves.get(i).log, slaves.get(i).name);                       // KSEL-03
            assertTrue(order.indexOf("slave " + i + " stop") < order.indexOf("master " + i + " stop"), order::toString);
        }
        runAgain(ctx);                                                                         // KSEL-08
    }

    private static SessionBuilder slaveSession(Peer slave, List<String> order, List<String> problems) {
        return Session.builder()
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    k.selectRead(slave.end.read(), "input");
                    k.selectWrite(slave.end.write(), "output");
                    slave.send(k, "ping");
                })
                .on("input", ev -> {
                    Kernel k = ev.kernel();
                    List<String> msgs = slave.read(ev);
                    if (msgs == null) {                                                   // KSEL-05: EOF
                        slave.log.add("eof");
                        slave.closeAll(k);
                        return;
                    }
                    for (String m : msgs) {
                        if (!m.equals("pong")) {
                            problems.add(slave.name + " got " + m);
                            continue;
                        }
                        slave.count++;
                        slave.log.add("pong " + slave.count);
                        if (slave.count < ROUNDS) {
                            slave.send(k, "ping");
                        } else {
                            slave.quitting = true;
                            slave.send(k, "quit");
                        }
                        k.selectPauseRead(slave.end.read());                              // KSEL-03
                        k.delay("resume", 0.1);
                        k.delay("error_resuming", 5);
                    }
                })
                .on("resume", ev -> {
                    slave.log.add("resume");
                    ev.kernel().delay("error_resuming");                                  // KSEL-04
                    ev.kernel().selectResumeRead(slave.end.read());
                })
                .on("error_resuming", ev -> problems.add(slave.name + ": error_resuming fired"))
                .on("output", slave::output)
                .on("_stop", ev -> order.add(slave.name + " stop"));
    }

    /** KSEL-08: a second drive with a new session. */
    private static void runAgain(ScenarioContext ctx) {
        int[] count = new int[1];
        List<Integer> atStop = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("increment"))
                .on("increment", ev -> {
                    if (++count[0] < 10) {
                        ev.kernel().yield("increment");
                    }
                })
                .on("_stop", ev -> atStop.add(count[0]))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of(10), atStop);
    }

    /** KSEL-07: write watchers on a read-only channel are refused and select(r) clears everything. */
    @LoopTest
    void writeWatcherOnAReadOnlyChannel(ScenarioContext ctx) throws IOException {
        Pipe pipe = Pipe.open();
        List<String> log = new ArrayList<>();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        Kernel k = ev.kernel();
                        Pipe.SourceChannel r = pipe.source();
                        k.selectRead(r, "input");
                        assertThrows(IllegalArgumentException.class, () -> k.selectWrite(r, "output"));
                        k.selectWrite(r);
                        assertThrows(IllegalArgumentException.class, () -> k.selectWrite(r, "output"));
                        k.select(r, null, null);
                        log.add("registrations " + k.loop().registrations());
                    })
                    .on("input", ev -> log.add("input"))
                    .on("output", ev -> log.add("output"))
                    .on("_stop", ev -> log.add("stop"))
                    .create(ctx.kernel());
            Session.builder()
                    .on("_start", ev -> ev.kernel().yield("later"))
                    .on("later", ev -> log.add("other session's first event"))
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
        // the watcherless session goes in the sweep after the first batch (POE 1.370: same order)
        assertEquals(List.of("registrations []", "other session's first event", "stop"), log);
    }
}
