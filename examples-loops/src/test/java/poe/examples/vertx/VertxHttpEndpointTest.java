package poe.examples.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class VertxHttpEndpointTest {

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theSessionAnswersEachRequestAndCountsThem() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = await(VertxHttpEndpoint.start(vertx, 0));
            HttpClient client = vertx.createHttpClient();
            for (int i = 1; i <= 3; i++) {
                String body = await(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/hello")
                        .compose(request -> request.send())
                        .compose(HttpClientResponse::body)
                        .map(Buffer::toString));
                assertEquals("request #" + i + " for /hello", body.substring(body.indexOf("request #")).trim());
            }
        } finally {
            await(vertx.close());
        }
    }
}
