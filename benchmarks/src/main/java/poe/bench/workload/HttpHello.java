package poe.bench.workload;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import poe.Kernel;
import poe.component.TcpServer;
import poe.filter.Httpd;
import poe.filter.http.HttpMessage;
import poe.filter.http.HttpRequest;
import poe.filter.http.HttpResponse;

/**
 * A hello-world HTTP server as a POE program writes one: a {@link TcpServer} whose clients
 * read through the {@link Httpd} filter; each request is answered with a small fixed body
 * ({@link HttpResponse#text}: Content-Type and Content-Length), keep-alive as the request
 * asks; a request the filter rejects gets its error response and the connection is shut
 * down. Loaded by {@link HttpLoad} (keep-alive GETs, every response checked). Rated as
 * requests per second.
 *
 * <pre>{@code
 * new HttpHello(64, 16_000)
 * }</pre>
 */
public final class HttpHello implements KernelWorkload {

    private static final String BODY = new String(HttpLoad.BODY, StandardCharsets.US_ASCII);

    private final int connections;
    private final int requests;
    private HttpLoad client;
    private long answered;
    private long rejected;
    private int disconnected;

    /**
     * @param connections keep-alive connections
     * @param requests    requests in all (a multiple of {@code connections})
     */
    public HttpHello(int connections, int requests) {
        this.connections = connections;
        this.requests = requests;
    }

    @Override
    public String name() {
        return "http-hello";
    }

    @Override
    public long ops() {
        return requests;
    }

    @Override
    public void start(Kernel kernel) {
        TcpServer[] server = new TcpServer[1];
        server[0] = TcpServer.builder()
                .address(InetAddress.getLoopbackAddress().getHostAddress())
                .port(0)
                .listenQueue(1024)
                .clientFilter(Httpd::create)
                .clientInput(ev -> {
                    TcpServer.Client c = TcpServer.client(ev);
                    HttpMessage m = ev.arg(TcpServer.ARG_INPUT);
                    if (m instanceof HttpRequest request) {
                        c.put(HttpResponse.text(200, BODY));
                        answered++;
                        if (!request.keepAlive()) {
                            c.shutdown();
                        }
                    } else {
                        c.put(m);   // the filter's 4xx/5xx: send it, then close
                        rejected++;
                        c.shutdown();
                    }
                })
                .clientDisconnected(ev -> {
                    if (++disconnected == connections) {
                        server[0].shutdown();
                    }
                })
                .create(kernel);
        client = new HttpLoad(new InetSocketAddress(InetAddress.getLoopbackAddress(), server[0].port()), connections,
                requests, HttpLoad.BODY);
        client.start();
    }

    /** Requests the server answered with 200 (after the run). */
    public long answered() {
        return answered;
    }

    @Override
    public void verify() {
        if (client == null) {
            throw new IllegalStateException("http-hello: the server never started");
        }
        KernelWorkload.expect("responses (client, complete and checked)", requests, client.await(60));
        KernelWorkload.expect("requests answered (server)", requests, answered);
        KernelWorkload.expect("requests rejected by the filter", 0, rejected);
        KernelWorkload.expect("clients disconnected", connections, disconnected);
    }
}
