package poe.examples.vertx;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import poe.Postback;
import poe.Session;
import poe.loop.vertx.PoeVerticle;

/**
 * A Vert.x HTTP endpoint backed by a POE session. A {@link PoeVerticle} hosts the kernel;
 * the HTTP server runs on the same context and hands each request to the session through
 * a postback; the session counts it, waits a little on a POE timer (as if it did some
 * work) and answers with Vert.x's response API.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples-loops -am compile exec:java -Pvertx-example   # port 8080; -Dexec.args=9000 for another
 * curl http://localhost:8080/hello                          # hello from POE session 1: request #1 for /hello
 * }</pre>
 */
public final class VertxHttpEndpoint {

    private VertxHttpEndpoint() {
    }

    /**
     * Starts the endpoint and serves until the JVM is stopped (Ctrl-C undeploys the verticle,
     * so the session gets its {@code _stop}).
     *
     * @param args an optional port (default 8080)
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Vertx vertx = Vertx.vertx();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                vertx.close().toCompletionStage().toCompletableFuture().join()));
        HttpServer server = start(vertx, port).toCompletionStage().toCompletableFuture().join();
        System.out.println("POE behind Vert.x: try  curl http://localhost:" + server.actualPort() + "/hello  (Ctrl-C stops)");
    }

    /**
     * Deploys the verticle and its HTTP server.
     *
     * @param vertx the Vert.x instance
     * @param port  the port, 0 for any free one
     * @return the listening server
     */
    public static Future<HttpServer> start(Vertx vertx, int port) {
        Promise<HttpServer> listening = Promise.promise();
        PoeVerticle poe = new PoeVerticle(kernel -> {
            Session counter = Session.builder()
                    .heap(new int[1])
                    .on("request", ev -> {
                        // A postback's arguments: the values fixed when it was made, then those given to it.
                        List<Object> given = ev.arg(1);
                        int[] hits = ev.heap();
                        hits[0]++;
                        // delayAdd, not delay: POE's delay(name, ...) replaces the session's pending
                        // timers of that name, which would drop every request still waiting.
                        ev.kernel().delayAdd("answer", 0.005, given.get(0), hits[0]);
                    })
                    .on("answer", ev -> {
                        HttpServerRequest request = ev.arg(0);
                        int number = ev.arg(1);
                        request.response()
                                .putHeader("content-type", "text/plain; charset=utf-8")
                                .end("hello from POE session " + ev.session().id() + ": request #" + number
                                        + " for " + request.path() + "\n");
                    })
                    .on("_stop", ev -> System.out.println("session stopped after " + ((int[]) ev.heap())[0]
                            + " requests"))
                    .create(kernel);
            // The postback keeps the session alive as long as the server may call it.
            Postback onRequest = counter.postback("request");
            vertx.createHttpServer()
                    .requestHandler(onRequest::accept)
                    .listen(port)
                    .onComplete(listening);
        });
        return vertx.deployVerticle(poe).compose(id -> listening.future());
    }
}
