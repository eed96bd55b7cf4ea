package poe.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import poe.bench.jmh.ComponentBench;
import poe.bench.jmh.KernelBench;
import poe.bench.jmh.NettyBench;
import poe.bench.jmh.PlainBench;
import poe.bench.jmh.StpeBench;
import poe.bench.jmh.VertxBench;
import poe.bench.jmh.WheelBench;
import poe.bench.loop.LoopDriver;
import poe.bench.loop.LoopDrivers;

/**
 * The one command: runs every benchmark on every loop found, with the baselines, in one
 * run; prints the table and writes it as JSON beside the jar ({@code benchmarks/target/}).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar quick                 # a few minutes
 * java -jar benchmarks/target/benchmarks.jar full                  # JMH's longer settings
 * java -jar benchmarks/target/benchmarks.jar quick --include Kernel --loops select
 * java -jar benchmarks/target/benchmarks.jar -h                    # anything else: JMH's own command line
 * }</pre>
 */
public final class BenchMain {

    /** Heap options of every benchmark JVM (JMH's forks and the head-to-head's). */
    private static final String[] FORK_HEAP = {"-Xms2g", "-Xmx2g"};


    private static final String ALL = "poe\\.bench\\.jmh\\..*";

    /** The names --include matches to run the probes outside JMH (group-scaling, remote-post/call). */
    private static final String GROUP_SCALING = "poe.bench.jmh.GroupScaling.groupScaling";
    private static final String REMOTE = "poe.bench.jmh.Remote.remotePost.remoteCall";

    /** One-way posts and sequential calls per round of remote-post / remote-call. */
    static final int REMOTE_POSTS = 20_000;
    static final int REMOTE_CALLS = 2_000;

    private static final List<Class<?>> BENCHMARKS = List.of(KernelBench.class, ComponentBench.class,
            PlainBench.class, NettyBench.class, VertxBench.class, StpeBench.class, WheelBench.class);

    private BenchMain() {
    }

    /**
     * @param args {@code quick} or {@code full} with options, or JMH's arguments
     * @throws Exception if JMH fails to run
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("quick") || args[0].equals("full"))) {
            System.exit(suite(args[0], Arrays.copyOfRange(args, 1, args.length)));
        }
        org.openjdk.jmh.Main.main(args);
    }

    private static int suite(String mode, String[] args) throws RunnerException, IOException {
        String include = ALL;
        List<String> loops = LoopDrivers.available();
        boolean memory = true;
        int rounds = mode.equals("quick") ? 30 : 60;
        Path out = defaultOutputDir();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--include" -> include = "poe\\.bench\\.jmh\\..*(" + value(args, ++i, "--include") + ").*";
                case "--loops" -> loops = List.of(value(args, ++i, "--loops").split(","));
                case "--no-memory" -> memory = false;
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, "--rounds"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                default -> {
                    System.err.println("unknown option '" + args[i] + "'; options: --include REGEX, --loops a,b,"
                            + " --no-memory, --rounds N (head-to-head rounds per JVM, 0 for none), --out DIR");
                    return 2;
                }
            }
        }
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, String> e : LoopDrivers.unavailable().entrySet()) {
            notes.add("loop '" + e.getKey() + "' skipped: " + e.getValue());
        }
        System.out.println("poe benchmarks (" + mode + "): loops " + loops + "; JMH progress follows");
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .param("loop", loops.toArray(new String[0]))
                .shouldFailOnError(false);
        if (mode.equals("quick")) {
            // one JVM per benchmark as always; short iterations (each workload run loops
            // millions of times, so C2 has compiled it within the warm-up). Two measured
            // iterations: a workload run of a second or more (1M timers, TCP echo) fills
            // an iteration on its own, and a third kept the suite over five minutes.
            options.forks(1)
                    .warmupIterations(1)
                    .warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(2)
                    .measurementTime(TimeValue.milliseconds(300));
        }
        // --include may name only the probes outside JMH (group-scaling, remote): then JMH has nothing to run
        Collection<RunResult> results = anyBenchmark(include) ? new Runner(options.build()).run() : List.of();

        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            rows.add(toRow(r));
        }
        for (String missing : missing(include, loops, rows)) {
            notes.add("no result for " + missing + " (it failed; see the JMH output above)");
        }
        List<HeadToHead.Result> headToHead = new ArrayList<>();
        if (rounds > 0 && include.equals(ALL) && loops.contains("select")) {
            // the Netty criterion, judged on ratios taken in alternate rounds of one JVM
            int forks = mode.equals("quick") ? 3 : 5;
            System.out.println("head to head with Netty: " + rounds + " alternate rounds in each of " + forks
                    + " JVMs per workload");
            for (String workload : List.of("yield-chain", "ping-pong", "cross-thread-post")) {
                try {
                    headToHead.add(HeadToHead.forked(workload, rounds, forks, List.of(FORK_HEAP)));
                } catch (IOException | RuntimeException e) {
                    notes.add("head-to-head with Netty on " + workload + " failed: " + e.getMessage());
                }
            }
        }
        GroupScaling.Result scaling = null;
        if (Pattern.compile(include).matcher(GROUP_SCALING).find()) {
            System.out.println("group-scaling: " + GroupScaling.JOBS + " jobs per round on one kernel and on a group"
                    + " of 2, alternate rounds");
            try {
                scaling = GroupScaling.run(2, GroupScaling.JOBS, GroupScaling.WORK, mode.equals("quick") ? 15 : 30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                notes.add("group-scaling interrupted");
            } catch (RuntimeException e) {
                notes.add("group-scaling failed: " + e);
            }
        }
        poe.cluster.examples.RemoteBench.Result[] remote = new poe.cluster.examples.RemoteBench.Result[2];
        if (Pattern.compile(include).matcher(REMOTE).find()) {
            for (int i = 0; i < 2; i++) {
                boolean colocated = i == 1;
                System.out.println("remote-post, remote-call (" + (colocated ? "colocated: kernels on the cluster's"
                        + " Vert.x" : "select: kernels on select loops") + "): a peer JVM in a cluster of two on"
                        + " loopback, ClusterNode against the raw Vert.x event bus, alternate rounds");
                try {
                    remote[i] = poe.cluster.examples.RemoteBench.measure(REMOTE_POSTS, REMOTE_CALLS,
                            mode.equals("quick") ? 12 : 24, colocated);
                } catch (Exception e) {
                    notes.add("remote-post/remote-call (" + (colocated ? "colocated" : "select") + ") failed: " + e);
                }
            }
        }
        Double tailLatency = null;
        List<MemoryProbe.Measurement> mem = new ArrayList<>();
        if (memory) {
            for (String loop : loops) {
                // the kernel's structures do not depend on the loop: repeat on the first only
                int runs = loop.equals(loops.get(0)) ? 3 : 1;
                try (LoopDriver driver = LoopDrivers.open(loop)) {
                    mem.add(MemoryProbe.idleSessionBytes(driver, 100_000, runs));
                    mem.add(MemoryProbe.idleConnectionBytes(driver, Sizes.IDLE_CONNECTIONS, runs));
                    mem.add(MemoryProbe.pendingTimerBytes(driver, 1_000_000, runs));
                    if (loop.equals("select")) {
                        // the components run on select only (their rows are tcpserver/select)
                        mem.add(MemoryProbe.idleTcpServerClientBytes(driver, Sizes.IDLE_CLIENTS, runs));
                    }
                } catch (RuntimeException e) {
                    notes.add("memory probe on '" + loop + "' failed: " + e);
                }
            }
        }
        if (Pattern.compile(include).matcher(WheelBench.class.getName() + ".tailLines").find()) {
            tailLatency = TailLatencyProbe.run(notes);   // reported, not judged
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (loadBefore >= 0) {
            notes.add(String.format(Locale.ROOT, "system load average %.1f before, %.1f after, on %d cores"
                    + " (other processes make wall-clock ratios noisy)", loadBefore, loadAfter,
                    Runtime.getRuntime().availableProcessors()));
        }
        Report report = new Report(mode, rows, mem, headToHead, notes).withTailLatency(tailLatency)
                .withGroupScaling(scaling).withRemote(remote[0], remote[1]);
        System.out.println();
        System.out.print(report.table());
        Files.createDirectories(out);
        Path json = out.resolve("bench-" + mode + ".json");
        Files.writeString(json, report.json());
        System.out.println("written: " + json.toAbsolutePath().normalize());
        return 0;
    }

    private static boolean anyBenchmark(String include) {
        Pattern pattern = Pattern.compile(include);
        for (Class<?> type : BENCHMARKS) {
            for (Method m : type.getMethods()) {
                if (m.isAnnotationPresent(Benchmark.class) && pattern.matcher(type.getName() + "." + m.getName()).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Benchmarks that were asked for but have no result: JMH leaves failed ones out. */
    private static List<String> missing(String include, List<String> loops, List<Row> rows) {
        Pattern pattern = Pattern.compile(include);
        List<String> out = new ArrayList<>();
        for (Class<?> type : BENCHMARKS) {
            for (Method m : type.getMethods()) {
                String name = type.getName() + "." + m.getName();
                if (!m.isAnnotationPresent(Benchmark.class) || !pattern.matcher(name).find()) {
                    continue;
                }
                String impl = Workloads.IMPL_BY_CLASS.get(type.getSimpleName());
                String workload = Workloads.fromMethod(m.getName());
                List<String> impls = type == KernelBench.class
                        ? loops.stream().map(l -> impl + "/" + l).toList() : List.of(impl);
                for (String i : impls) {
                    if (rows.stream().noneMatch(r -> r.workload().equals(workload) && r.impl().equals(i))) {
                        out.add(workload + " on " + i);
                    }
                }
            }
        }
        return out;
    }

    static Row toRow(RunResult r) {
        BenchmarkParams p = r.getParams();
        String full = p.getBenchmark();
        int dot = full.lastIndexOf('.');
        String method = full.substring(dot + 1);
        String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
        String impl = Workloads.IMPL_BY_CLASS.getOrDefault(cls, cls);
        if (p.getParamsKeys().contains("loop")) {
            impl = impl + "/" + p.getParam("loop");
        }
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult br : r.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
                scores.add(ir.getPrimaryResult().getScore());
            }
        }
        scores.sort(null);
        double median = scores.isEmpty() ? Double.NaN : scores.get(scores.size() / 2);
        if (scores.size() % 2 == 0 && !scores.isEmpty()) {
            median = (scores.get(scores.size() / 2 - 1) + scores.get(scores.size() / 2)) / 2;
        }
        return new Row(Workloads.fromMethod(method), impl, median, scores.isEmpty() ? Double.NaN : scores.get(0),
                scores.isEmpty() ? Double.NaN : scores.get(scores.size() - 1), scores.size());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static Path defaultOutputDir() {
        try {
            Path source = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return source.getParent();   // benchmarks/target, from the jar or from target/classes
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("benchmarks", "target");
        }
    }
}
