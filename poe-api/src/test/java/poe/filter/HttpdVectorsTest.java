package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import poe.filter.http.HttpMessage;
import poe.filter.http.HttpRequest;

/**
 * Httpd against requests recorded from real clients (curl, wrk, ApacheBench, headless
 * Chromium); see {@code src/test/resources/poe/filter/http/README.md}.
 */
class HttpdVectorsTest {

    /** {@code seq 1 300 | tr '\n' ','}: the body curl and ab uploaded. */
    private static final String BIG;

    static {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            sb.append(i).append(',');
        }
        BIG = sb.toString();
    }

    static byte[] vector(String name) {
        try (InputStream in = HttpdVectorsTest.class.getResourceAsStream("http/" + name + ".http")) {
            assertNotNull(in, "missing vector " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** name, method, target, version, a header that must be there, the body (null: any). */
    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("curl-get", "GET", "/index.html?q=1", "HTTP/1.1", "User-Agent", ""),
                Arguments.of("curl-post-form", "POST", "/form", "HTTP/1.1", "Content-Type", "I=like&tasty=pie"),
                Arguments.of("curl-post-chunked", "POST", "/chunked", "HTTP/1.1", "Transfer-Encoding", BIG),
                Arguments.of("curl-multipart", "POST", "/upload", "HTTP/1.1", "Content-Type", null),
                Arguments.of("curl-head", "HEAD", "/head", "HTTP/1.1", "Accept", ""),
                Arguments.of("curl-http10", "GET", "/http10", "HTTP/1.0", "Host", ""),
                Arguments.of("curl-put-expect", "PUT", "/put", "HTTP/1.1", "Expect", BIG),
                Arguments.of("wrk-get", "GET", "/wrk/path", "HTTP/1.1", "Host", ""),
                Arguments.of("ab-get", "GET", "/ab?x=1", "HTTP/1.0", "User-Agent", ""),
                Arguments.of("ab-post", "POST", "/ab-post", "HTTP/1.0", "Content-type", BIG),
                Arguments.of("chromium-get", "GET", "/browser", "HTTP/1.1", "sec-ch-ua", ""),
                Arguments.of("chromium-post-form", "POST", "/submit", "HTTP/1.1", "Origin",
                        "name=J%C3%BCrgen+%26+co&msg=line1%0D%0Aline2"));
    }

    private static void check(HttpMessage message, String method, String target, String version, String header,
            String body) {
        HttpRequest r = assertInstanceOf(HttpRequest.class, message, String.valueOf(message));
        assertEquals(method, r.method());
        assertEquals(target, r.target());
        assertEquals(version, r.version());
        assertTrue(r.headers().contains(header), header + " in " + r.headers());
        if (body != null) {
            assertEquals(body, new String(r.body(), StandardCharsets.ISO_8859_1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void wholeVector(String name, String method, String target, String version, String header, String body) {
        Httpd httpd = Httpd.create();
        List<HttpMessage> got = httpd.get(List.of(vector(name)));
        assertEquals(1, got.size(), String.valueOf(got));
        check(got.get(0), method, target, version, header, body);
        assertTrue(httpd.getPending().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void byteByByte(String name, String method, String target, String version, String header, String body) {
        Httpd httpd = Httpd.create();
        List<HttpMessage> got = new ArrayList<>();
        byte[] bytes = vector(name);
        for (int i = 0; i < bytes.length; i++) {
            List<HttpMessage> now = httpd.get(List.of(new byte[] {bytes[i]}));
            assertTrue(now.isEmpty() || i == bytes.length - 1, "a record before the last byte");
            got.addAll(now);
        }
        assertEquals(1, got.size());
        check(got.get(0), method, target, version, header, body);
    }

    @Test
    void multipartBodyMatchesItsContentLength() {
        HttpRequest r = (HttpRequest) Httpd.create().get(List.of(vector("curl-multipart"))).get(0);
        assertEquals(r.headers().first("Content-Length").map(Integer::valueOf), Optional.of(r.bodyLength()));
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        String boundary = r.headers().first("Content-Type").orElseThrow().replaceFirst(".*boundary=", "");
        assertTrue(body.startsWith("--" + boundary + "\r\n"));
        assertTrue(body.endsWith("--" + boundary + "--\r\n"));
        assertTrue(body.contains(BIG));
    }

    @Test
    void allVectorsPipelinedOnOneConnection() {
        List<String> names = new ArrayList<>();
        List<byte[]> stream = new ArrayList<>();
        vectors().forEach(a -> {
            names.add((String) a.get()[0]);
            stream.add(vector((String) a.get()[0]));
        });
        byte[] all = FilterChecks.concat(stream);
        Httpd httpd = Httpd.create();
        List<HttpMessage> got = new ArrayList<>();
        for (int at = 0; at < all.length; at += 1000) {
            got.addAll(httpd.get(List.of(java.util.Arrays.copyOfRange(all, at, Math.min(all.length, at + 1000)))));
        }
        assertEquals(names.size(), got.size());
        List<Object[]> expected = new ArrayList<>();
        vectors().forEach(a -> expected.add(a.get()));
        for (int i = 0; i < got.size(); i++) {
            Object[] e = expected.get(i);
            check(got.get(i), (String) e[1], (String) e[2], (String) e[3], (String) e[4], (String) e[5]);
        }
    }

    @Test
    void aResponseToEachVectorIsWellFormed() {
        Httpd httpd = Httpd.create();
        for (Object[] e : vectors().map(Arguments::get).toArray(Object[][]::new)) {
            HttpRequest r = (HttpRequest) httpd.get(List.of(vector((String) e[0]))).get(0);
            byte[] wire = httpd.put(List.of(poe.filter.http.HttpResponse.text(200, "you sent " + r.bodyLength() + " bytes\n"))).get(0);
            String text = new String(wire, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n"), text);
            assertTrue(text.endsWith("\r\n\r\nyou sent " + r.bodyLength() + " bytes\n"), text);
        }
    }
}
