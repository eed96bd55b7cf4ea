package poe.filter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import poe.filter.http.HttpHeaders;
import poe.filter.http.HttpMessage;
import poe.filter.http.HttpRequest;
import poe.filter.http.HttpResponse;
import poe.filter.http.HttpStatus;

/**
 * The HTTP server filter (POE::Filter::HTTPD): reads HTTP/1.0 and HTTP/1.1 requests and
 * writes responses.
 *
 * <p>Input: each {@link #getOne()} returns one {@link HttpRequest} (pipelined requests
 * come out one by one), with its body read through {@code Content-Length} or decoded from
 * {@code Transfer-Encoding: chunked}. Empty lines before a request are skipped; a request
 * line without a version is HTTP/0.9, as in POE. Bytes after a complete request stay
 * buffered, so {@link #getPending()} hands them to another filter (e.g. after an
 * {@code Upgrade}).
 *
 * <p>Malformed or oversized input never throws and never waits without bound: it yields a
 * {@link HttpResponse} record to send back:
 * <ul>
 *   <li>400: a bad request line, header line, Content-Length or chunk, conflicting
 *       framing (Content-Length with Transfer-Encoding, chunked not last), or
 *       Transfer-Encoding on HTTP/1.0;</li>
 *   <li>413: a declared or chunked body over {@code maxContent} (1 MiB by default), or
 *       more than {@code maxBuffer} bytes buffered;</li>
 *   <li>414: a request line over {@code maxRequestLine} (8 KiB);</li>
 *   <li>431: a head over {@code maxHeaderBytes} (32 KiB) or {@code maxHeaders} (100)
 *       fields, trailers included;</li>
 *   <li>501: a transfer coding other than chunked; 505: an HTTP major version other
 *       than 1.</li>
 * </ul>
 * Such a response carries {@code Connection: close}. After it the stream's framing cannot
 * be trusted, so the filter drops what it buffered and ignores all further input: send
 * the response, then close the connection. (POE resynchronizes instead; a request
 * smuggled inside a rejected body could then be read.)
 *
 * <p>Output: {@link #put(List)} writes {@link HttpResponse}s (and {@link HttpRequest}s,
 * for clients and tests) with CR LF line ends; a message whose final transfer coding is
 * chunked gets its body written as one chunk. Header values are written as ISO-8859-1.
 * The filter never adds framing headers on its own: use
 * {@link HttpResponse#text(int, String)} or {@link HttpResponse.Builder#body} to set
 * {@code Content-Length}.
 *
 * <p>Not supported: streaming bodies (POE's {@code Streaming} option) and
 * {@code Expect: 100-continue} replies (clients such as curl send the body anyway after
 * a short wait).
 *
 * <pre>{@code
 * Httpd httpd = Httpd.create();
 * for (HttpMessage m : httpd.get(List.of(bytesFromSocket))) {
 *     HttpResponse reply = (m instanceof HttpRequest req)
 *         ? HttpResponse.text(200, "you asked for " + req.target() + "\n")
 *         : (HttpResponse) m;                       // 4xx: send it, then close
 *     driver.put(httpd.put(List.of(reply)));
 * }
 * }</pre>
 */
public final class Httpd implements Filter<byte[], HttpMessage> {

    /** Default longest request line: 8 KiB. */
    public static final int DEFAULT_MAX_REQUEST_LINE = 8 << 10;
    /** Default largest head (request line and header fields): 32 KiB. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 32 << 10;
    /** Default most header fields: 100. */
    public static final int DEFAULT_MAX_HEADERS = 100;
    /** Default largest body: 1 MiB, as POE's MaxContent. */
    public static final int DEFAULT_MAX_CONTENT = 1 << 20;

    private static final int MAX_CHUNK_LINE = 4096;
    private static final Pattern REQUEST_LINE = Pattern.compile(
            "([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \\t]+([^\\s]+)(?:[ \\t]+([^\\s]+))?[ \\t]*");
    private static final Pattern VERSION = Pattern.compile("HTTP/([0-9])\\.([0-9])");

    private enum Phase { HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS }

    private final Builder settings;
    private final int maxRequestLine;
    private final int maxHeaderBytes;
    private final int maxHeaders;
    private final int maxContent;
    private final int maxBuffer;

    private final ByteQueue buffer = new ByteQueue();
    private boolean failed;
    private HttpResponse queuedError;

    // state of the request being read; offsets are relative to the buffer head
    private Phase phase = Phase.HEAD;
    private int scan;
    private int lineStart;
    private final List<int[]> lines = new ArrayList<>();
    private HttpRequest head;
    private int bodyStart;
    private long contentLength;
    private long chunkRemaining;
    private ByteArrayOutputStream chunked;
    private int trailerStart;

    private Httpd(Builder b) {
        this.settings = b.copy();
        this.maxRequestLine = b.requestLineSet ? b.maxRequestLine : Math.min(b.maxRequestLine, b.maxHeaderBytes);
        this.maxHeaderBytes = b.maxHeaderBytes;
        this.maxHeaders = b.maxHeaders;
        this.maxContent = b.maxContent;
        long derived = (long) maxHeaderBytes * 2 + (long) maxContent * 2 + (64 << 10);
        this.maxBuffer = b.maxBuffer > 0 ? b.maxBuffer : (int) Math.min(Integer.MAX_VALUE - 16, derived);
        if (maxRequestLine > maxHeaderBytes) {
            throw new IllegalArgumentException("Httpd: maxRequestLine (" + maxRequestLine
                    + ") must not exceed maxHeaderBytes (" + maxHeaderBytes + ")");
        }
        Limits.bufferHolds("Httpd", maxBuffer, (long) maxHeaderBytes + maxContent, "a head and a body");
    }

    /** An HTTP server filter with the default limits. */
    public static Httpd create() {
        return builder().build();
    }

    /** A builder for the limits. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void getOneStart(List<? extends byte[]> chunks) {
        long incoming = 0;
        for (byte[] chunk : chunks) {
            incoming += Objects.requireNonNull(chunk, "chunks must not contain null").length;
        }
        if (failed) {
            return;
        }
        if (buffer.size() + incoming > maxBuffer) {
            fail(error(413, "More than " + maxBuffer + " bytes of request data are waiting."));
            return;
        }
        buffer.appendAll(chunks);
    }

    @Override
    public Optional<HttpMessage> getOne() {
        if (queuedError != null) {
            HttpResponse e = queuedError;
            queuedError = null;
            return Optional.of(e);
        }
        if (failed) {
            return Optional.empty();
        }
        HttpMessage next = parse();
        if (next instanceof HttpResponse) {
            fail(null);
        }
        return Optional.ofNullable(next);
    }

    private void fail(HttpResponse queued) {
        failed = true;
        queuedError = queued;
        buffer.clear();
        reset();
    }

    private void reset() {
        phase = Phase.HEAD;
        scan = 0;
        lineStart = 0;
        lines.clear();
        head = null;
        chunked = null;
    }

    /** One request, one error response, or null when more input is needed. */
    private HttpMessage parse() {
        while (true) {
            switch (phase) {
                case HEAD: {
                    if (scan == 0) {
                        int skip = 0;
                        while (skip < buffer.size() && isSpace(buffer.get(skip))) {
                            skip++;
                        }
                        buffer.skip(skip);
                        if (buffer.isEmpty()) {
                            return null;
                        }
                    }
                    int lf = buffer.indexOf((byte) '\n', scan);
                    if (lf < 0) {
                        scan = buffer.size();
                        if (lines.isEmpty() && buffer.size() > maxRequestLine) {
                            return error(414, "The request line is longer than " + maxRequestLine + " bytes.");
                        }
                        if (buffer.size() > maxHeaderBytes) {
                            return error(431, "The request head is larger than " + maxHeaderBytes + " bytes.");
                        }
                        return null;
                    }
                    int end = lf > lineStart && buffer.get(lf - 1) == '\r' ? lf - 1 : lf;
                    scan = lf + 1;
                    if (lines.isEmpty() && end - lineStart > maxRequestLine) {
                        return error(414, "The request line is longer than " + maxRequestLine + " bytes.");
                    }
                    if (scan > maxHeaderBytes) {
                        return error(431, "The request head is larger than " + maxHeaderBytes + " bytes.");
                    }
                    if (end == lineStart && !lines.isEmpty()) {
                        HttpMessage outcome = headComplete();
                        if (outcome != null) {
                            return outcome;
                        }
                        continue;
                    }
                    if (lines.size() - 1 >= maxHeaders) {
                        return error(431, "The request has more than " + maxHeaders + " header fields.");
                    }
                    lines.add(new int[] {lineStart, end});
                    lineStart = scan;
                    continue;
                }
                case FIXED_BODY: {
                    if (buffer.size() - bodyStart < contentLength) {
                        return null;
                    }
                    byte[] body = buffer.copy(bodyStart, bodyStart + (int) contentLength);
                    buffer.skip(bodyStart + (int) contentLength);
                    HttpRequest done = head.toBuilder().rawBody(body).build();
                    reset();
                    return done;
                }
                case CHUNK_SIZE: {
                    int lf = buffer.indexOf((byte) '\n', scan);
                    if (lf < 0) {
                        if (buffer.size() - scan > MAX_CHUNK_LINE) {
                            return error(400, "A chunk-size line is longer than " + MAX_CHUNK_LINE + " bytes.");
                        }
                        return null;
                    }
                    int end = lf > scan && buffer.get(lf - 1) == '\r' ? lf - 1 : lf;
                    String line = latin1(scan, end);
                    int semi = line.indexOf(';');
                    String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
                    if (hex.isEmpty() || !hex.chars().allMatch(Httpd::isHex)) {
                        return error(400, "A chunk size is not a hexadecimal number.");
                    }
                    hex = hex.replaceFirst("^0+(?=.)", "");
                    if (hex.length() > 8) {
                        return error(413, "The chunked body is larger than " + maxContent + " bytes.");
                    }
                    long size = Long.parseLong(hex, 16);
                    scan = lf + 1;
                    if (size == 0) {
                        phase = Phase.TRAILERS;
                        trailerStart = scan;
                        lineStart = scan;
                        continue;
                    }
                    if (chunked.size() + size > maxContent) {
                        return error(413, "The chunked body is larger than " + maxContent + " bytes.");
                    }
                    chunkRemaining = size;
                    phase = Phase.CHUNK_DATA;
                    continue;
                }
                case CHUNK_DATA: {
                    int available = buffer.size() - scan;
                    if (available < chunkRemaining) {
                        return null;
                    }
                    chunked.write(buffer.array(), buffer.offset() + scan, (int) chunkRemaining);
                    scan += (int) chunkRemaining;
                    phase = Phase.CHUNK_END;
                    continue;
                }
                case CHUNK_END: {
                    if (buffer.size() - scan < 1) {
                        return null;
                    }
                    byte b = buffer.get(scan);
                    if (b == '\n') {
                        scan += 1;
                    } else if (b == '\r') {
                        if (buffer.size() - scan < 2) {
                            return null;
                        }
                        if (buffer.get(scan + 1) != '\n') {
                            return error(400, "A chunk is not followed by CR LF.");
                        }
                        scan += 2;
                    } else {
                        return error(400, "A chunk is longer than its size says.");
                    }
                    phase = Phase.CHUNK_SIZE;
                    continue;
                }
                case TRAILERS: {
                    int lf = buffer.indexOf((byte) '\n', scan);
                    if (lf < 0) {
                        if (buffer.size() - trailerStart > maxHeaderBytes) {
                            return error(431, "The trailer fields are larger than " + maxHeaderBytes + " bytes.");
                        }
                        return null;
                    }
                    int end = lf > scan && buffer.get(lf - 1) == '\r' ? lf - 1 : lf;
                    int start = scan;
                    scan = lf + 1;
                    if (scan - trailerStart > maxHeaderBytes) {
                        return error(431, "The trailer fields are larger than " + maxHeaderBytes + " bytes.");
                    }
                    if (end == start) {
                        HttpRequest done = head.toBuilder().rawBody(chunked.toByteArray()).build();
                        buffer.skip(scan);
                        reset();
                        return done;
                    }
                    String trailer = latin1(start, end);
                    int colon = trailer.indexOf(':');
                    if (colon <= 0 || !isTokenString(trailer.substring(0, colon))) {
                        return error(400, "A trailer field is malformed.");
                    }
                    continue;
                }
                default:
                    throw new AssertionError(phase);
            }
        }
    }

    /** Parses the head; returns an error, or null after setting up the body phase or a request. */
    private HttpMessage headComplete() {
        int[] first = lines.get(0);
        Matcher m = REQUEST_LINE.matcher(latin1(first[0], first[1]));
        if (!m.matches()) {
            return error(400, "The request line is not METHOD TARGET [VERSION].");
        }
        String target = m.group(2);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x21 || c == 0x7F) {
                return error(400, "The request target contains a control character.");
            }
        }
        String version = m.group(3) == null ? "HTTP/0.9" : m.group(3);
        Matcher v = VERSION.matcher(version);
        if (!v.matches()) {
            return error(400, "The HTTP version is malformed.");
        }
        if (!"1".equals(v.group(1)) && !"HTTP/0.9".equals(version)) {
            return error(505, "Only HTTP/1.x is supported.");
        }
        HttpHeaders.Builder headers = HttpHeaders.builder();
        String name = null;
        StringBuilder value = null;
        for (int i = 1; i < lines.size(); i++) {
            int[] line = lines.get(i);
            String text = latin1(line[0], line[1]);
            if (text.charAt(0) == ' ' || text.charAt(0) == '\t') {
                if (name == null) {
                    return error(400, "The first header line starts with whitespace.");
                }
                value.append(' ').append(text.trim());
                continue;
            }
            if (name != null && !addHeader(headers, name, value.toString())) {
                return error(400, "A header field value contains a control character.");
            }
            int colon = text.indexOf(':');
            if (colon <= 0 || !isTokenString(text.substring(0, colon))) {
                return error(400, "A header line is not NAME: VALUE.");
            }
            name = text.substring(0, colon);
            value = new StringBuilder(trimOws(text.substring(colon + 1)));
        }
        if (name != null && !addHeader(headers, name, value.toString())) {
            return error(400, "A header field value contains a control character.");
        }
        HttpHeaders fields = headers.build();
        head = HttpRequest.builder(m.group(1), target).version(version).headers(fields).build();
        bodyStart = scan;

        List<String> codings = new ArrayList<>();
        for (String te : fields.all("Transfer-Encoding")) {
            for (String part : te.split(",")) {
                String coding = part.trim().toLowerCase(Locale.ROOT);
                if (!coding.isEmpty()) {
                    codings.add(coding);
                }
            }
        }
        List<String> lengths = fields.all("Content-Length");
        if (!codings.isEmpty() || fields.contains("Transfer-Encoding")) {
            if ("HTTP/1.0".equals(version) || "HTTP/0.9".equals(version)) {
                return error(400, "Transfer-Encoding is not allowed in " + version + ".");
            }
            if (!lengths.isEmpty()) {
                return error(400, "Content-Length and Transfer-Encoding must not both be sent.");
            }
            if (codings.isEmpty() || !"chunked".equals(codings.get(codings.size() - 1))
                    || codings.indexOf("chunked") != codings.size() - 1) {
                return error(400, "The final transfer coding must be chunked, and only once.");
            }
            if (codings.size() > 1) {
                return error(501, "Only the chunked transfer coding is supported.");
            }
            chunked = new ByteArrayOutputStream();
            phase = Phase.CHUNK_SIZE;
            return null;
        }
        if (!lengths.isEmpty()) {
            String seen = null;
            for (String cl : lengths) {
                for (String part : cl.split(",", -1)) {
                    String digits = part.trim();
                    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        return error(400, "Content-Length is not a number.");
                    }
                    if (seen != null && !seen.equals(digits)) {
                        return error(400, "Content-Length values disagree.");
                    }
                    seen = digits;
                }
            }
            String significant = seen.replaceFirst("^0+(?=.)", "");
            if (significant.length() > 12 || Long.parseLong(significant) > maxContent) {
                return error(413, "The body is larger than " + maxContent + " bytes.");
            }
            contentLength = Long.parseLong(significant);
            if (contentLength > 0) {
                phase = Phase.FIXED_BODY;
                return null;
            }
        }
        // no body: the request is complete; the bytes after it stay buffered
        buffer.skip(scan);
        HttpRequest done = head;
        reset();
        return done;
    }

    private static boolean addHeader(HttpHeaders.Builder headers, String name, String value) {
        try {
            headers.add(name, value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private HttpResponse error(int status, String detail) {
        String text = status + " " + HttpStatus.reason(status) + "\n" + detail + "\n";
        return HttpResponse.builder(status)
                .body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8")
                .header("Connection", "close")
                .request(head)
                .build();
    }

    private String latin1(int from, int to) {
        return new String(buffer.array(), buffer.offset() + from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String trimOws(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean isSpace(byte b) {
        return b == '\r' || b == '\n' || b == ' ' || b == '\t';
    }

    private static boolean isHex(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isTokenString(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<byte[]> getPending() {
        return buffer.pending();
    }

    @Override
    public List<byte[]> put(List<? extends HttpMessage> records) {
        List<byte[]> out = new ArrayList<>(records.size());
        for (HttpMessage message : records) {
            out.add(encode(Objects.requireNonNull(message, "records must not contain null")));
        }
        return out;
    }

    private static byte[] encode(HttpMessage message) {
        StringBuilder head = new StringBuilder(256);
        if (message instanceof HttpResponse) {
            HttpResponse r = (HttpResponse) message;
            head.append(r.version()).append(' ').append(r.status()).append(' ').append(r.reason()).append("\r\n");
        } else {
            HttpRequest r = (HttpRequest) message;
            head.append(r.method()).append(' ').append(r.target());
            if (!"HTTP/0.9".equals(r.version())) {
                head.append(' ').append(r.version());
            }
            head.append("\r\n");
        }
        HttpHeaders headers = message.headers();
        for (int i = 0; i < headers.size(); i++) {
            head.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + message.bodyLength() + 16);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        byte[] body = message.body();
        if (isChunked(headers)) {
            if (body.length > 0) {
                out.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(body);
                out.writeBytes(new byte[] {'\r', '\n'});
            }
            out.writeBytes(new byte[] {'0', '\r', '\n', '\r', '\n'});
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static boolean isChunked(HttpHeaders headers) {
        List<String> te = headers.all("Transfer-Encoding");
        if (te.isEmpty()) {
            return false;
        }
        String[] parts = te.get(te.size() - 1).split(",");
        return parts[parts.length - 1].trim().equalsIgnoreCase("chunked");
    }

    @Override
    public Httpd clone() {
        return new Httpd(settings);
    }

    /**
     * Configures an {@link Httpd}.
     *
     * <pre>{@code
     * Httpd httpd = Httpd.builder().maxContent(64 << 10).maxHeaderBytes(16 << 10).build();
     * }</pre>
     */
    public static final class Builder {
        private int maxRequestLine = DEFAULT_MAX_REQUEST_LINE;
        private boolean requestLineSet;
        private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        private int maxHeaders = DEFAULT_MAX_HEADERS;
        private int maxContent = DEFAULT_MAX_CONTENT;
        private int maxBuffer;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.maxRequestLine = maxRequestLine;
            b.requestLineSet = requestLineSet;
            b.maxHeaderBytes = maxHeaderBytes;
            b.maxHeaders = maxHeaders;
            b.maxContent = maxContent;
            b.maxBuffer = maxBuffer;
            return b;
        }

        /**
         * Longest request line, in bytes (default 8 KiB, or maxHeaderBytes if that is
         * smaller); longer ones get 414.
         */
        public Builder maxRequestLine(int bytes) {
            maxRequestLine = Limits.positive("Httpd maxRequestLine", bytes);
            requestLineSet = true;
            return this;
        }

        /** Largest head, in bytes (default 32 KiB); larger ones get 431. */
        public Builder maxHeaderBytes(int bytes) {
            maxHeaderBytes = Limits.positive("Httpd maxHeaderBytes", bytes);
            return this;
        }

        /** Most header fields (default 100); more get 431. */
        public Builder maxHeaders(int count) {
            maxHeaders = Limits.positive("Httpd maxHeaders", count);
            return this;
        }

        /** Largest body, in bytes (default 1 MiB); larger ones get 413. */
        public Builder maxContent(int bytes) {
            maxContent = Limits.positive("Httpd maxContent", bytes);
            return this;
        }

        /**
         * Most bytes buffered between {@code getOne()} calls (default: twice the head and
         * body limits, plus 64 KiB); more get 413.
         */
        public Builder maxBuffer(int bytes) {
            maxBuffer = Limits.positive("Httpd maxBuffer", bytes);
            return this;
        }

        /**
         * @return the filter
         * @throws IllegalArgumentException if the limits contradict each other
         */
        public Httpd build() {
            return new Httpd(this);
        }
    }
}
