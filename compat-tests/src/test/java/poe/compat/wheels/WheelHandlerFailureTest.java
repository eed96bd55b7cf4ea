package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import poe.DieInfo;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.component.TcpClient;
import poe.component.TcpServer;
import poe.pipe.OneWay;
import poe.wheel.FollowTail;
import poe.wheel.ReadWrite;

/**
 * A user's handler that throws while a wheel or component delivers to it. A wheel calls its
 * owner's events in place, as POE does, so the exception is the wheel's handler's: DIE names
 * the wheel's own event. Unlike POE, the wheel first finishes its work (the other records of
 * the read, the next poll, the disconnect after an error): nothing is lost and nothing hangs.
 */
class WheelHandlerFailureTest {

    /** A failure of the scenario's own, so that no other exception passes for it. */
    static final class Thrown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Thrown(String message) {
            super(message);
        }
    }

    private static String died(DieInfo die) {
        return "died in " + (die.event().startsWith("poe.wheel.ReadWrite(") ? "the wheel's read" : die.event())
                + ": " + die.message();
    }

    @LoopTest
    void readWriteDeliversEveryRecordOfTheReadThenDies(ScenarioContext ctx) throws IOException {
        List<String> log = new ArrayList<>();
        ReadWrite[] rw = new ReadWrite[1];
        OneWay pipe = OneWay.open();
        pipe.write().write(ByteBuffer.wrap("a\nb\nc\n".getBytes(StandardCharsets.US_ASCII)));
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("DIE", "died");
                    rw[0] = ReadWrite.builder().inputHandle(pipe.read()).outputHandle(pipe.write())
                            .inputEvent("in").create(ev.kernel());
                })
                .on("in", ev -> {
                    String line = ev.arg(0);
                    log.add("in " + line);
                    if (line.equals("a")) {
                        throw new Thrown("on " + line);
                    }
                    if (line.equals("c")) {
                        rw[0].close();
                    }
                })
                .on("died", ev -> {
                    log.add(died(ev.arg(1)));
                    ev.kernel().sigHandled();
                })
                .create(ctx.kernel());
        ctx.drive();
        pipe.close();
        assertEquals(List.of("in a", "in b", "in c", "died in the wheel's read: on a"), log);
    }

    @LoopTest
    void followTailKeepsPollingAfterAFailingHandler(ScenarioContext ctx) throws IOException {
        List<String> log = new ArrayList<>();
        FollowTail[] tail = new FollowTail[1];
        Path file = Files.createTempFile("poe-tail-die", ".log");
        Files.writeString(file, "x\n");
        try {
            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().sig("DIE", "died");
                        tail[0] = FollowTail.builder().filename(file).seek(0).pollInterval(0.1)
                                .inputEvent("line").create(ev.kernel());
                    })
                    .on("line", ev -> {
                        String line = ev.arg(0);
                        log.add("line " + line);
                        if (line.equals("x")) {
                            throw new Thrown("on " + line);
                        }
                        tail[0].close();
                    })
                    .on("died", ev -> {
                        DieInfo die = ev.arg(1);
                        log.add("died: " + die.message());
                        ev.kernel().sigHandled();
                        try {
                            Files.writeString(file, "y\n", StandardOpenOption.APPEND);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            Files.deleteIfExists(file);
        }
        assertEquals(List.of("line x", "died: on x", "line y"), log);
    }

    @LoopTest
    void tcpServerDisconnectsEvenWhenClientErrorThrows(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        TcpServer server = TcpServer.builder()
                .port(0).address("127.0.0.1").alias("server")
                .clientConnected(ev -> ev.kernel().sig("DIE", "died"))
                .clientInput(ev -> { })
                .clientError(ev -> {
                    log.add("server error " + ev.arg(0));
                    throw new Thrown("in ClientError");
                })
                .clientDisconnected(ev -> {
                    log.add("server disconnected");
                    ev.kernel().post("server", TcpServer.SHUTDOWN);
                })
                .clientState("died", ev -> {
                    DieInfo die = ev.arg(1);
                    log.add("server died: " + die.message());
                    ev.kernel().sigHandled();
                })
                .create(ctx.kernel());
        TcpClient.builder()
                .remoteAddress("127.0.0.1").remotePort(server.port())
                .connected(ev -> TcpClient.connection(ev).shutdown())
                .serverInput(ev -> { })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("server error read", "server disconnected", "server died: in ClientError"), log);
        assertTrue(ctx.kernel().sessionCount() == 0, "every session ended");
    }
}
