package poe.filter.http;

import java.util.Arrays;
import java.util.Objects;

/**
 * An HTTP request: what {@link poe.filter.Httpd} reads. Immutable.
 *
 * <p>The target is the request-target as sent ({@code /path?query}, an absolute URI, or
 * {@code *}), decoded as ISO-8859-1; a request line without a version is HTTP/0.9, as in
 * POE. A chunked body has been decoded; its trailer fields are not kept.
 *
 * <pre>{@code
 * HttpRequest get = HttpRequest.builder("GET", "/index.html").header("Host", "example.org").build();
 * HttpRequest post = HttpRequest.builder("POST", "/form")
 *     .header("Content-Type", "application/x-www-form-urlencoded")
 *     .body("a=1&b=2".getBytes(US_ASCII))          // sets Content-Length too
 *     .build();
 * boolean again = post.keepAlive();                 // HTTP/1.1 without "Connection: close"
 * }</pre>
 */
public final class HttpRequest implements HttpMessage {

    private final String method;
    private final String target;
    private final String version;
    private final HttpHeaders headers;
    private final byte[] body;

    private HttpRequest(Builder b) {
        this.method = b.method;
        this.target = b.target;
        this.version = b.version;
        this.headers = b.headers.build();
        this.body = b.body;
    }

    /**
     * A builder, version HTTP/1.1.
     *
     * @param method the method, a token such as {@code GET}
     * @param target the request-target, no whitespace
     */
    public static Builder builder(String method, String target) {
        return new Builder(method, target);
    }

    /** The method, case as sent. */
    public String method() {
        return method;
    }

    /** The request-target. */
    public String target() {
        return target;
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

    /**
     * Whether the connection may carry another request after this one: HTTP/1.1 unless
     * {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive}.
     */
    public boolean keepAlive() {
        if ("HTTP/1.0".equals(version) || "HTTP/0.9".equals(version)) {
            return headers.hasToken("Connection", "keep-alive");
        }
        return !headers.hasToken("Connection", "close");
    }

    /** A builder holding this request. */
    public Builder toBuilder() {
        Builder b = new Builder(method, target).version(version);
        b.headers = headers.toBuilder();
        b.body = body;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HttpRequest)) {
            return false;
        }
        HttpRequest r = (HttpRequest) o;
        return method.equals(r.method) && target.equals(r.target) && version.equals(r.version)
                && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, target, version, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version + " " + headers + " (" + body.length + " body bytes)";
    }

    /**
     * Builds a {@link HttpRequest}.
     *
     * <pre>{@code
     * HttpRequest r = HttpRequest.builder("GET", "/").version("HTTP/1.0").build();
     * }</pre>
     */
    public static final class Builder {
        private static final byte[] NONE = new byte[0];

        private final String method;
        private final String target;
        private String version = "HTTP/1.1";
        private HttpHeaders.Builder headers = HttpHeaders.builder();
        private byte[] body = NONE;

        private Builder(String method, String target) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(target, "target");
            if (!HttpHeaders.isToken(method)) {
                throw new IllegalArgumentException("HTTP method '" + method + "' is not a token");
            }
            if (target.isEmpty()) {
                throw new IllegalArgumentException("HTTP request-target must not be empty");
            }
            for (int i = 0; i < target.length(); i++) {
                char c = target.charAt(i);
                if (c <= 0x20 || c == 0x7F || c > 0xFF) {
                    throw new IllegalArgumentException("HTTP request-target contains whitespace, a control"
                            + " character or a character above U+00FF at index " + i);
                }
            }
            this.method = method;
            this.target = target;
        }

        /** {@code HTTP/1.0}, {@code HTTP/1.1} (default) or {@code HTTP/0.9}. */
        public Builder version(String httpVersion) {
            this.version = checkVersion(httpVersion);
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

        /**
         * Sets the body and, unless {@code Transfer-Encoding} is set, a matching
         * {@code Content-Length} (removed again for an empty body).
         */
        public Builder body(byte[] bytes) {
            body = Objects.requireNonNull(bytes, "body").clone();
            if (!headers.build().contains("Transfer-Encoding")) {
                if (body.length > 0) {
                    headers.set("Content-Length", Integer.toString(body.length));
                } else {
                    headers.remove("Content-Length");
                }
            }
            return this;
        }

        /** Sets the body without touching the headers (the caller frames it). */
        public Builder rawBody(byte[] bytes) {
            body = Objects.requireNonNull(bytes, "body").clone();
            return this;
        }

        /** @return the request */
        public HttpRequest build() {
            return new HttpRequest(this);
        }
    }

    static String checkVersion(String v) {
        Objects.requireNonNull(v, "version");
        if (!v.matches("HTTP/[0-9]\\.[0-9]")) {
            throw new IllegalArgumentException("HTTP version must look like HTTP/1.1, got '" + v + "'");
        }
        return v;
    }
}
