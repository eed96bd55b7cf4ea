package poe.loop.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetSocketAddress;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import poe.Kernel;
import poe.Postback;
import poe.Session;

/** POE sessions inside a Vert.x application: a verticle hosting a kernel. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EmbeddingTest {

    private static Vertx vertx;
    private static HttpClient client;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        client = vertx.createHttpClient();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String get(int port, String path) throws Exception {
        return await(client.request(HttpMethod.GET, port, "127.0.0.1", path)
                .compose(request -> request.send())
                .compose(HttpClientResponse::body)
                .map(Buffer::toString));
    }

    @Test
    void aVerticleHostsAKernelThatRunsWhileSessionsHaveWork() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        PoeVerticle poe = new PoeVerticle(kernel -> Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("worker");
                    // Stay alive until told to finish, as a service waiting for work would.
                    ev.kernel().refcountIncrement(ev.session().id(), "service");
                    ev.kernel().delay("tick", 0.001, 1);
                })
                .on("tick", ev -> {
                    int n = ev.arg(0);
                    log.add("tick " + n + (Context.isOnEventLoopThread() ? "" : " off the event loop"));
                    if (n < 3) {
                        ev.kernel().delay("tick", 0.001, n + 1);
                    }
                })
                .on("finish", ev -> ev.kernel().refcountDecrement(ev.session().id(), "service"))
                .on("_stop", ev -> log.add("stop"))
                .create(kernel));

        String id = await(vertx.deployVerticle(poe));

        assertFalse(poe.done().isComplete(), "start() returns at once; the session still runs");
        // From the test thread (not the kernel's), only the thread-safe entry points work.
        assertThrows(IllegalStateException.class, () -> poe.kernel().sessionCount());
        while (log.size() < 3) {
            Thread.sleep(1);
        }
        poe.kernel().post("worker", "finish");
        await(poe.done());
        assertEquals(List.of("tick 1", "tick 2", "tick 3", "stop"), log);
        await(vertx.undeploy(id));
    }

    @Test
    void aSessionAnswersHttpRequestsThroughPostbacks() throws Exception {
        // A back end the session calls with Vert.x's HTTP client from its handler.
        HttpServer backend = await(vertx.createHttpServer()
                .requestHandler(request -> request.response().end("backend:" + request.path()))
                .listen(0, "127.0.0.1"));
        AtomicReference<HttpServer> front = new AtomicReference<>();
        AtomicInteger onKernelContext = new AtomicInteger();
        PoeVerticle poe = new PoeVerticle(kernel -> {
            Session service = Session.builder()
                    .on("_start", ev -> ev.kernel().aliasSet("front"))
                    .on("request", ev -> {
                        // Postback arguments: (values fixed when made, values given when invoked).
                        List<Object> given = ev.arg(1);
                        HttpServerRequest request = (HttpServerRequest) given.get(0);
                        if (Context.isOnEventLoopThread()) {
                            onKernelContext.incrementAndGet();
                        }
                        Postback answered = ev.session().postback("backend_answered", request);
                        client.request(HttpMethod.GET, backend.actualPort(), "127.0.0.1", request.path())
                                .compose(r -> r.send())
                                .compose(HttpClientResponse::body)
                                .onComplete(result -> {
                                    answered.post(result.succeeded() ? result.result().toString()
                                            : "failed: " + result.cause());
                                    answered.close();
                                });
                    })
                    .on("backend_answered", ev -> {
                        List<Object> made = ev.arg(0);
                        List<Object> given = ev.arg(1);
                        ((HttpServerRequest) made.get(0)).response().end("poe+" + given.get(0));
                    })
                    .create(kernel);
            Postback requests = service.postback("request");
            // The front server runs on the kernel's own context; its handler invokes the postback.
            Vertx.currentContext().owner().createHttpServer()
                    .requestHandler(requests::accept)
                    .listen(0, "127.0.0.1")
                    .onSuccess(front::set);
        });
        String id = await(vertx.deployVerticle(poe));
        while (front.get() == null) {
            Thread.sleep(1);
        }
        int port = front.get().actualPort();

        assertEquals("poe+backend:/one", get(port, "/one"));
        assertEquals("poe+backend:/two", get(port, "/two"));
        List<Future<String>> parallel = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String path = "/p" + i;
            parallel.add(client.request(HttpMethod.GET, port, "127.0.0.1", path)
                    .compose(r -> r.send()).compose(HttpClientResponse::body).map(Buffer::toString));
        }
        for (int i = 0; i < 20; i++) {
            assertEquals("poe+backend:/p" + i, await(parallel.get(i)));
        }
        assertEquals(22, onKernelContext.get());

        await(front.get().close());
        await(vertx.undeploy(id));
        await(backend.close());
        assertTrue(poe.done().isComplete());
    }

    @Test
    void vertxCodeOnAnyThreadPostsIntoTheKernel() throws Exception {
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        List<String> got = new ArrayList<>();
        PoeVerticle poe = new PoeVerticle(kernel -> Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("sink");
                    ev.kernel().refcountIncrement(ev.session().id(), "open");
                })
                .on("item", ev -> {
                    got.add(ev.arg(0));
                    if (got.size() == 3) {
                        result.complete(List.copyOf(got));
                        ev.kernel().refcountDecrement(ev.session().id(), "open");
                    }
                })
                .create(kernel));
        await(vertx.deployVerticle(poe));
        Kernel kernel = poe.kernel();
        kernel.post("sink", "item", "from the test thread");
        vertx.getOrCreateContext().runOnContext(v -> kernel.post("sink", "item", "from another context"));
        await(vertx.executeBlocking(() -> kernel.post("sink", "item", "from a worker")));
        List<String> items = result.get(10, TimeUnit.SECONDS);
        assertTrue(items.containsAll(List.of("from the test thread", "from another context", "from a worker")),
                items.toString());
        await(poe.done());
    }

    @Test
    void undeployWithTimersAndWatchersPendingReleasesEverything() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        server.configureBlocking(false);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Object[]> keys = new AtomicReference<>();
        PoeVerticle poe = new PoeVerticle(kernel -> Session.builder()
                .on("_start", ev -> {
                    ev.kernel().delay("never", 30);
                    ev.kernel().delay("soon", 0.3);
                    ev.kernel().selectRead(pipe.source(), "readable");
                    ev.kernel().selectRead(server, "accept");
                    ev.kernel().selectWrite(pipe.sink(), "writable");
                    ev.kernel().selectPauseWrite(pipe.sink());
                    VertxLoop loop = (VertxLoop) ev.kernel().loop();
                    keys.set(new Object[] {loop.selectionKey(pipe.source()), loop.selectionKey(server),
                            loop.selectionKey(pipe.sink())});
                })
                .on("never", ev -> log.add("never"))
                .on("soon", ev -> log.add("soon"))
                .on("readable", ev -> log.add("readable"))
                .on("accept", ev -> log.add("accept"))
                .on("writable", ev -> log.add("writable"))
                .on("_stop", ev -> log.add("stop"))
                .create(kernel));
        String id = await(vertx.deployVerticle(poe));
        assertEquals(3, poe.loop().registrations().size(), "watchers are in place before undeploy");

        // PoeVerticle.stop() fails the undeploy if any channel is still watched after the sessions stop.
        await(vertx.undeploy(id));

        assertEquals(List.of("stop"), log);
        assertTrue(poe.done().isComplete());
        for (Object key : keys.get()) {
            assertNotNull(key);
            assertFalse(((SelectionKey) key).isValid(), "registration left in place: " + key);
        }
        assertTrue(pipe.source().isOpen() && server.isOpen(), "the program's channels stay open");
        // Nothing fires after the undeploy: not the timer, not readiness.
        pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {1}));
        Thread.sleep(400);
        assertEquals(List.of("stop"), log);
        pipe.source().close();
        pipe.sink().close();
        server.close();
    }

    @Test
    void anUnhandledExceptionFailsDone() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicReference<Throwable> reported = new AtomicReference<>();
        PoeVerticle poe = new PoeVerticle(kernel -> {
            Vertx.currentContext().exceptionHandler(reported::set);
            Session.builder()
                    .on("_start", ev -> ev.kernel().delay("fail", 0.001))
                    .on("fail", ev -> {
                        throw boom;
                    })
                    .create(kernel);
        });
        String id = await(vertx.deployVerticle(poe));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> await(poe.done()));
        assertSame(boom, failure.getCause());
        assertSame(boom, reported.get());
        await(vertx.undeploy(id));
    }

    @Test
    void runOnTheContextPointsToEmbedding() throws Exception {
        AtomicReference<Throwable> refused = new AtomicReference<>();
        PoeVerticle poe = new PoeVerticle(kernel -> {
            Session.builder().on("_start", ev -> ev.kernel().delay("later", 0.001)).on("later", ev -> { })
                    .create(kernel);
            try {
                kernel.run();
            } catch (IllegalStateException e) {
                refused.set(e);
            }
        });
        String id = await(vertx.deployVerticle(poe));
        assertNotNull(refused.get(), "run() on the context must be refused");
        assertTrue(refused.get().getMessage().contains("embedded"), refused.get().getMessage());
        await(poe.done());
        await(vertx.undeploy(id));
    }

    @Test
    void aFailingSetupFailsTheDeployment() {
        PoeVerticle poe = new PoeVerticle(kernel -> {
            throw new IllegalArgumentException("bad setup");
        });
        ExecutionException failure = assertThrows(ExecutionException.class, () -> await(vertx.deployVerticle(poe)));
        assertEquals("bad setup", failure.getCause().getMessage());
        assertTrue(poe.done().isComplete(), "the half-made kernel is released");
    }
}
