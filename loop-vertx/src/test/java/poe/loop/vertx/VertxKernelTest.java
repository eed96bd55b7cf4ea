package poe.loop.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import poe.Kernel;
import poe.Session;
import poe.loop.Loops;

/**
 * The real kernel on the vertx loop, as far as the loop itself is concerned: driven from a
 * thread of the test's own, {@code run()} and {@code runOneTimeslice()} hand it to the
 * loop's Vert.x context (every handler runs there) and back; the startup choice, and the
 * embedded loop on a context thread. The kernel's behaviour on this loop (posts from other
 * threads, confinement, failures, timers, channels) is compat-tests' conformance suite, which
 * runs every scenario on vertx too.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class VertxKernelTest {

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Yields, a timer and a pipe; returns the log once the session has stopped. */
    private static Session smokeSession(Kernel kernel, Pipe pipe, List<String> log, VertxLoop loop) {
        return Session.builder()
                .on("_start", ev -> {
                    ev.kernel().yield("count", 1);
                    ev.kernel().delay("later", 0.02);
                    ev.kernel().selectRead(pipe.source(), "readable");
                    pipe.sink().write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
                })
                .on("count", ev -> {
                    int n = ev.arg(0);
                    log.add("count " + n + (Vertx.currentContext() == loop.context() ? "" : " off-context"));
                    if (n < 3) {
                        ev.kernel().yield("count", n + 1);
                    }
                })
                .on("readable", ev -> {
                    ByteBuffer buffer = ByteBuffer.allocate(16);
                    pipe.source().read(buffer);
                    log.add("read " + buffer.position());
                    ev.kernel().selectRead(pipe.source());
                })
                .on("later", ev -> log.add("later"))
                .on("_stop", ev -> log.add("stop"))
                .create(kernel);
    }

    @Test
    void runDispatchesOnTheContextAndReturnsWhenTheLastSessionStops() throws Exception {
        VertxLoop loop = VertxLoop.create(vertx);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Pipe pipe = Pipe.open();
        try (Kernel kernel = Kernel.create(loop); Pipe.SourceChannel source = pipe.source();
                Pipe.SinkChannel sink = pipe.sink()) {
            smokeSession(kernel, pipe, log, loop);
            kernel.run();
            assertEquals(List.of("count 1", "count 2", "count 3"),
                    log.stream().filter(s -> s.startsWith("count")).toList());
            assertTrue(log.contains("read 2"), log.toString());
            assertTrue(log.contains("later"), log.toString());
            assertEquals("stop", log.get(log.size() - 1), log.toString());
            assertEquals(List.of(), kernel.loop().registrations());
        }
    }

    @Test
    void runOneTimesliceDrivesTheSameProgram() throws Exception {
        VertxLoop loop = VertxLoop.create(vertx);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Pipe pipe = Pipe.open();
        try (Kernel kernel = Kernel.create(loop); Pipe.SourceChannel source = pipe.source();
                Pipe.SinkChannel sink = pipe.sink()) {
            smokeSession(kernel, pipe, log, loop);
            int slices = 0;
            boolean more;
            do {
                more = kernel.runOneTimeslice();
                slices++;
                // Between timeslices the driving thread owns the kernel again.
                assertEquals(more ? 1 : 0, kernel.sessionCount());
            } while (more);
            assertTrue(slices >= 2, "a timer and a read need separate timeslices, got " + slices);
            assertTrue(log.contains("read 2") && log.contains("later") && log.contains("count 3"), log.toString());
            assertEquals("stop", log.get(log.size() - 1));
        }
    }

    @Test
    void theStartupChoiceFindsTheLoopAndItsOwnVertxClosesWithTheKernel() {
        assertTrue(Loops.names().contains("vertx"), Loops.names().toString());
        assertFalse(new VertxLoopProvider().detectRunning(), "a test thread is no Vert.x context");
        Kernel kernel = Kernel.create("vertx");
        VertxLoop loop = assertInstanceOf(VertxLoop.class, kernel.loop());
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("tick", 0.001))
                .on("tick", ev -> log.add(Thread.currentThread().getName()))
                .create(kernel);
        kernel.run();
        kernel.close();
        assertEquals(1, log.size());
        assertTrue(((io.vertx.core.internal.ContextInternal) loop.context()).nettyEventLoop().isShuttingDown());
    }

    @Test
    void onAContextThreadTheStartupChoiceIsAnEmbeddedVertxLoop() throws Exception {
        Context context = vertx.getOrCreateContext();
        java.util.concurrent.CompletableFuture<String> result = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> {
            Kernel kernel = Kernel.create();
            VertxLoop loop = (VertxLoop) kernel.loop();
            Session.builder()
                    .on("_start", ev -> ev.kernel().delay("tick", 0.001))
                    .on("tick", ev -> result.complete(kernel.loopName() + " embedded=" + loop.isEmbedded()
                            + " sameContext=" + (Vertx.currentContext() == context)))
                    .create(kernel);
            loop.done().onComplete(r -> kernel.close());
        });
        assertEquals("vertx embedded=true sameContext=true", result.get(10, TimeUnit.SECONDS));
    }
}
