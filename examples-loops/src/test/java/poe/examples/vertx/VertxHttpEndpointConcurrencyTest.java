package poe.examples.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's Vert.x example answers every request when many arrive at once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VertxHttpEndpointConcurrencyTest {

    @Test
    void hundredConcurrentRequestsGetHundredAnswers() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = VertxHttpEndpoint.start(vertx, 0).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + "/hello");
            for (int round = 0; round < 3; round++) {
                // a client per round: each round opens 100 fresh connections at once
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build();
                List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    answers.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                Set<String> numbers = new HashSet<>();
                for (CompletableFuture<HttpResponse<String>> answer : answers) {
                    HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
                    assertEquals(200, response.statusCode());
                    String body = response.body();
                    assertTrue(body.startsWith("hello from POE session"), body);
                    numbers.add(body.substring(body.indexOf('#') + 1, body.indexOf(" for")));
                }
                assertEquals(100, numbers.size(), "every request was counted once: " + numbers);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
