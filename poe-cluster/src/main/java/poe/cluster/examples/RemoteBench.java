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
 * event bus {@code send} and {@code request}/{@code reply} on the same cluster, same run,
 * in alternate rounds (the first third warm-up). {@code RemoteBench [posts] [calls] [rounds] [select|colocated]}
 * (colocated: each kernel runs on its node's clustered Vert.x, {@code VertxLoop});
 * starts the peer JVM itself. The benchmarks module runs {@link #measure} in its suite.
 *
 * <pre>{@code
 * RemoteBench.Result r = RemoteBench.measure(20_000, 2_000, 6, false);   // true: kernels on the cluster's Vert.x
 * System.out.println(r.postRatio() + " " + r.p50Ratio() + " " + r.p99Ratio());
 * }</pre>
 */
public final class RemoteBench {

    private static final String CLUSTER = "poe-remote-bench";

    /**
     * One run's figures, over the measured rounds.
     *
     * @param poePosts  median one-way posts/s through {@code ClusterNode.post}
     * @param rawPosts  median sends/s through the raw event bus
     * @param postRatio median of the per-round ratios (POE / raw)
     * @param poeP50    median call round trip through {@code ClusterNode.call}, microseconds
     * @param poeP99    its 99th percentile
     * @param rawP50    median raw {@code request}/{@code reply} round trip, microseconds
     * @param rawP99    its 99th percentile
     * @param rounds    measured rounds
     * @param hopP50    median of a hand-off from the kernel's thread to a Vert.x event loop and
     *                  back, in this JVM, microseconds: a call makes one at each end that raw
     *                  request/reply does not
     */
    public record Result(double poePosts, double rawPosts, double postRatio, double poeP50, double poeP99,
                         double rawP50, double rawP99, int rounds, double hopP50) {

        /** POE's median round trip over raw's. */
        public double p50Ratio() {
            return poeP50 / rawP50;
        }

        /** POE's 99th percentile round trip over raw's. */
        public double p99Ratio() {
            return poeP99 / rawP99;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("peer")) {
            peer(Integer.parseInt(args[1]), args[2], args.length > 3 && args[3].equals("colocated"));
            return;
        }
        int posts = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean colocated = args.length > 3 && args[3].equals("colocated");
        System.out.println(measure(posts, calls, rounds, colocated));
        System.exit(0);
    }

    /**
     * Starts the peer JVM, joins it in a cluster of two on loopback, measures, and leaves.
     *
     * @param posts  one-way posts (and raw sends) per round
     * @param calls  sequential calls (and raw requests) per round
     * @param rounds rounds, at least 3; the first third are warm-up
     * @return the figures of the measured rounds
     * @throws Exception if the cluster does not form or a round does not finish
     */
    public static Result measure(int posts, int calls, int rounds, boolean colocated) throws Exception {
        if (rounds < 3) {
            throw new IllegalArgumentException("rounds must be at least 3 (a third are warm-up), got " + rounds);
        }
        System.setProperty("hazelcast.logging.type", System.getProperty("hazelcast.logging.type", "none"));
        int[] ports = {freePort(), freePort()};
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process peer = new ProcessBuilder(java, "-Xmx512m", "-Dhazelcast.logging.type=none", "-cp", classPath(),
                RemoteBench.class.getName(), "peer", Integer.toString(ports[1]), members,
                colocated ? "colocated" : "select").inheritIO().start();
        try {
            return run(ports[0], members, posts, calls, rounds, colocated);
        } finally {
            peer.destroyForcibly();
            peer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static void peer(int port, String members, boolean colocated) {
        ClusterConfig config = ClusterConfig.of("peer", CLUSTER, "127.0.0.1", port, List.of(members.split(",")));
        Kernel[] made = {null};
        ClusterNode node = join(config, colocated, made);
        Kernel kernel = made[0];
        EventBus eb = node.vertx().eventBus();
        int[] rawCount = {0};
        rawContext(node, kernel).runOnContext(v -> {
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

    /**
     * Where the raw event bus runs: colocated, on the kernel's own context, so that raw and POE
     * use the same event loop and differ only by the layer (Vert.x spreads contexts over its
     * event loops, and whether one shares a loop with the connection to the peer changes the
     * figures by more than the layer does); otherwise on a context Vert.x picks.
     */
    private static Context rawContext(ClusterNode node, Kernel kernel) {
        return kernel.loop() instanceof poe.loop.vertx.VertxLoop loop ? loop.context()
                : node.vertx().getOrCreateContext();
    }

    /** A kernel and its node: on the select loop, or (colocated) on the cluster's own Vert.x. */
    private static ClusterNode join(ClusterConfig config, boolean colocated, Kernel[] kernel) {
        if (!colocated) {
            kernel[0] = Kernel.create("select");
            return ClusterNode.join(kernel[0], config);
        }
        io.vertx.core.Vertx vertx = ClusterNode.clusteredVertx(config);
        kernel[0] = Kernel.create(poe.loop.vertx.VertxLoop.create(vertx));
        return ClusterNode.join(kernel[0], config, vertx);
    }

    static Result run(int port, String members, int posts, int calls, int rounds, boolean colocated)
            throws Exception {
        CompletableFuture<Void> up = new CompletableFuture<>();
        Kernel[] kernel = new Kernel[1];
        ClusterNode[] node = new ClusterNode[1];
        Session[] driver = new Session[1];
        Consumer<Object[]>[] onEvent = newArray();
        Thread t = new Thread(() -> {
            node[0] = join(ClusterConfig.of("bench", CLUSTER, "127.0.0.1", port, List.of(members.split(","))),
                    colocated, kernel);
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
        try {
            return rounds(node[0], kernel[0], driver[0], onEvent, posts, calls, rounds);
        } finally {
            node[0].close();
            kernel[0].stop();
        }
    }

    private static Result rounds(ClusterNode n, Kernel k, Session d, Consumer<Object[]>[] onEvent, int posts,
                                 int calls, int rounds) throws Exception {
        Kernel[] kernel = {k};
        Session[] driver = {d};
        EventBus eb = n.vertx().eventBus();
        Context ctx = rawContext(n, k);
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
        System.out.println("round  poe-posts/s  raw-posts/s  ratio  | poe-call p50/p99 us  raw p50/p99 us"
                + "  | kernel-vertx-kernel p50 us");
        int from = rounds / 3;
        double[] poeRates = new double[rounds - from];
        double[] rawRates = new double[rounds - from];
        double[] ratios = new double[rounds - from];
        long[] poeAll = new long[(rounds - from) * calls];
        long[] rawAll = new long[(rounds - from) * calls];
        double[] hops = new double[rounds - from];
        for (int r = 0; r < rounds; r++) {
            boolean rawFirst = r % 2 == 1;               // alternate who goes first
            double rawRate = rawFirst ? rawPosts(ctx, eb, rawDone, posts) : 0;
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
            if (!rawFirst) {
                rawRate = rawPosts(ctx, eb, rawDone, posts);
            }
            // remote-call: in the posts' order (alternate who goes first), after a pause, so that neither
            // starts in the wake of the post bursts (their receipts, collections and compilations)
            Thread.sleep(SETTLE_MS);
            long[] rawLat = new long[calls];
            if (rawFirst) {
                rawCalls(ctx, eb, rawLat);
            }
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
            if (!rawFirst) {
                rawCalls(ctx, eb, rawLat);
            }
            // the hand-off a call makes at each end: the kernel's thread to a Vert.x event loop and back
            long[] hopLat = new long[calls];
            CompletableFuture<Void> hopsDone = new CompletableFuture<>();
            int[] h = {0};
            long[] hopStart = {0};
            Consumer<EventContext>[] hop = newHop();
            hop[0] = ev -> {
                if (h[0] > 0 || hopStart[0] != 0) {
                    hopLat[h[0]++] = System.nanoTime() - hopStart[0];
                }
                if (h[0] == calls) {
                    hopsDone.complete(null);
                    return;
                }
                hopStart[0] = System.nanoTime();
                ctx.runOnContext(v -> kernel[0].post(driver[0], "run", hop[0]));
            };
            kernel[0].post(driver[0], "run", hop[0]);
            hopsDone.get(300, TimeUnit.SECONDS);
            Arrays.sort(hopLat);
            if (r >= from) {
                hops[r - from] = hopLat[calls / 2] / 1e3;
            }
            Arrays.sort(poeLat);
            Arrays.sort(rawLat);
            System.out.printf("%5d  %11.0f  %11.0f  %5.2f  | %8d / %-8d     %6d / %-6d  | %8d%n", r, poeRate,
                    rawRate, poeRate / rawRate, poeLat[calls / 2] / 1000, poeLat[calls * 99 / 100] / 1000,
                    rawLat[calls / 2] / 1000, rawLat[calls * 99 / 100] / 1000, hopLat[calls / 2] / 1000);
            if (r >= from) {
                int m = r - from;
                poeRates[m] = poeRate;
                rawRates[m] = rawRate;
                ratios[m] = poeRate / rawRate;
                System.arraycopy(poeLat, 0, poeAll, m * calls, calls);
                System.arraycopy(rawLat, 0, rawAll, m * calls, calls);
            }
        }
        Arrays.sort(poeRates);
        Arrays.sort(rawRates);
        Arrays.sort(ratios);
        Arrays.sort(poeAll);
        Arrays.sort(rawAll);
        Arrays.sort(hops);
        return new Result(poeRates[poeRates.length / 2], rawRates[rawRates.length / 2], ratios[ratios.length / 2],
                poeAll[poeAll.length / 2] / 1e3, poeAll[poeAll.length * 99 / 100] / 1e3,
                rawAll[rawAll.length / 2] / 1e3, rawAll[rawAll.length * 99 / 100] / 1e3, ratios.length,
                hops[hops.length / 2]);
    }

    /** Sequential raw request/replies on {@code ctx}, their round trips in {@code lat}. */
    private static void rawCalls(Context ctx, EventBus eb, long[] lat) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ctx.runOnContext(v -> rawCall(eb, lat, 0, done));
        done.get(300, TimeUnit.SECONDS);
    }

    /** The pause between the post phase of a round and its call phase. */
    private static final long SETTLE_MS = 250;

    private static double rawPosts(Context ctx, EventBus eb, CompletableFuture<?>[] rawDone, int posts)
            throws Exception {
        rawDone[0] = new CompletableFuture<Void>();
        long t1 = System.nanoTime();
        ctx.runOnContext(v -> {
            for (int i = 0; i < posts; i++) {
                eb.send("raw.sink", Buffer.buffer().appendInt(posts));
            }
        });
        rawDone[0].get(300, TimeUnit.SECONDS);
        return posts / ((System.nanoTime() - t1) / 1e9);
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
    private static Consumer<EventContext>[] newHop() {
        return (Consumer<EventContext>[]) new Consumer<?>[1];
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
