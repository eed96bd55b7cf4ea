package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.pipe.OneWay;
import poe.pipe.TwoWay;
import poe.wheel.ReadWrite;

/**
 * POE's t/10_units/02_pipes (01_base, 02_oneway, 03_twoway): a one-way pipe passes data
 * unscathed, a two-way pipe passes data a to b and b to a. POE tries each kind of pipe
 * (pipe(), socketpair(), inet); the port has one kind each ({@link OneWay}: an NIO pipe;
 * {@link TwoWay}: a UNIX-domain socket pair, else loopback TCP), so each is tested once, but
 * through the kernel: both ends must be selectable and non-blocking, and usable by watchers,
 * by {@link ReadWrite} and from another thread.
 */
class PipesTest {

    private static void assertSelectableNonBlocking(SelectableChannel... ends) {
        for (SelectableChannel end : ends) {
            assertFalse(end.isBlocking(), end + " is blocking");
        }
    }

    /** 02_oneway: one wheel writes a line into the pipe and reads it back from the other end. */
    @LoopTest
    void oneWayPassesDataUnscathedThroughAWheel(ScenarioContext ctx) throws IOException {
        OneWay pipe = OneWay.open();
        assertSelectableNonBlocking(pipe.read(), pipe.write());
        List<String> log = new ArrayList<>();
        ReadWrite[] wheel = new ReadWrite[1];
        Session.builder()
                .on("_start", ev -> {
                    wheel[0] = ReadWrite.builder().inputHandle(pipe.read()).outputHandle(pipe.write())
                            .inputEvent("got").flushedEvent("flushed").errorEvent("error").create(ev.kernel());
                    wheel[0].put("whee pipe");
                })
                .on("flushed", ev -> log.add("flushed"))
                .on("got", ev -> {
                    log.add("got " + ev.arg(0));
                    wheel[0].close();
                })
                .on("error", ev -> log.add("error " + ev.args()))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("flushed", "got whee pipe"), log);
        assertFalse(pipe.read().isOpen() || pipe.write().isOpen(), "the wheel closed the ends it owned");
    }

    /** 02_oneway between threads: another thread writes and closes; the session reads to EOF. */
    @LoopTest
    void oneWayFromAnotherThreadToAWatcher(ScenarioContext ctx) throws Exception {
        OneWay pipe = OneWay.open();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        ByteBuffer in = ByteBuffer.allocate(256);
        Thread writer = new Thread(() -> {
            try (var sink = pipe.write()) {
                ByteBuffer b = ByteBuffer.wrap("whee thread\n".getBytes(StandardCharsets.US_ASCII));
                while (b.hasRemaining()) {
                    if (sink.write(b) == 0) {
                        Thread.sleep(10);
                    }
                }
            } catch (IOException | InterruptedException e) {
                log.add("writer " + e);
            }
        }, "pipes-test-writer");
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().selectRead(pipe.read(), "readable");
                    writer.start();
                })
                .on("readable", ev -> {
                    if (pipe.read().read(in) < 0) {
                        log.add("eof");
                        ev.kernel().selectRead(pipe.read());
                        pipe.read().close();
                    }
                })
                .create(ctx.kernel());
        ctx.drive();
        writer.join(10_000);
        assertEquals(List.of("eof"), log);
        assertEquals("whee thread\n", new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
    }

    /** 03_twoway: a sends to b, b answers a, each through its own ReadWrite; then EOF both ways. */
    @LoopTest
    void twoWayPassesDataBothWays(ScenarioContext ctx) throws IOException {
        TwoWay pair = TwoWay.open();
        assertSelectableNonBlocking(pair.a(), pair.b());
        List<String> log = new ArrayList<>();
        ReadWrite[] wheels = new ReadWrite[2];
        Session.builder()
                .on("_start", ev -> {
                    wheels[0] = ReadWrite.builder().handle(pair.a()).inputEvent("got").errorEvent("error")
                            .create(ev.kernel());
                    wheels[0].put("a wr");
                })
                .on("got", ev -> {
                    log.add("a got " + ev.arg(0));
                    wheels[0].shutdownOutput();                          // b sees EOF
                })
                .on("error", ev -> {
                    log.add("a error " + ev.arg(0) + " " + ev.arg(1));
                    wheels[0].close();
                })
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> wheels[1] = ReadWrite.builder().handle(pair.b()).inputEvent("got")
                        .errorEvent("error").create(ev.kernel()))
                .on("got", ev -> {
                    log.add("b got " + ev.arg(0));
                    wheels[1].put("b wr");
                })
                .on("error", ev -> {
                    log.add("b error " + ev.arg(0) + " " + ev.arg(1));
                    wheels[1].close();                                   // a sees EOF
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("b got a wr", "a got b wr", "b error read 0", "a error read 0"), log);
        assertFalse(pair.a().isOpen() || pair.b().isOpen());
    }
}
