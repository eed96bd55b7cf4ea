package poe.loop.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import io.netty.channel.nio.NioIoHandle;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import poe.Kernel;
import poe.Session;

/**
 * Channel watching where the event loop's selector cannot take NIO channels (a native
 * transport): one bridge thread selects and hands readiness to the context in batches.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BridgedChannelsTest {

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static boolean bridgeThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("poe-bridge-vertx") && t.isAlive());
    }

    /** Reads a pipe, pauses it, resumes it on a timer, reads again: every handler on the context. */
    private static List<String> readPausedAndResumed(Kernel kernel, VertxLoop loop, Pipe pipe) {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().selectRead(pipe.source(), "readable");
                    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                })
                .on("readable", ev -> {
                    boolean onContext = Vertx.currentContext() == loop.context();
                    ByteBuffer buffer = ByteBuffer.allocate(8);
                    pipe.source().read(buffer);
                    log.add("read " + buffer.position() + (onContext ? "" : " off the context"));
                    if (log.size() == 1) {
                        ev.kernel().selectPauseRead(pipe.source());
                        pipe.sink().write(ByteBuffer.wrap(new byte[] {2, 3}));
                        ev.kernel().delay("resume", 0.05);
                    } else {
                        ev.kernel().selectRead(pipe.source());
                    }
                })
                .on("resume", ev -> {
                    log.add("resume");
                    ev.kernel().selectResumeRead(pipe.source());
                })
                .create(kernel);
        return log;
    }

    @Test
    void aNativeTransportWatchesChannelsThroughTheBridgeThread() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        try {
            assertTrue(vertx.isNativeTransportEnabled(),
                    "epoll should load from the test class path: " + vertx.unavailableNativeTransportCause());
            VertxLoop loop = VertxLoop.create(vertx);
            assertFalse(((io.netty.channel.IoEventLoop) ((ContextInternal) loop.context()).nettyEventLoop())
                    .isCompatible(NioIoHandle.class), "the native event loop takes no NIO channels");
            Pipe pipe = Pipe.open();
            try (Kernel kernel = Kernel.create(loop); Pipe.SourceChannel source = pipe.source();
                    Pipe.SinkChannel sink = pipe.sink()) {
                List<String> log = readPausedAndResumed(kernel, loop, pipe);
                kernel.run();
                assertEquals(List.of("read 1", "resume", "read 2"), log);
                assertEquals(List.of(), loop.registrations());
                assertTrue(bridgeThreadAlive(), "the bridge thread selects while the loop lives");
            }
            assertFalse(bridgeThreadAlive(), "closing the kernel stops the bridge thread");
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void theBridgeServesTimeslicesToo() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            VertxLoop loop = new VertxLoop(vertx, false, vertx.getOrCreateContext(), false, true);
            Pipe pipe = Pipe.open();
            try (Kernel kernel = Kernel.create(loop); Pipe.SourceChannel source = pipe.source();
                    Pipe.SinkChannel sink = pipe.sink()) {
                List<String> log = readPausedAndResumed(kernel, loop, pipe);
                int slices = 0;
                while (kernel.runOneTimeslice()) {
                    slices++;
                }
                assertEquals(List.of("read 1", "resume", "read 2"), log);
                assertTrue(slices >= 2, "slices: " + slices);
            }
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void anEmbeddedKernelOnANativeTransportUndeploysCleanly() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        try {
            Pipe pipe = Pipe.open();
            pipe.source().configureBlocking(false);
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            PoeVerticle poe = new PoeVerticle(kernel -> Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().selectRead(pipe.source(), "readable");
                        ev.kernel().delay("never", 30);
                    })
                    .on("readable", ev -> {
                        ByteBuffer buffer = ByteBuffer.allocate(8);
                        pipe.source().read(buffer);
                        log.add("read " + buffer.position());
                    })
                    .on("_stop", ev -> log.add("stop"))
                    .create(kernel));
            String id = await(vertx.deployVerticle(poe));
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1, 2}));
            while (log.isEmpty()) {
                Thread.sleep(1);
            }
            await(vertx.undeploy(id));
            assertEquals(List.of("read 2", "stop"), log);
            assertFalse(bridgeThreadAlive());
            pipe.source().close();
            pipe.sink().close();
        } finally {
            await(vertx.close());
        }
    }
}
