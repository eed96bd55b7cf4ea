package poe.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import poe.Kernel;

/** The HTTP server example against the JDK's HttpClient, raw sockets and curl. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class HttpServerTest {

    private static final Instant MODIFIED = Instant.parse("2024-03-05T06:07:08Z");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @TempDir
    static Path dir;
    private Path root;
    private byte[] big;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private Kernel kernel;
    private int port;
    private CompletableFuture<Integer> status;

    @BeforeAll
    void start() throws Exception {
        root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>\n");
        Files.writeString(root.resolve("notes.txt"), "some notes\n");
        Files.createDirectories(root.resolve("css"));
        Files.writeString(root.resolve("css/site.css"), "body { color: black }\n");
        big = new byte[3 << 20];
        new Random(17).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        for (Path p : List.of(root.resolve("index.html"), root.resolve("notes.txt"), root.resolve("big.bin"))) {
            Files.setLastModifiedTime(p, FileTime.from(MODIFIED));
        }
        Files.writeString(dir.resolve("secret.txt"), "outside the root\n");
        CompletableFuture<Object[]> started = new CompletableFuture<>();
        status = CompletableFuture.supplyAsync(() -> HttpServer.run(
                new String[] {"--port", "0", "--root", root.toString(), "--max-body", "65536"},
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                (k, p) -> started.complete(new Object[] {k, p})));
        Object[] s = started.get(30, TimeUnit.SECONDS);
        kernel = (Kernel) s[0];
        port = (Integer) s[1];
    }

    @AfterAll
    void stop() throws Exception {
        kernel.signal(kernel, "INT");
        assertEquals(0, status.get(60, TimeUnit.SECONDS), printed.toString(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Connections and requests so far, from /stats. */
    private long[] stats(HttpClient client) throws Exception {
        String json = client.send(HttpRequest.newBuilder(uri("/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\\{\"connections\":(\\d+),\"requests\":(\\d+),").matcher(json);
        assertTrue(m.find(), json);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /** Connections and requests so far, from /stats on a connection of its own. */
    private long[] rawStats() throws Exception {
        try (Socket s = socket()) {
            write(s, "GET /stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String json = read(s.getInputStream(), false).body();
            Matcher m = Pattern.compile("\\{\"connections\":(\\d+),\"requests\":(\\d+),").matcher(json);
            assertTrue(m.find(), json);
            return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        }
    }

    // ------------------------------------------------------------------ JDK HttpClient

    @Test
    void dynamicEndpointsAndManyKeptAliveRequestsOnOneConnection() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> hello = client.send(HttpRequest.newBuilder(uri("/hello?name=J%C3%BCrgen+K")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, hello.statusCode());
        assertEquals("Hello, Jürgen K!\n", hello.body());
        assertEquals("text/plain; charset=UTF-8", hello.headers().firstValue("Content-Type").orElseThrow());
        long[] before = stats(client);
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/hello?name=n" + i)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("Hello, n" + i + "!\n", r.body());
        }
        long[] after = stats(client);
        assertEquals(before[0], after[0], "the 300 requests reused the client's kept-alive connection");
        assertEquals(before[1] + 301, after[1]);
        HttpResponse<String> stats = client.send(HttpRequest.newBuilder(uri("/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("application/json", stats.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void staticFilesWithTypesLastModifiedAnd304() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> index = client.send(HttpRequest.newBuilder(uri("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode());
        assertEquals("<h1>home</h1>\n", index.body());
        assertEquals("text/html; charset=UTF-8", index.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("Tue, 05 Mar 2024 06:07:08 GMT", index.headers().firstValue("Last-Modified").orElseThrow());
        HttpResponse<String> css = client.send(HttpRequest.newBuilder(uri("/css/site.css")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("text/css; charset=UTF-8", css.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<byte[]> bin = client.send(HttpRequest.newBuilder(uri("/big.bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("application/octet-stream", bin.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(java.util.Arrays.equals(big, bin.body()), "3 MiB file intact");

        HttpResponse<String> same = client.send(HttpRequest.newBuilder(uri("/notes.txt"))
                .header("If-Modified-Since", HTTP_DATE.format(MODIFIED)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(304, same.statusCode());
        assertEquals("", same.body());
        HttpResponse<String> later = client.send(HttpRequest.newBuilder(uri("/notes.txt"))
                .header("If-Modified-Since", HTTP_DATE.format(MODIFIED.plusSeconds(3600))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(304, later.statusCode());
        HttpResponse<String> older = client.send(HttpRequest.newBuilder(uri("/notes.txt"))
                .header("If-Modified-Since", HTTP_DATE.format(MODIFIED.minusSeconds(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, older.statusCode());
        assertEquals("some notes\n", older.body());

        assertEquals(404, client.send(HttpRequest.newBuilder(uri("/missing.html")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("/notes.txt"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        HttpResponse<Void> head = client.send(HttpRequest.newBuilder(uri("/notes.txt"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertEquals("11", head.headers().firstValue("Content-Length").orElseThrow());
    }

    // ------------------------------------------------------------------ raw sockets

    /** A response read off a socket: status, headers (lower-case names), body. */
    record Raw(int status, Map<String, String> headers, String body) {
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static Raw read(InputStream in, boolean head) throws IOException {
        String status = line(in);
        if (status == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Raw(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(30_000);
        return s;
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void pipelinedRequestsInOneWriteAreAnsweredInOrderThenConnectionClose() throws Exception {
        try (Socket s = socket()) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                all.append("GET /hello?name=p").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            all.append("HEAD /notes.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            all.append("GET /notes.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            all.append("GET /hello?name=never HTTP/1.1\r\nHost: x\r\n\r\n");    // after close: not answered
            write(s, all.toString());
            InputStream in = s.getInputStream();
            for (int i = 0; i < 20; i++) {
                Raw r = read(in, false);
                assertEquals(200, r.status());
                assertEquals("Hello, p" + i + "!\n", r.body());
                assertFalse(r.headers().containsKey("connection"));
            }
            Raw head = read(in, true);
            assertEquals("11", head.headers().get("content-length"));
            Raw last = read(in, false);
            assertEquals("some notes\n", last.body());
            assertEquals("close", last.headers().get("connection"));
            assertEquals(-1, in.read(), "closed after Connection: close; the request after it is not answered");
        }
    }

    @Test
    void http10WithAndWithoutKeepAlive() throws Exception {
        try (Socket s = socket()) {
            write(s, "GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Raw r = read(s.getInputStream(), false);
            assertEquals("Hello, world!\n", r.body());
            assertEquals("keep-alive", r.headers().get("connection"));
            write(s, "GET /hello?name=again HTTP/1.0\r\n\r\n");
            r = read(s.getInputStream(), false);
            assertEquals("Hello, again!\n", r.body());
            assertEquals("close", r.headers().get("connection"));
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void malformedRequestGets400AndTheConnectionCloses() throws Exception {
        for (String bad : List.of("GET /hello HTTP/1.1\r\nno colon here\r\n\r\n", "\u0001\u0002 nonsense\r\n\r\n",
                "GET /hello HTTP/1.1\r\nContent-Length: twelve\r\n\r\n")) {
            try (Socket s = socket()) {
                write(s, bad);
                Raw r = read(s.getInputStream(), false);
                assertEquals(400, r.status(), bad);
                assertEquals("close", r.headers().get("connection"));
                assertEquals(-1, s.getInputStream().read());
            }
        }
        try (Socket s = socket()) {
            write(s, "GET /hello HTTP/2.0\r\n\r\n");
            assertEquals(505, read(s.getInputStream(), false).status());
        }
    }

    @Test
    void oversizeBodyGets413AndOversizeHeadGets431() throws Exception {
        try (Socket s = socket()) {
            write(s, "POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
            Raw r = read(s.getInputStream(), false);
            assertEquals(413, r.status());
            assertEquals(-1, s.getInputStream().read());
        }
        try (Socket s = socket()) {
            write(s, "GET /hello HTTP/1.1\r\nX-Big: " + "y".repeat(40_000) + "\r\n\r\n");
            assertEquals(431, read(s.getInputStream(), false).status());
        }
        try (Socket s = socket()) {
            write(s, "POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n\r\n" + "z".repeat(65536));
            assertEquals(405, read(s.getInputStream(), false).status(), "a body at the limit is read");
        }
    }

    @Test
    void pathTraversalIsRefused() throws Exception {
        for (String path : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/css/../../secret.txt",
                "/css/%2E%2E%2F%2E%2E%2Fsecret.txt", "/..%5csecret.txt", "/notes.txt%00.html")) {
            try (Socket s = socket()) {
                write(s, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
                Raw r = read(s.getInputStream(), false);
                assertTrue(r.status() == 403 || r.status() == 404 || r.status() == 400, path + ": " + r.status());
                assertFalse(r.body().contains("outside the root"), path);
            }
        }
        Path link = root.resolve("escape.txt");
        try {
            Files.createSymbolicLink(link, dir.resolve("secret.txt"));
        } catch (UnsupportedOperationException | IOException e) {
            return;
        }
        try (Socket s = socket()) {
            write(s, "GET /escape.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(403, read(s.getInputStream(), false).status(), "a link out of the root");
        }
    }

    // ------------------------------------------------------------------ curl

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "curl finished");
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }

    private static boolean curlInstalled() {
        try {
            Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void curlGetsFilesAndReusesTheConnectionAndSends304Conditions() throws Exception {
        Assumptions.assumeTrue(curlInstalled(),
                "SKIPPED: curl is not installed (run-tests.sh installs it when run as root); curl interop not tested");
        long[] before = rawStats();
        String two = run(List.of("curl", "-sS", "--max-time", "30", "-v", uri("/hello?name=curl").toString(),
                uri("/notes.txt").toString()));
        assertTrue(two.contains("Hello, curl!"), two);
        assertTrue(two.contains("some notes"), two);
        assertTrue(two.toLowerCase(Locale.ROOT).contains("re-using existing connection")
                || two.toLowerCase(Locale.ROOT).contains("reusing existing"), two);
        long[] after = rawStats();
        assertEquals(before[0] + 2, after[0], "curl's two URLs went over one connection (and one more for /stats)");

        String code = run(List.of("curl", "-sS", "--max-time", "30", "-o", "/dev/null", "-w", "%{http_code}",
                "-z", HTTP_DATE.format(MODIFIED), uri("/notes.txt").toString()));
        assertEquals("304", code);
        code = run(List.of("curl", "-sS", "--max-time", "30", "-o", "/dev/null", "-w", "%{http_code}",
                "--path-as-is", uri("/../secret.txt").toString()));
        assertNotEquals("200", code);
        Path saved = dir.resolve("big-from-curl.bin");
        run(List.of("curl", "-sS", "--max-time", "60", "-o", saved.toString(), uri("/big.bin").toString()));
        assertTrue(java.util.Arrays.equals(big, Files.readAllBytes(saved)));
        String posted = run(List.of("curl", "-sS", "--max-time", "30", "-o", "/dev/null", "-w", "%{http_code}",
                "--data-binary", "@" + root.resolve("big.bin"), uri("/hello").toString()));
        assertEquals("413", posted);
        List<String> headers = new ArrayList<>(List.of(run(List.of("curl", "-sS", "--max-time", "30", "-I",
                uri("/index.html").toString())).split("\r\n")));
        assertTrue(headers.contains("Content-Type: text/html; charset=UTF-8"), headers.toString());
        assertTrue(headers.contains("Last-Modified: Tue, 05 Mar 2024 06:07:08 GMT"), headers.toString());
    }
}
