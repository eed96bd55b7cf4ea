package poe.cluster.examples;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.cluster.ClusterConfig;
import poe.cluster.ClusterNode;

/**
 * remote-post and remote-call between two JVMs on loopback: ClusterNode against raw Vert.x
 * event bus {@code send} and {@code request}/{@code reply} on the same cluster, same run.
 * {@code RemoteBench [posts] [calls] [rounds]}; starts the peer JVM itself.
 */
public final class RemoteBench {

    private static final String CLUSTER = "poe-remote-bench";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("peer")) {
            peer(Integer.parseInt(args[1]), args[2]);
            return;
        }
        int posts = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int[] ports = {freePort(), freePort()};
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process peer = new ProcessBuilder(java, "-Xmx512m", "-Dhazelcast.logging.type=none", "-cp", classPath(),
                RemoteBench.class.getName(), "peer", Integer.toString(ports[1]), members).inheritIO().start();
        try {
            run(ports[0], members, posts, calls, rounds);
        } finally {
            peer.destroyForcibly();
        }
        System.exit(0);
    }

    static void peer(int port, String members) {
        Kernel kernel = Kernel.create();
        ClusterNode node = ClusterNode.join(kernel, ClusterConfig.of("peer", CLUSTER, "127.0.0.1", port,
                List.of(members.split(","))));
        EventBus eb = node.vertx().eventBus();
        int[] rawCount = {0};
        node.vertx().getOrCreateContext().runOnContext(v -> {
            eb.<Buffer>consumer("raw.sink", m -> {
                int n = m.body().getInt(0);
                if (++rawCount[0] == n) {
                    rawCount[0] = 0;
                    eb.send("raw.done", Buffer.buffer().appendInt(n));
                }
            });
            eb.<Buffer>consumer("raw.echo", m -> m.reply(m.body()));
        });
        int[] count = {0};
        Session.builder()
                .on("_start", ev -> node.publish("sink"))
                .on("item", ev -> {
                    int n = ev.arg(0);
                    if (++count[0] == n) {
                        count[0] = 0;
                        node.post("bench", "done", n);
                    }
                })
                .onValue("echo", ev -> ev.arg(0))
                .create(kernel);
        kernel.run();
    }

    static void run(int port, String members, int posts, int calls, int rounds) throws Exception {
        CompletableFuture<Void> up = new CompletableFuture<>();
        Kernel[] kernel = new Kernel[1];
        ClusterNode[] node = new ClusterNode[1];
        Session[] driver = new Session[1];
        Consumer<Object[]>[] onEvent = newArray();
        Thread t = new Thread(() -> {
            kernel[0] = Kernel.create();
            node[0] = ClusterNode.join(kernel[0], ClusterConfig.of("bench", CLUSTER, "127.0.0.1", port,
                    List.of(members.split(","))));
            driver[0] = Session.builder()
                    .on("_start", ev -> node[0].publish("bench"))
                    .on("run", ev -> ev.<Consumer<EventContext>>arg(0).accept(ev))
                    .on(ClusterNode.PUBLISHED, ev -> up.complete(null))
                    .on("done", ev -> onEvent[0].accept(new Object[] {"done"}))
                    .on("reply", ev -> onEvent[0].accept(new Object[] {"reply", ev.arg(0)}))
                    .on("cluster_error", ev -> System.err.println("bench: " + ev.arg(0)))
                    .create(kernel[0]);
            kernel[0].run();
        }, "bench-kernel");
        t.setDaemon(true);
        t.start();
        up.get(120, TimeUnit.SECONDS);
        ClusterNode n = node[0];
        EventBus eb = n.vertx().eventBus();
        Context ctx = n.vertx().getOrCreateContext();
        CompletableFuture<Void> rawReady = new CompletableFuture<>();
        CompletableFuture<?>[] rawDone = {new CompletableFuture<Void>()};
        ctx.runOnContext(v -> eb.<Buffer>consumer("raw.done", m -> rawDone[0].complete(null)).completion()
                .onComplete(ar -> rawReady.complete(null)));
        rawReady.get(60, TimeUnit.SECONDS);
        // wait until the peer's names and consumers are reachable
        while (true) {
            CompletableFuture<Boolean> ok = new CompletableFuture<>();
            ctx.runOnContext(v -> eb.request("raw.echo", Buffer.buffer().appendInt(0))
                    .onComplete(ar -> ok.complete(ar.succeeded())));
            if (ok.get(30, TimeUnit.SECONDS)) {
                break;
            }
            Thread.sleep(500);
        }
        Thread.sleep(3000);
        System.out.println("round  poe-posts/s  raw-posts/s  ratio  | poe-call p50/p99 us  raw p50/p99 us");
        for (int r = 0; r < rounds; r++) {
            // remote-post, POE
            CompletableFuture<Void> done = new CompletableFuture<>();
            onEvent[0] = e -> done.complete(null);
            long t0 = System.nanoTime();
            kernel[0].post(driver[0], "run", (Consumer<EventContext>) ev -> {
                for (int i = 0; i < posts; i++) {
                    n.post("sink", "item", posts);
                }
            });
            done.get(300, TimeUnit.SECONDS);
            double poeRate = posts / ((System.nanoTime() - t0) / 1e9);
            // remote-post, raw
            rawDone[0] = new CompletableFuture<Void>();
            long t1 = System.nanoTime();
            ctx.runOnContext(v -> {
                for (int i = 0; i < posts; i++) {
                    eb.send("raw.sink", Buffer.buffer().appendInt(posts));
                }
            });
            rawDone[0].get(300, TimeUnit.SECONDS);
            double rawRate = posts / ((System.nanoTime() - t1) / 1e9);
            // remote-call, POE: sequential round trips
            long[] poeLat = new long[calls];
            CompletableFuture<Void> callsDone = new CompletableFuture<>();
            int[] i = {0};
            long[] start = {0};
            onEvent[0] = e -> {
                poeLat[i[0]++] = System.nanoTime() - start[0];
                if (i[0] == calls) {
                    callsDone.complete(null);
                } else {
                    start[0] = System.nanoTime();
                    n.call("sink", "echo", "reply", i[0]);
                }
            };
            kernel[0].post(driver[0], "run", (Consumer<EventContext>) ev -> {
                start[0] = System.nanoTime();
                n.call("sink", "echo", "reply", 0);
            });
            callsDone.get(300, TimeUnit.SECONDS);
            // remote-call, raw
            long[] rawLat = new long[calls];
            CompletableFuture<Void> rawCalls = new CompletableFuture<>();
            ctx.runOnContext(v -> rawCall(eb, rawLat, 0, rawCalls));
            rawCalls.get(300, TimeUnit.SECONDS);
            Arrays.sort(poeLat);
            Arrays.sort(rawLat);
            System.out.printf("%5d  %11.0f  %11.0f  %5.2f  | %8d / %-8d     %6d / %-6d%n", r, poeRate, rawRate,
                    poeRate / rawRate, poeLat[calls / 2] / 1000, poeLat[calls * 99 / 100] / 1000,
                    rawLat[calls / 2] / 1000, rawLat[calls * 99 / 100] / 1000);
        }
    }

    private static void rawCall(EventBus eb, long[] lat, int i, CompletableFuture<Void> done) {
        long s = System.nanoTime();
        eb.request("raw.echo", Buffer.buffer().appendInt(i)).onComplete(ar -> {
            lat[i] = System.nanoTime() - s;
            if (i + 1 == lat.length) {
                done.complete(null);
            } else {
                rawCall(eb, lat, i + 1, done);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Consumer<Object[]>[] newArray() {
        return (Consumer<Object[]>[]) new Consumer<?>[1];
    }

    private static String classPath() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl instanceof URLClassLoader u) {
            List<String> paths = new ArrayList<>();
            for (URL url : u.getURLs()) {
                try {
                    paths.add(new File(url.toURI()).getPath());
                } catch (Exception e) {
                    paths.add(url.getPath());
                }
            }
            return String.join(File.pathSeparator, paths);
        }
        return System.getProperty("java.class.path");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private RemoteBench() {
    }
}
