package poe.bench.baseline;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;

import poe.bench.workload.HttpLoad;

/**
 * A hello-world Vert.x HTTP server on one event loop (a Vert.x instance of its own with
 * an event-loop pool of one): a request handler that ends each response with the fixed
 * body and a Content-Type (Vert.x sets Content-Length). Loaded by {@link HttpLoad}.
 *
 * <pre>{@code
 * try (VertxHttpPeer vertx = new VertxHttpPeer()) {
 *     long responses = vertx.httpHello(64, 16_000);
 * }
 * }</pre>
 */
public final class VertxHttpPeer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final Buffer body = Buffer.buffer(HttpLoad.BODY);
    private final HttpServer server;

    /** Starts the server on the loopback address, on a free port. */
    public VertxHttpPeer() {
        server = vertx.createHttpServer()
                .requestHandler(req -> req.response().putHeader("content-type", "text/plain").end(body))
                .listen(0, InetAddress.getLoopbackAddress().getHostAddress())
                .await();
    }

    /** Runs the load against the server; returns the responses received, complete and checked. */
    public long httpHello(int connections, int requests) {
        HttpLoad client = new HttpLoad(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.actualPort()),
                connections, requests, HttpLoad.BODY);
        client.start();
        return client.await(60);
    }

    @Override
    public void close() {
        server.close().await();
        vertx.close().await();
    }
}
