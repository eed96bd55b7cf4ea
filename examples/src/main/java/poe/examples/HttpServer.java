package poe.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.component.TcpServer;
import poe.filter.Httpd;
import poe.filter.http.HttpMessage;
import poe.filter.http.HttpRequest;
import poe.filter.http.HttpResponse;

/**
 * A small web server on {@link TcpServer} and the {@link Httpd} filter: each connection
 * is a session whose wheel turns bytes into {@link HttpRequest}s and {@link HttpResponse}s
 * into bytes, so a handler answers one request with one {@code put}.
 *
 * <ul>
 *   <li>Static files under {@code --root DIR}: {@code Content-Type} by extension,
 *       {@code Last-Modified}, {@code If-Modified-Since} answered with 304; a directory
 *       serves its {@code index.html}. Paths that leave the root ({@code ..}, encoded or
 *       not, or a symbolic link pointing out) are refused with 403. No ranges.</li>
 *   <li>Dynamic: {@code /hello?name=x} answers {@code Hello, x!}; {@code /stats} answers
 *       JSON counts (connections, requests, responses by status).</li>
 *   <li>HTTP/1.1 keep-alive and pipelining (requests on a connection are answered in
 *       order), {@code Connection: close}, HTTP/1.0 with or without keep-alive; GET and
 *       HEAD (other methods get 405).</li>
 *   <li>What the filter rejects (a malformed request 400, a body over {@code --max-body}
 *       bytes 413, a too long request line 414 or head 431, ...) is sent back as the
 *       filter made it, and the connection closed.</li>
 * </ul>
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.HttpServer -Dexec.args="--port 8080 --root docs"
 * curl -i http://127.0.0.1:8080/hello?name=you
 * }</pre>
 *
 * <p>Arguments: {@code --port N} (default 0: the system picks one and it is printed),
 * {@code --address A} (default 127.0.0.1), {@code --root DIR} (default: no static
 * files), {@code --max-body BYTES} (default 1 MiB). ^C stops it.
 */
public final class HttpServer {

    /** Largest file served, so that one response stays in memory comfortably. */
    static final long MAX_FILE = 64L << 20;

    /** IMF-fixdate, as HTTP/1.1 writes dates (RFC 1123's format would drop a day's leading zero). */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=UTF-8"), Map.entry("htm", "text/html; charset=UTF-8"),
            Map.entry("txt", "text/plain; charset=UTF-8"), Map.entry("md", "text/markdown; charset=UTF-8"),
            Map.entry("css", "text/css; charset=UTF-8"), Map.entry("js", "text/javascript; charset=UTF-8"),
            Map.entry("json", "application/json"), Map.entry("xml", "application/xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("svg", "image/svg+xml"), Map.entry("ico", "image/x-icon"),
            Map.entry("pdf", "application/pdf"), Map.entry("wasm", "application/wasm"));

    private final Path root;
    private long connections;
    private long requests;
    private long rejected;
    private final Map<Integer, Long> statuses = new TreeMap<>();

    private HttpServer(Path root) {
        this.root = root;
    }

    /** Runs the server; see the class comment for the arguments. */
    public static void main(String[] args) {
        int status = run(args, System.out, (kernel, port) -> { });
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the server until interrupted.
     *
     * @param args    the command line
     * @param out     where to print
     * @param started told the kernel and the port once the server listens
     * @return 0, 1 if it could not listen, 2 for bad arguments
     */
    static int run(String[] args, PrintStream out, BiConsumer<Kernel, Integer> started) {
        int port = 0;
        String address = "127.0.0.1";
        Path root = null;
        int maxBody = Httpd.DEFAULT_MAX_CONTENT;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--address" -> address = args[++i];
                    case "--root" -> root = Path.of(args[++i]).toRealPath();
                    case "--max-body" -> maxBody = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
        } catch (RuntimeException | IOException e) {
            out.println("usage: HttpServer [--port N] [--address A] [--root DIR] [--max-body BYTES]; got "
                    + String.join(" ", args) + " (" + e + ")");
            return 2;
        }
        HttpServer http = new HttpServer(root);
        int body = maxBody;
        Kernel kernel = Kernel.create();
        boolean[] failed = new boolean[1];
        TcpServer server = TcpServer.builder()
                .address(address).port(port)
                .clientFilter(() -> Httpd.builder().maxContent(body).build())
                .clientMarks(MAX_FILE + (1 << 20), 1 << 20)    // a client that does not read its answers stops being read
                .clientConnected(ev -> http.connections++)
                .clientInput(http::input)
                .error(ev -> {
                    out.println("cannot listen: " + ev.arg(1) + " " + ev.arg(2));
                    failed[0] = true;
                })
                .create(kernel);
        Session.builder()
                .on("_start", ev -> ev.kernel().sig("INT", "interrupted"))
                .on("interrupted", ev -> {
                    ev.kernel().sigHandled();
                    ev.kernel().sig("INT");
                    server.shutdown();                          // open connections finish on their own
                })
                .create(kernel);
        if (server.port() > 0) {
            out.println("HTTP server on http://" + address + ":" + server.port() + "/"
                    + (root == null ? " (no --root: /hello and /stats only)" : " serving " + root));
            started.accept(kernel, server.port());
        }
        kernel.run();
        kernel.close();
        return failed[0] ? 1 : 0;
    }

    private void input(EventContext ev) {
        TcpServer.Client client = TcpServer.client(ev);
        if (client.data().containsKey("closing")) {
            return;                                    // pipelined after "Connection: close": not answered
        }
        HttpMessage message = ev.arg(TcpServer.ARG_INPUT);
        if (message instanceof HttpResponse error) {   // the filter's 4xx/5xx: send it and close
            rejected++;
            count(error.status());
            client.put(error);
            close(client);
            return;
        }
        HttpRequest request = (HttpRequest) message;
        requests++;
        HttpResponse response = answer(request);
        boolean keepAlive = request.keepAlive() && !response.headers().hasToken("Connection", "close");
        HttpResponse.Builder b = response.toBuilder()
                .header("Date", HTTP_DATE.format(Instant.now()))
                .header("Server", "poe-examples-HttpServer");
        if (!keepAlive && !response.headers().contains("Connection")) {
            b.header("Connection", "close");
        } else if (keepAlive && !"HTTP/1.1".equals(request.version())) {
            b.header("Connection", "keep-alive");
        }
        if (request.method().equals("HEAD")) {
            b.rawBody(new byte[0]);                    // the same headers, Content-Length included
        }
        count(response.status());
        client.put(b.build());
        if (!keepAlive) {
            close(client);
        }
    }

    private static void close(TcpServer.Client client) {
        client.data().put("closing", Boolean.TRUE);
        client.shutdown();                             // once the answer is written
    }

    private void count(int status) {
        statuses.merge(status, 1L, Long::sum);
    }

    /** The answer to one request. */
    HttpResponse answer(HttpRequest request) {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return HttpResponse.builder(405).header("Allow", "GET, HEAD")
                    .body(("method " + method + " is not allowed here\n").getBytes(StandardCharsets.UTF_8),
                            "text/plain; charset=UTF-8").build();
        }
        String target = request.target();
        if (!target.startsWith("/")) {
            return HttpResponse.text(400, "the request target must be a path starting with /\n");
        }
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : query(target.substring(q + 1));
        String path;
        try {
            path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return HttpResponse.text(400, "bad percent-encoding in the path\n");
        }
        switch (path) {
            case "/hello":
                return HttpResponse.text(200, "Hello, " + query.getOrDefault("name", "world") + "!\n");
            case "/stats":
                return HttpResponse.builder(200).body(stats().getBytes(StandardCharsets.UTF_8), "application/json")
                        .header("Cache-Control", "no-store").build();
            default:
                return file(path, request);
        }
    }

    private static Map<String, String> query(String query) {
        Map<String, String> params = new TreeMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            try {
                params.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed parameter is ignored
            }
        }
        return params;
    }

    /** The counts as JSON. */
    String stats() {
        StringBuilder json = new StringBuilder("{\"connections\":").append(connections)
                .append(",\"requests\":").append(requests)
                .append(",\"rejected\":").append(rejected)
                .append(",\"responses\":{");
        String sep = "";
        for (Map.Entry<Integer, Long> e : statuses.entrySet()) {
            json.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
            sep = ",";
        }
        return json.append("}}\n").toString();
    }

    /** A static file under the root, or why not. */
    private HttpResponse file(String path, HttpRequest request) {
        if (root == null) {
            return HttpResponse.text(404, "not found (this server has no --root)\n");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.indexOf('\0') >= 0 || segment.indexOf('\\') >= 0) {
                return HttpResponse.text(403, "forbidden\n");
            }
        }
        Path file = root.resolve(path.substring(1)).normalize();
        try {
            if (!file.startsWith(root) || (Files.exists(file) && !file.toRealPath().startsWith(root))) {
                return HttpResponse.text(403, "forbidden\n");  // out of the root, by name or by a link
            }
            if (Files.isDirectory(file)) {
                if (!path.endsWith("/")) {
                    return HttpResponse.builder(301).header("Location", path + "/")
                            .body("moved\n".getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8").build();
                }
                file = file.resolve("index.html");
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
                return HttpResponse.text(404, "not found: " + path + "\n");
            }
            if (!Files.isReadable(file)) {
                return HttpResponse.text(403, "forbidden\n");
            }
            if (Files.size(file) > MAX_FILE) {
                return HttpResponse.text(500, "file too large for this example server\n");
            }
            Instant modified = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS);
            String lastModified = HTTP_DATE.format(modified);
            Optional<String> since = request.headers().first("If-Modified-Since");
            if (since.isPresent()) {
                try {
                    if (!modified.isAfter(ZonedDateTime.parse(since.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())) {
                        return HttpResponse.builder(304).header("Last-Modified", lastModified).build();
                    }
                } catch (DateTimeParseException e) {
                    // not a date: answered in full
                }
            }
            return HttpResponse.builder(200).header("Last-Modified", lastModified)
                    .body(Files.readAllBytes(file), contentType(file)).build();
        } catch (IOException e) {
            return HttpResponse.text(404, "not found: " + path + "\n");
        }
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
