package poe.filter.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP response: what {@link poe.filter.Httpd} writes, and what it reads in place of
 * a request when the input is malformed (400, 413, 414, 431, 501, 505; such a response
 * carries {@code Connection: close} and, when the head could be read, the
 * {@link #request()} it refers to). Immutable.
 *
 * <pre>{@code
 * HttpResponse ok = HttpResponse.text(200, "hello\n");     // text/plain, Content-Length
 * HttpResponse created = HttpResponse.builder(201)
 *     .header("Location", "/items/7")
 *     .body("{\"id\":7}".getBytes(UTF_8), "application/json")
 *     .build();
 * }</pre>
 */
public final class HttpResponse implements HttpMessage {

    private final String version;
    private final int status;
    private final String reason;
    private final HttpHeaders headers;
    private final byte[] body;
    private final HttpRequest request;

    private HttpResponse(Builder b) {
        this.version = b.version;
        this.status = b.status;
        this.reason = b.reason == null ? HttpStatus.reason(b.status) : b.reason;
        this.headers = b.headers.build();
        this.body = b.body;
        this.request = b.request;
    }

    /** A builder, version HTTP/1.1, the standard reason phrase, no body. */
    public static Builder builder(int status) {
        return new Builder(status);
    }

    /** A response with a UTF-8 {@code text/plain} body and its Content-Length. */
    public static HttpResponse text(int status, String text) {
        return builder(status).body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8").build();
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** The reason phrase. */
    public String reason() {
        return reason;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public int bodyLength() {
        return body.length;
    }

    /** For an error read by Httpd: the request whose head was read, if it was. */
    public Optional<HttpRequest> request() {
        return Optional.ofNullable(request);
    }

    /** A builder holding this response (without its request). */
    public Builder toBuilder() {
        Builder b = new Builder(status).version(version).reason(reason);
        b.headers = headers.toBuilder();
        b.body = body;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HttpResponse)) {
            return false;
        }
        HttpResponse r = (HttpResponse) o;
        return status == r.status && version.equals(r.version) && reason.equals(r.reason)
                && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, status, reason, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return version + " " + status + " " + reason + " " + headers + " (" + body.length + " body bytes)";
    }

    /**
     * Builds a {@link HttpResponse}.
     *
     * <pre>{@code
     * HttpResponse r = HttpResponse.builder(404).body("no\n".getBytes(UTF_8), "text/plain").build();
     * }</pre>
     */
    public static final class Builder {
        private static final byte[] NONE = new byte[0];

        private final int status;
        private String version = "HTTP/1.1";
        private String reason;
        private HttpHeaders.Builder headers = HttpHeaders.builder();
        private byte[] body = NONE;
        private HttpRequest request;

        private Builder(int status) {
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("HTTP status must have three digits, got " + status);
            }
            this.status = status;
        }

        /** {@code HTTP/1.1} (default) or {@code HTTP/1.0}. */
        public Builder version(String httpVersion) {
            version = HttpRequest.checkVersion(httpVersion);
            return this;
        }

        /** A reason phrase other than the standard one. */
        public Builder reason(String phrase) {
            Objects.requireNonNull(phrase, "reason");
            String problem = HttpHeaders.valueProblem(phrase);
            if (problem != null) {
                throw new IllegalArgumentException("HTTP reason phrase " + problem);
            }
            reason = phrase;
            return this;
        }

        /** Appends a header field. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Replaces the header fields. */
        public Builder headers(HttpHeaders all) {
            headers = Objects.requireNonNull(all, "headers").toBuilder();
            return this;
        }

        /** Sets the body, its Content-Type and (unless Transfer-Encoding is set) Content-Length. */
        public Builder body(byte[] bytes, String contentType) {
            headers.set("Content-Type", Objects.requireNonNull(contentType, "contentType"));
            body = Objects.requireNonNull(bytes, "body").clone();
            if (!headers.build().contains("Transfer-Encoding")) {
                headers.set("Content-Length", Integer.toString(body.length));
            }
            return this;
        }

        /** Sets the body without touching the headers (the caller frames it). */
        public Builder rawBody(byte[] bytes) {
            body = Objects.requireNonNull(bytes, "body").clone();
            return this;
        }

        /** Links the request this response answers (kept in memory, never written). */
        public Builder request(HttpRequest answered) {
            request = answered;
            return this;
        }

        /** @return the response */
        public HttpResponse build() {
            return new HttpResponse(this);
        }
    }
}
