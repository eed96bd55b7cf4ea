package poe.filter.http;

import java.nio.charset.StandardCharsets;

/**
 * An HTTP message: a {@link HttpRequest} or a {@link HttpResponse}. The records of
 * {@link poe.filter.Httpd}: its input side yields requests, or responses for malformed
 * input; its output side writes either.
 *
 * <pre>{@code
 * for (HttpMessage m : httpd.get(chunks)) {
 *     if (m instanceof HttpRequest request) {
 *         reply.add(HttpResponse.text(200, "hello " + request.target()));
 *     } else if (m instanceof HttpResponse error) {
 *         reply.add(error);            // 400, 413, 431...: send it, then close
 *     }
 * }
 * }</pre>
 */
public sealed interface HttpMessage permits HttpRequest, HttpResponse {

    /** The protocol version, e.g. {@code "HTTP/1.1"}. */
    String version();

    /** The header fields. */
    HttpHeaders headers();

    /** A copy of the body bytes (decoded from chunked transfer coding if it was chunked). */
    byte[] body();

    /** The body length in bytes. */
    int bodyLength();

    /** The body decoded as UTF-8. */
    default String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }
}
