package poe.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;

import poe.bench.baseline.NettyPeer;
import poe.bench.loop.LoopDriver;
import poe.bench.workload.CrossThreadPost;
import poe.bench.workload.KernelWorkload;
import poe.bench.workload.PingPong;
import poe.bench.workload.YieldChain;

/**
 * The kernel and Netty on one dispatch workload, in alternate rounds of one JVM: each round
 * runs both once, back to back, and yields one ratio. On a shared machine the speed of both
 * drifts by up to 2x within a minute; a ratio per round cancels that drift, where two JMH
 * runs a minute apart do not. The first third of the rounds is warm-up.
 *
 * <pre>{@code
 * try (LoopDriver select = LoopDrivers.open("select"); NettyPeer netty = new NettyPeer()) {
 *     HeadToHead.Result r = HeadToHead.yieldChain(select, netty, 60);
 *     System.out.println(r.ratioMedian());
 * }
 * }</pre>
 */
public final class HeadToHead {

    /**
     * One workload's figures.
     *
     * @param workload     e.g. {@code yield-chain}
     * @param loop         the kernel's loop
     * @param kernelMedian the kernel's median events/s over the measured rounds
     * @param nettyMedian  Netty's median events/s over the same rounds
     * @param ratioP25     first quartile of the per-round ratios (kernel / Netty)
     * @param ratioMedian  their median
     * @param ratioP75     their third quartile
     * @param rounds       measured rounds
     */
    public record Result(String workload, String loop, double kernelMedian, double nettyMedian, double ratioP25,
                         double ratioMedian, double ratioP75, int rounds) {
    }

    private HeadToHead() {
    }

    /** Rounds of {@link YieldChain} against Netty's {@code execute} chain, 1M events each. */
    public static Result yieldChain(LoopDriver driver, NettyPeer netty, int rounds) {
        return run("yield-chain", driver, YieldChain::new, netty::executeChain, Sizes.EVENTS, rounds);
    }

    /** Rounds of {@link PingPong} against Netty's two alternating tasks, 1M events each. */
    public static Result pingPong(LoopDriver driver, NettyPeer netty, int rounds) {
        return run("ping-pong", driver, PingPong::new, netty::pingPong, Sizes.EVENTS, rounds);
    }

    /**
     * Rounds of {@link CrossThreadPost} against Netty's {@code execute} from the same
     * {@link Sizes#PRODUCERS} producer threads, 1M events each.
     */
    public static Result crossThreadPost(LoopDriver driver, NettyPeer netty, ExecutorService producers, int rounds) {
        return run("cross-thread-post", driver, n -> new CrossThreadPost(n, Sizes.PRODUCERS, producers),
                n -> netty.crossThread(n, Sizes.PRODUCERS, producers), Sizes.EVENTS, rounds);
    }

    static Result run(String workload, LoopDriver driver, IntFunction<KernelWorkload> kernel,
                      IntToLongFunction peer, int events, int rounds) {
        return measure(workload, driver, kernel, peer, events, rounds).summary();
    }

    /** The measured (post-warm-up) rounds of one run: events/s of the kernel and of the peer, round by round. */
    record Rounds(String workload, String loop, double[] kernel, double[] peer) {

        /** These rounds followed by {@code more}'s (runs of the same workload in other JVMs). */
        Rounds and(Rounds more) {
            double[] k = Arrays.copyOf(kernel, kernel.length + more.kernel.length);
            double[] p = Arrays.copyOf(peer, peer.length + more.peer.length);
            System.arraycopy(more.kernel, 0, k, kernel.length, more.kernel.length);
            System.arraycopy(more.peer, 0, p, peer.length, more.peer.length);
            return new Rounds(workload, loop, k, p);
        }

        Result summary() {
            double[] ratios = new double[kernel.length];
            for (int r = 0; r < ratios.length; r++) {
                ratios[r] = kernel[r] / peer[r];
            }
            Arrays.sort(ratios);
            return new Result(workload, loop, median(kernel), median(peer), quantile(ratios, 0.25),
                    quantile(ratios, 0.5), quantile(ratios, 0.75), ratios.length);
        }
    }

    private static Rounds measure(String workload, LoopDriver driver, IntFunction<KernelWorkload> kernel,
                                  IntToLongFunction peer, int events, int rounds) {
        if (rounds < 3) {
            throw new IllegalArgumentException("rounds must be at least 3 (a third are warm-up), got " + rounds);
        }
        double[] k = new double[rounds];
        double[] p = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // alternate who goes first, so neither always runs right after the other's garbage
            if (r % 2 == 0) {
                k[r] = timeKernel(driver, kernel.apply(events));
                p[r] = timePeer(peer, events);
            } else {
                p[r] = timePeer(peer, events);
                k[r] = timeKernel(driver, kernel.apply(events));
            }
        }
        int from = rounds / 3;
        return new Rounds(workload, driver.loop(), Arrays.copyOfRange(k, from, rounds), Arrays.copyOfRange(p, from, rounds));
    }

    private static double timeKernel(LoopDriver driver, KernelWorkload w) {
        long t0 = System.nanoTime();
        driver.run(w);
        return w.ops() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double timePeer(IntToLongFunction peer, int events) {
        long t0 = System.nanoTime();
        long done = peer.applyAsLong(events);
        long t = System.nanoTime() - t0;
        if (done != events) {
            throw new IllegalStateException("the peer ran " + done + " of " + events + " events");
        }
        return events / (t / 1e9);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return quantile(v, 0.5);
    }

    /** Nearest-rank quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    /** The line a forked run prints its rounds on, after this prefix. */
    private static final String RESULT_PREFIX = "head-to-head result: ";
    private static final long FORK_TIMEOUT_SECONDS = 300;

    /**
     * Runs one workload on the select loop against Netty in {@code forks} new JVMs, one
     * after the other (this one's Java and class path, with {@code jvmArgs}), and sums up
     * their measured rounds together: like JMH's forks, several JVMs average out how C2
     * happened to compile each one (single JVMs of one build differ by up to 30%).
     *
     * @param workload {@code yield-chain}, {@code ping-pong} or {@code cross-thread-post}
     * @param rounds   rounds per JVM, a third of them warm-up
     * @param forks    how many JVMs, at least 1
     * @param jvmArgs  options for the forked JVMs, e.g. the heap JMH's forks get
     * @return the pooled figures
     * @throws IOException if a JVM cannot be started, fails, or prints no result
     */
    static Result forked(String workload, int rounds, int forks, List<String> jvmArgs) throws IOException {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1, got " + forks);
        }
        Rounds all = null;
        for (int f = 0; f < forks; f++) {
            Rounds one = fork(workload, rounds, jvmArgs);
            all = all == null ? one : all.and(one);
        }
        return all.summary();
    }

    private static Rounds fork(String workload, int rounds, List<String> jvmArgs) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HeadToHead.class.getName(), workload,
                Integer.toString(rounds)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Rounds result = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(RESULT_PREFIX)) {
                    result = parse(line.substring(RESULT_PREFIX.length()));
                } else {
                    output.add(line);
                }
            }
        }
        try {
            if (!p.waitFor(FORK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("the forked head-to-head run of " + workload + " did not end");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the forked head-to-head run", e);
        }
        if (p.exitValue() != 0 || result == null) {
            throw new IOException("the forked head-to-head run of " + workload + " failed (exit " + p.exitValue()
                    + "): " + String.join(" | ", output));
        }
        return result;
    }

    /** {@code workload loop k1,k2,...|p1,p2,...}: the measured rounds, events/s. */
    static String format(Rounds r) {
        return r.workload() + " " + r.loop() + " " + join(r.kernel()) + "|" + join(r.peer());
    }

    private static String join(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", v));
        }
        return b.toString();
    }

    static Rounds parse(String line) {
        String[] f = line.trim().split(" ");
        String[] sides = f.length == 3 ? f[2].split("\\|") : new String[0];
        if (sides.length != 2) {
            throw new IllegalArgumentException("not a head-to-head result: '" + line + "'");
        }
        double[] k = Arrays.stream(sides[0].split(",")).mapToDouble(Double::parseDouble).toArray();
        double[] p = Arrays.stream(sides[1].split(",")).mapToDouble(Double::parseDouble).toArray();
        if (k.length != p.length) {
            throw new IllegalArgumentException("kernel and peer rounds differ in number: '" + line + "'");
        }
        return new Rounds(f[0], f[1], k, p);
    }

    /**
     * The forked side of {@link #forked}: {@code HeadToHead WORKLOAD ROUNDS} runs the workload
     * and prints its result on one line.
     *
     * @param args the workload ({@code yield-chain}, {@code ping-pong} or {@code cross-thread-post}) and the rounds
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: HeadToHead yield-chain|ping-pong|cross-thread-post ROUNDS");
            System.exit(2);
        }
        int rounds = Integer.parseInt(args[1]);
        ExecutorService producers = java.util.concurrent.Executors.newFixedThreadPool(Sizes.PRODUCERS);
        try (LoopDriver driver = poe.bench.loop.LoopDrivers.open("select"); NettyPeer netty = new NettyPeer()) {
            Rounds r = switch (args[0]) {
                case "yield-chain" -> measure("yield-chain", driver, YieldChain::new, netty::executeChain, Sizes.EVENTS,
                        rounds);
                case "ping-pong" -> measure("ping-pong", driver, PingPong::new, netty::pingPong, Sizes.EVENTS, rounds);
                case "cross-thread-post" -> measure("cross-thread-post", driver,
                        n -> new CrossThreadPost(n, Sizes.PRODUCERS, producers),
                        n -> netty.crossThread(n, Sizes.PRODUCERS, producers), Sizes.EVENTS, rounds);
                default -> throw new IllegalArgumentException("unknown workload '" + args[0]
                        + "': yield-chain, ping-pong or cross-thread-post");
            };
            System.out.println(RESULT_PREFIX + format(r));
        } finally {
            producers.shutdownNow();
        }
    }
}
