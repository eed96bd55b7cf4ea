package poe.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static poe.filter.FilterChecks.assertChunks;
import static poe.filter.FilterChecks.b;
import static poe.filter.FilterChecks.bytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import poe.filter.http.HttpHeaders;
import poe.filter.http.HttpMessage;
import poe.filter.http.HttpRequest;
import poe.filter.http.HttpResponse;

class HttpdTest {

    private static List<HttpMessage> get(Httpd httpd, String... latin1) {
        return httpd.get(bytes(latin1));
    }

    private static HttpRequest onlyRequest(List<HttpMessage> got) {
        assertEquals(1, got.size(), String.valueOf(got));
        return assertInstanceOf(HttpRequest.class, got.get(0), String.valueOf(got.get(0)));
    }

    private static HttpResponse onlyError(List<HttpMessage> got, int status) {
        assertEquals(1, got.size(), String.valueOf(got));
        HttpResponse error = assertInstanceOf(HttpResponse.class, got.get(0));
        assertEquals(status, error.status(), error.bodyText());
        assertEquals(Optional.of("close"), error.headers().first("Connection"));
        return error;
    }

    // --- requests POE's tests read ---

    @Test
    void simpleGet() {
        HttpRequest r = onlyRequest(get(Httpd.create(), "GET http://localhost/pie.mhtml HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        assertEquals("GET", r.method());
        assertEquals("http://localhost/pie.mhtml", r.target());
        assertEquals("HTTP/1.1", r.version());
        assertEquals(0, r.bodyLength());
    }

    @Test
    void http10GetWithHeadersAndBareLf() {
        HttpRequest r = onlyRequest(get(Httpd.create(), "GET /foo.html HTTP/1.0\nUser-Agent: Wget/1.8.2\n"
                + "Host: localhost:8080\nAccept: */*\nConnection: Keep-Alive\n\n"));
        assertEquals("/foo.html", r.target());
        assertEquals("HTTP/1.0", r.version());
        assertEquals(Optional.of("Wget/1.8.2"), r.headers().first("User-Agent"));
        assertEquals(Optional.of("localhost:8080"), r.headers().first("host"));
        assertEquals(Optional.of("*/*"), r.headers().first("Accept"));
        assertEquals(Optional.of("Keep-Alive"), r.headers().first("Connection"));
        assertTrue(r.keepAlive());
    }

    @Test
    void postWithForm() {
        HttpRequest r = onlyRequest(get(Httpd.create(), "POST http://localhost/foo.mhtml HTTP/1.0\r\n"
                + "Content-Length: 16\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nI=like&tasty=pie"));
        assertEquals("POST", r.method());
        assertEquals("I=like&tasty=pie", r.bodyText());
        assertEquals(Optional.of("16"), r.headers().first("Content-Length"));
        assertEquals(Optional.of("application/x-www-form-urlencoded"), r.headers().first("Content-Type"));
    }

    @Test
    void headPutOptionsAndMultipart() {
        assertEquals("HEAD", onlyRequest(get(Httpd.create(), "HEAD /foo HTTP/1.1\r\nHost: x\r\n\r\n")).method());
        HttpRequest put = onlyRequest(get(Httpd.create(), "PUT /foo HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"));
        assertEquals("abc", put.bodyText());
        HttpRequest options = onlyRequest(get(Httpd.create(), "OPTIONS * HTTP/1.0\r\n\r\n"));
        assertEquals("*", options.target());

        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"I\"\r\n\r\nlike\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
                + "exit;\r\n--XyZ--\r\n";
        HttpRequest multipart = onlyRequest(get(Httpd.create(), "POST /up HTTP/1.0\r\n"
                + "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));
        assertTrue(multipart.headers().first("Content-Type").orElseThrow().startsWith("multipart/form-data"));
        assertEquals(body, multipart.bodyText());
    }

    @Test
    void requestLineWithoutVersionIsHttp09() {
        HttpRequest r = onlyRequest(get(Httpd.create(), "GET /\n\n"));
        assertEquals("HTTP/0.9", r.version());
        HttpRequest tab = onlyRequest(get(Httpd.create(), "GET\t/elephant.gif\n\n"));
        assertEquals("/elephant.gif", tab.target());
        assertEquals("HTTP/0.9", tab.version());
    }

    @Test
    void strangeMethodsAreTheApplicationsBusiness() {
        assertEquals("ELEPHANT", onlyRequest(get(Httpd.create(), "ELEPHANT /\r\n\r\n")).method());
        assertEquals("GEt", onlyRequest(get(Httpd.create(), "GEt / HTTP/1.1\r\n\r\n")).method());
    }

    @Test
    void nothingComesOutBeforeTheLastFragment() {
        String request = "POST http://localhost:1234/foobar.html HTTP/1.1\r\nContent-Length: 23\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n\r\nI=like&honey=with+peas";
        request = request.replace("Content-Length: 23", "Content-Length: 22");
        Httpd httpd = Httpd.create();
        List<HttpMessage> got = new ArrayList<>();
        for (int i = 0; i < request.length(); i += 2) {
            List<HttpMessage> now = get(httpd, request.substring(i, Math.min(request.length(), i + 2)));
            if (i + 2 < request.length()) {
                assertEquals(List.of(), now, "nothing before the end, at " + i);
            }
            got.addAll(now);
        }
        assertEquals("I=like&honey=with+peas", onlyRequest(got).bodyText());
    }

    @Test
    void whitespaceAroundRequestsIsIgnored() {
        String req = "GET http://localhost:1234/foobar.html HTTP/1.1\r\nHost: a\r\n\r\n";
        onlyRequest(get(Httpd.create(), req + "\r\n  \r\n\n"));
        onlyRequest(get(Httpd.create(), req, "\r\n  \r\n\n"));
        Httpd httpd = Httpd.create();
        onlyRequest(get(httpd, req, "\r\n  \r\n\n"));
        assertEquals(List.of(), get(httpd, "\r\n  \r\n\n"));
        assertEquals(List.of(), httpd.getPending(), "skipped whitespace is not kept");
    }

    @Test
    void garbageAfterARequestWaitsThenFails() {
        String req = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n";
        Httpd httpd = Httpd.create();
        onlyRequest(get(httpd, req + "GARBAGE!"));
        assertChunks(List.of("GARBAGE!"), httpd.getPending(), "an unfinished line may still become a request");

        List<HttpMessage> both = get(Httpd.create(), req, "GARBAGE!\r\n\r\n");
        assertEquals(2, both.size());
        assertInstanceOf(HttpRequest.class, both.get(0));
        assertEquals(400, assertInstanceOf(HttpResponse.class, both.get(1)).status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ELEPHANT\\n\\r\\n",
        "GET / HTTP/1.1 extra\\r\\n\\r\\n",
        "GET / http/1.1\\r\\n\\r\\n",
        "GET / HTTP/1\\r\\n\\r\\n",
        "GET /a\\u0001b HTTP/1.1\\r\\n\\r\\n",
        "G(T / HTTP/1.1\\r\\n\\r\\n",
        "GET / HTTP/1.1\\r\\nNo colon here\\r\\n\\r\\n",
        "GET / HTTP/1.1\\r\\nSpace : before colon\\r\\n\\r\\n",
        "GET / HTTP/1.1\\r\\n folded first\\r\\n\\r\\n",
        "GET / HTTP/1.1\\r\\nX: a\\u0000b\\r\\n\\r\\n",
        "POST / HTTP/1.1\\r\\nContent-Length: fifteen\\r\\n\\r\\n",
        "POST / HTTP/1.1\\r\\nContent-Length: -1\\r\\n\\r\\n",
        "POST / HTTP/1.1\\r\\nContent-Length: 3\\r\\nContent-Length: 4\\r\\n\\r\\nabcd",
        "POST / HTTP/1.1\\r\\nContent-Length: 3, 4\\r\\n\\r\\nabcd",
        "POST / HTTP/1.1\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked, chunked\\r\\n\\r\\n",
        "POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3\\r\\nabcd\\r\\n",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3\\r\\nabc\\rX",
        "POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\nbad trailer\\r\\n\\r\\n",
    })
    void malformedRequestsGet400(String escaped) {
        onlyError(Httpd.create().get(List.of(b(unescape(escaped)))), 400);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "505|GET / HTTP/2.0\\r\\n\\r\\n",
        "501|POST / HTTP/1.1\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n",
        "413|POST / HTTP/1.1\\r\\nContent-Length: 1073741824\\r\\n\\r\\nNothing much",
        "413|POST / HTTP/1.1\\r\\nContent-Length: 99999999999999999999999\\r\\n\\r\\n",
        "413|POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nfffffff\\r\\n",
        "413|POST / HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n1ffffffffff\\r\\n",
    })
    void otherRefusals(int status, String escaped) {
        onlyError(Httpd.create().get(List.of(b(unescape(escaped)))), status);
    }

    static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0001", "\u0001").replace("\\u0000", "\u0000");
    }

    @Test
    void contentLimits() {
        String head = "POST / HTTP/1.1\r\nContent-Type: text/plain\r\n";
        Httpd small = Httpd.builder().maxContent(10).build();
        assertEquals("honk\n", onlyRequest(get(small, head + "Content-Length: 5\r\n\r\nhonk\n")).bodyText());
        HttpResponse tooBig = onlyError(get(Httpd.builder().maxContent(10).build(),
                head + "Content-Length: 15\r\n\r\nhonk honk honk\n"), 413);
        assertEquals("POST", tooBig.request().orElseThrow().method(), "the error knows its request");
        onlyError(get(Httpd.builder().maxContent(10).build(), head
                + "Transfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nghijkl\r\n0\r\n\r\n"), 413);
    }

    @Test
    void headLimitsAnswerBeforeTheHeadEnds() {
        onlyError(get(Httpd.builder().maxRequestLine(16).build(), "GET /" + "a".repeat(20)), 414);
        onlyError(get(Httpd.builder().maxHeaderBytes(64).build(), "GET / HTTP/1.1\r\nX: " + "a".repeat(80)), 431);
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 5; i++) {
            many.append("X-").append(i).append(": y\r\n");
        }
        onlyError(get(Httpd.builder().maxHeaders(4).build(), many + "\r\n"), 431);
        onlyRequest(get(Httpd.builder().maxHeaders(5).build(), many + "\r\n"));
        onlyError(get(Httpd.builder().maxHeaderBytes(64).build(),
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + "t".repeat(80)), 431);
    }

    @Test
    void configurationErrors() {
        assertThrows(IllegalArgumentException.class, () -> Httpd.builder().maxContent(-1));
        assertThrows(IllegalArgumentException.class, () -> Httpd.builder().maxContent(0));
        assertThrows(IllegalArgumentException.class, () -> Httpd.builder().maxBuffer(0));
        assertThrows(IllegalArgumentException.class, () -> Httpd.builder().maxContent(10).maxBuffer(5).build());
        assertThrows(IllegalArgumentException.class, () -> Httpd.builder().maxRequestLine(100).maxHeaderBytes(50).build());
    }

    @Test
    void bufferOverflowIsA413NotAnException() {
        Httpd httpd = Httpd.builder().maxContent(5).maxHeaderBytes(10).maxRequestLine(10).maxBuffer(20).build();
        httpd.getOneStart(bytes("This line is going to be too long for our filter\n"));
        assertEquals(413, assertInstanceOf(HttpResponse.class, httpd.getOne().orElseThrow()).status());
        assertEquals(Optional.empty(), httpd.getOne());
    }

    @Test
    void afterAnErrorTheRestOfTheStreamIsIgnored() {
        Httpd httpd = Httpd.builder().maxContent(4).build();
        onlyError(get(httpd, "POST / HTTP/1.1\r\nContent-Length: 30\r\n\r\nGET /admin HTTP/1.1\r\n\r\n"), 413);
        assertEquals(List.of(), get(httpd, "GET /smuggled HTTP/1.1\r\n\r\n"));
        assertEquals(List.of(), httpd.getPending());
    }

    @Test
    void bodyOnGetAndHeadIsReadNotParsedAsARequest() {
        String inner = "POST /trap.html HTTP/1.1\r\nContent-Length: 10\r\n\r\nHONK HONK\n";
        for (String method : List.of("GET", "HEAD")) {
            HttpRequest r = onlyRequest(get(Httpd.create(), method + " / HTTP/1.1\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: " + inner.length() + "\r\n\r\n" + inner));
            assertEquals(method, r.method());
            assertEquals(inner, r.bodyText());
        }
    }

    @Test
    void contentEncodingAloneDoesNotMeanABody() {
        // POE answers 411 here; a request without Content-Length or chunked has no body (RFC 9112).
        HttpRequest r = onlyRequest(get(Httpd.create(), "ELEPHANT http://localhost/ HTTP/1.1\r\nContent-Encoding: mussa\r\n\r\n"));
        assertEquals(0, r.bodyLength());
    }

    @Test
    void pipelinedRequestsComeOutOneByOne() {
        Httpd httpd = Httpd.create();
        httpd.getOneStart(bytes("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"
                + "POST /3 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nyo\r\n0\r\n\r\nGET /4 HTTP/1.1\r\n"));
        List<String> seen = new ArrayList<>();
        for (Optional<HttpMessage> m = httpd.getOne(); m.isPresent(); m = httpd.getOne()) {
            HttpRequest r = (HttpRequest) m.get();
            seen.add(r.target() + "=" + r.bodyText());
        }
        assertEquals(List.of("/1=", "/2=hi", "/3=yo"), seen);
        assertChunks(List.of("GET /4 HTTP/1.1\r\n"), httpd.getPending());
        assertEquals("/4", onlyRequest(get(httpd, "\r\n")).target());
    }

    @Test
    void chunkedBodiesWithExtensionsAndTrailers() {
        String wire = "POST /c HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n";
        HttpRequest r = onlyRequest(get(Httpd.create(), wire));
        assertEquals("hello 0123456789", r.bodyText());
        Httpd byteByByte = Httpd.create();
        List<HttpMessage> got = new ArrayList<>();
        for (byte x : b(wire)) {
            got.addAll(byteByByte.get(List.of(new byte[] {x})));
        }
        assertEquals(r, onlyRequest(got));
    }

    @Test
    void chunkSizesMayHaveLeadingZeros() {
        HttpRequest r = onlyRequest(get(Httpd.create(),
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n000000000005\r\nhello\r\n00\r\n\r\n"));
        assertEquals("hello", r.bodyText());
    }

    @Test
    void bytesAfterARequestStayPendingForAnUpgrade() {
        Httpd httpd = Httpd.create();
        onlyRequest(get(httpd, "GET /chat HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0005hello"));
        assertChunks(List.of("\u0081\u0005hello"), httpd.getPending());
    }

    @Test
    void obsFoldedHeadersAreJoined() {
        HttpRequest r = onlyRequest(get(Httpd.create(), "GET / HTTP/1.1\r\nX-Long: one\r\n  two\r\n\tthree\r\n\r\n"));
        assertEquals(Optional.of("one two three"), r.headers().first("X-Long"));
    }

    @Test
    void keepAliveFollowsTheVersion() {
        assertTrue(onlyRequest(get(Httpd.create(), "GET / HTTP/1.1\r\n\r\n")).keepAlive());
        assertFalse(onlyRequest(get(Httpd.create(), "GET / HTTP/1.1\r\nConnection: close\r\n\r\n")).keepAlive());
        assertFalse(onlyRequest(get(Httpd.create(), "GET / HTTP/1.0\r\n\r\n")).keepAlive());
    }

    // --- output ---

    @Test
    void putWritesAResponse() {
        List<byte[]> chunks = Httpd.create().put(List.of(HttpResponse.builder(404).build()));
        assertChunks(List.of("HTTP/1.1 404 Not Found\r\n\r\n"), chunks);
        List<byte[]> text = Httpd.create().put(List.of(HttpResponse.text(200, "hi\n")));
        assertChunks(List.of("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 3\r\n\r\nhi\n"), text);
    }

    @Test
    void binaryBodiesAndLatin1HeadersSurvive() {
        byte[] body = {0, (byte) 0xC3, (byte) 0xE7, (byte) 0xFF, 0};
        HttpResponse r = HttpResponse.builder(200).header("X-Subject", "En \u00e9t\u00e9").body(body, "image/x-test").build();
        List<byte[]> chunks = Httpd.create().put(List.of(r));
        assertEquals(1, chunks.size());
        byte[] wire = chunks.get(0);
        assertArrayEquals(body, java.util.Arrays.copyOfRange(wire, wire.length - body.length, wire.length));
        assertTrue(new String(wire, StandardCharsets.ISO_8859_1).contains("X-Subject: En \u00e9t\u00e9\r\n"));
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.builder(200).header("X", "snow \u2603"));
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.builder(200).header("X", "split\r\nSet-Cookie: a"));
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.builder(200).header("Bad Name", "v"));
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.builder(99));
    }

    @Test
    void chunkedMessagesAreWrittenChunked() {
        HttpResponse r = HttpResponse.builder(200).header("Transfer-Encoding", "chunked").rawBody(b("hello")).build();
        assertChunks(List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Httpd.create().put(List.of(r)));
    }

    @Test
    void requestsRoundTripThroughPutAndGet() {
        HttpRequest post = HttpRequest.builder("POST", "/x?y=1").header("Host", "h").body(b("data")).build();
        HttpRequest chunked = HttpRequest.builder("PUT", "/c").header("Transfer-Encoding", "chunked").rawBody(b("abc")).build();
        HttpRequest old = HttpRequest.builder("GET", "/").version("HTTP/1.0").build();
        Httpd httpd = Httpd.create();
        assertEquals(List.of(post, chunked, old), httpd.get(httpd.put(List.of(post, chunked, old))));
    }

    @Test
    void errorResponsesExplainWithoutEchoingInput() {
        HttpResponse e = onlyError(get(Httpd.create(), "GET /<script> HTTP/9.9\r\n\r\n"), 505);
        assertTrue(e.headers().first("Content-Type").orElseThrow().startsWith("text/plain"));
        assertFalse(e.bodyText().contains("<script>"));
        assertEquals(Optional.of(Integer.toString(e.bodyLength())), e.headers().first("Content-Length"));
    }

    @Test
    void standardRunAndClone() {
        HttpRequest one = HttpRequest.builder("GET", "/1").build();
        HttpRequest two = HttpRequest.builder("GET", "/2").build();
        Httpd httpd = Httpd.builder().maxContent(100).build();
        List<byte[]> wire = httpd.put(List.of(one, two));
        FilterChecks.standard(httpd, wire, List.of(one, two), wire);
    }

    @Test
    void headersValueApi() {
        HttpHeaders h = HttpHeaders.of("A", "1", "b", "2", "a", "3");
        assertEquals(List.of("1", "3"), h.all("a"));
        assertEquals(HttpHeaders.of("b", "2"), h.without("A"));
        assertEquals(4, h.with("C", "4").size());
        assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of("odd"));
        assertEquals(h, HttpHeaders.of("a", "1", "B", "2", "A", "3"), "names compare case-insensitively");
    }
}
