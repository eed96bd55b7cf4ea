package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;

import poe.Kernel;
import poe.Session;
import poe.loop.IoMode;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** K3-SEL: watcher events, re-registering, pause and resume, select() for both modes, expedite. */
class WatcherSemanticsTest {

    private static void write(Pipe pipe, String s) {
        try {
            pipe.sink().write(ByteBuffer.wrap(s.getBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Pipe pipe) {
        ByteBuffer b = ByteBuffer.allocate(64);
        try {
            int n = pipe.source().read(b);
            return n < 0 ? "EOF" : new String(b.array(), 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(Pipe pipe) throws IOException {
        pipe.source().close();
        pipe.sink().close();
    }

    /** K3-SEL-1/2: ARG0 channel, ARG1 mode, then extras; SENDER is the session; the channel becomes non-blocking. */
    @LoopTest
    void watcherEventArguments(ScenarioContext ctx) throws IOException {
        Pipe pipe = Pipe.open();
        List<String> log = new ArrayList<>();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().selectRead(pipe.source(), "readable", "x", 2);
                        log.add("blocking " + pipe.source().isBlocking());
                        write(pipe, "hi");
                    })
                    .on("readable", ev -> {
                        log.add((ev.arg(0) == pipe.source()) + " " + ev.arg(1) + " " + ev.arg(2) + " " + ev.arg(3) + " "
                                + (ev.sender() == ev.session()) + " " + ((IoMode) ev.arg(1)).poeMode() + " " + read(pipe));
                        ev.kernel().selectRead(pipe.source());
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            close(pipe);
        }
        assertEquals(List.of("blocking false", "true READ x 2 true 0 hi"), log);
    }

    /**
     * K3-SEL-3, K3-LIFE-1: a paused watcher keeps its session alive and the kernel from going
     * idle; data waits in the OS; registering again with an event resumes it (K3-SEL-2).
     */
    @LoopTest
    void pausedWatcherKeepsTheSessionAlive(ScenarioContext ctx) throws IOException {
        Pipe pipe = Pipe.open();
        List<String> log = new ArrayList<>();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().aliasSet("reader");
                        ev.kernel().selectRead(pipe.source(), "readable");
                        ev.kernel().selectPauseRead(pipe.source());
                        ev.kernel().sig("IDLE", "idle");
                    })
                    .on("idle", ev -> log.add("IDLE while a paused watcher exists"))
                    .on("readable", ev -> {
                        log.add("read " + read(pipe));
                        ev.kernel().selectRead(pipe.source());
                        ev.kernel().aliasRemove("reader");
                    })
                    .on("resume_by_reregistering", ev -> ev.kernel().selectRead(pipe.source(), "readable"))
                    .on("_stop", ev -> log.add("reader stop"))
                    .create(ctx.kernel());
            Session.builder()
                    .on("_start", ev -> {
                        write(pipe, "data");
                        ev.kernel().delay("check", 0.15);
                    })
                    .on("check", ev -> {
                        log.add("reader alive " + ev.kernel().aliasResolve("reader").isPresent());
                        ev.kernel().post("reader", "resume_by_reregistering");
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            close(pipe);
        }
        assertEquals(List.of("reader alive true", "read data", "reader stop"), log);
    }

    /** K3-SEL-4, M-OOB: select() sets and clears both modes; expedite is unsupported. */
    @LoopTest
    void selectBothModesAndExpedite(ScenarioContext ctx) throws IOException {
        Duplex duplex = Duplex.open(Duplex.Kind.TCP);
        List<String> log = new ArrayList<>();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        Kernel k = ev.kernel();
                        k.select(duplex.master.read(), "readable", "writable", "extra");
                        log.add("registrations " + k.loop().registrations().size());
                        assertThrows(UnsupportedOperationException.class,
                                () -> k.selectExpedite(duplex.master.read(), "oob"));
                    })
                    .on("writable", ev -> {
                        log.add("writable " + ev.arg(1) + " " + ev.arg(2));
                        ev.kernel().select(duplex.master.read(), "readable", null, "re-aimed");
                        try {
                            duplex.slave.out().write(ByteBuffer.wrap(new byte[] {7}));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .on("readable", ev -> {
                        log.add("readable " + ev.arg(1) + " " + ev.arg(2));
                        ev.kernel().select(duplex.master.read(), null, null);
                        log.add("registrations " + ev.kernel().loop().registrations().size());
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            duplex.close();
        }
        assertEquals(List.of("registrations 2", "writable WRITE extra", "readable READ re-aimed", "registrations 0"), log);
    }

    /** K3-SEL-2: one channel, one mode, one session: another session's watch is refused. */
    @LoopTest
    void oneSessionPerChannelAndMode(ScenarioContext ctx) throws IOException {
        Pipe pipe = Pipe.open();
        List<String> log = new ArrayList<>();
        try {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().aliasSet("first");
                        ev.kernel().selectRead(pipe.source(), "readable");
                    })
                    .on("readable", ev -> { })
                    .on("done", ev -> {
                        ev.kernel().selectRead(pipe.source());
                        ev.kernel().aliasRemove("first");
                    })
                    .create(ctx.kernel());
            Session.builder()
                    .on("_start", ev -> {
                        RuntimeException e = assertThrows(RuntimeException.class,
                                () -> ev.kernel().selectRead(pipe.source(), "mine"));
                        log.add(e.getClass().getSimpleName());
                        ev.kernel().post("first", "done");
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            close(pipe);
        }
        assertEquals(List.of("IllegalStateException"), log);
        assertTrue(ctx.kernel().loop().registrations().isEmpty());
    }
}
