package poe.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One run's figures: the table of workloads by implementation with ratios to the plain
 * limit and to the peers, the memory probes, and the targets met or missed. Renders as
 * text and as JSON.
 *
 * <pre>{@code
 * Report report = new Report("quick", rows, memory, headToHead, notes);
 * System.out.println(report.table());
 * Files.writeString(path, report.json());
 * }</pre>
 */
public final class Report {

    private final String mode;
    private final List<Row> rows;
    private final List<MemoryProbe.Measurement> memory;
    private final List<HeadToHead.Result> headToHead;
    private final List<String> notes;
    private Double tailLatencyMs;
    private GroupScaling.Result groupScaling;
    private poe.cluster.examples.RemoteBench.Result remote;
    private poe.cluster.examples.RemoteBench.Result remoteColocated;

    /**
     * @param mode   e.g. {@code quick}
     * @param rows   measured rows, any order
     * @param memory memory probes
     * @param notes  remarks for the reader (skipped loops, failures)
     */
    public Report(String mode, List<Row> rows, List<MemoryProbe.Measurement> memory, List<String> notes) {
        this(mode, rows, memory, List.of(), notes);
    }

    /**
     * @param mode       e.g. {@code quick}
     * @param rows       measured rows, any order
     * @param memory     memory probes
     * @param headToHead the kernel against Netty in alternate rounds of one JVM, if run
     * @param notes      remarks for the reader (skipped loops, failures)
     */
    public Report(String mode, List<Row> rows, List<MemoryProbe.Measurement> memory,
                  List<HeadToHead.Result> headToHead, List<String> notes) {
        this.mode = mode;
        this.rows = sorted(rows);
        this.memory = List.copyOf(memory);
        this.headToHead = List.copyOf(headToHead);
        this.notes = List.copyOf(notes);
    }

    /**
     * Adds the tail-lines latency probe's median (reported, not judged).
     *
     * @param ms median append-to-InputEvent latency in ms, or null if not measured
     * @return this report
     */
    public Report withTailLatency(Double ms) {
        this.tailLatencyMs = ms;
        return this;
    }

    /**
     * Adds group-scaling's figures.
     *
     * @param r the figures, or null if not measured
     * @return this report
     */
    public Report withGroupScaling(GroupScaling.Result r) {
        this.groupScaling = r;
        return this;
    }

    /**
     * Adds remote-post's and remote-call's figures.
     *
     * @param select    the kernels on select loops, or null if not measured
     * @param colocated the kernels on their nodes' clustered Vert.x ({@code VertxLoop}), or null
     * @return this report
     */
    public Report withRemote(poe.cluster.examples.RemoteBench.Result select,
                             poe.cluster.examples.RemoteBench.Result colocated) {
        this.remote = select;
        this.remoteColocated = colocated;
        return this;
    }

    /** The rows in table order: by workload, kernel first (select first), then baselines. */
    public List<Row> rows() {
        return rows;
    }

    private static List<Row> sorted(List<Row> rows) {
        List<Row> out = new ArrayList<>(rows);
        out.sort((a, b) -> {
            int c = Integer.compare(rank(Workloads.ORDER, a.workload()), rank(Workloads.ORDER, b.workload()));
            if (c != 0) {
                return c;
            }
            return Integer.compare(implRank(a), implRank(b));
        });
        return out;
    }

    private static int rank(List<String> order, String s) {
        int i = order.indexOf(s);
        return i < 0 ? order.size() : i;
    }

    private static int implRank(Row r) {
        if (r.isKernel()) {
            return "select".equals(r.loop()) ? 0 : 2;
        }
        if (r.impl().equals(Workloads.TCP_SERVER)) {
            return 1;   // the components beside the wheels' select row
        }
        return 3 + rank(Workloads.BASELINES, r.impl());
    }

    /** The row of a workload on an implementation, if measured. */
    public Optional<Row> find(String workload, String impl) {
        return rows.stream().filter(r -> r.workload().equals(workload) && r.impl().equals(impl)).findFirst();
    }

    /** This row's median over the baseline's median of the same workload, or NaN. */
    public double ratio(Row row, String baseline) {
        if (row.impl().equals(baseline)) {
            return Double.NaN;
        }
        return find(row.workload(), baseline).map(b -> row.median() / b.median()).orElse(Double.NaN);
    }

    /** The targets of the issue, judged on this run (select loop unless said otherwise). */
    public List<Target> targets() {
        List<Target> t = new ArrayList<>();
        for (String w : List.of("yield-chain", "ping-pong")) {
            t.add(ratioTarget(w + ": select / plain", w, "poe/select", "plain", 0.7));
            // ahead of Netty: judged on the per-round ratios when they were taken (two JMH
            // runs a minute apart on a shared machine differ by more than the margin)
            Optional<HeadToHead.Result> h = headToHead.stream()
                    .filter(r -> r.workload().equals(w) && r.loop().equals("select")).findFirst();
            t.add(h.map(r -> new Target(w + ": select / netty, per round", r.ratioMedian(), "> 1",
                            r.ratioMedian() > 1.0))
                    .orElseGet(() -> ratioTarget(w + ": select / netty", w, "poe/select", "netty", 1.0)));
        }
        // producer threads posting into one kernel (issue 19), judged per round as above
        Optional<HeadToHead.Result> cross = headToHead.stream()
                .filter(r -> r.workload().equals("cross-thread-post") && r.loop().equals("select")).findFirst();
        t.add(cross.map(r -> new Target("cross-thread-post: select / netty, per round", r.ratioMedian(), ">= 0.9",
                        r.ratioMedian() >= 0.9))
                .orElseGet(() -> ratioTarget("cross-thread-post: select / netty", "cross-thread-post", "poe/select",
                        "netty", 0.9)));
        Optional<Row> fire = find("timers-fire", "poe/select");
        t.add(fire.map(r -> new Target("timers-fire: 1M set + all fired, seconds", Sizes.TIMERS / r.median(),
                        "<= 1.5", Sizes.TIMERS / r.median() <= 1.5))
                .orElse(Target.missing("timers-fire: 1M set + all fired, seconds", "<= 1.5")));
        t.add(ratioTarget("timers-cancel: select / netty", "timers-cancel", "poe/select", "netty", 2.0));
        Optional<Row> churn = find("session-churn", "poe/select");
        t.add(churn.map(r -> new Target("session-churn: sessions/s", r.median(), ">= 1,000,000",
                        r.median() >= 1_000_000))
                .orElse(Target.missing("session-churn: sessions/s", ">= 1,000,000")));
        for (Row r : rows) {
            if (r.isKernel() && !"select".equals(r.loop())
                    && (r.workload().equals("yield-chain") || r.workload().equals("ping-pong"))) {
                t.add(ratioTarget(r.workload() + ": " + r.loop() + " / select", r.workload(), r.impl(), "poe/select",
                        0.5));
            }
        }
        // line-echo (issue 15): ReadWrite + Line near Netty's line codec, on every loop,
        // with the plain NIO line echo ahead of every server (the client is not the limit)
        t.add(ratioTarget("line-echo: select / netty", "line-echo", "poe/select", "netty", 0.8));
        for (Row r : rows) {
            if (r.isKernel() && !"select".equals(r.loop()) && r.workload().equals("line-echo")) {
                t.add(ratioTarget("line-echo: " + r.loop() + " / select", "line-echo", r.impl(), "poe/select", 0.5));
            }
        }
        t.add(plainAheadOfEveryServer("line-echo"));
        // the network components (issue 17), on select: TcpServer + Line against Netty's
        // line codec, TcpServer + Httpd against Vert.x's HTTP server, accept + close
        // against Netty; the plain NIO servers show the load generators are not the limit
        String tcp = Workloads.TCP_SERVER;
        t.add(ratioTarget("line-echo: tcpserver / netty", "line-echo", tcp, "netty", 0.8));
        t.add(ratioTarget("http-hello: tcpserver / vertx", "http-hello", tcp, "vertx", 0.7));
        t.add(plainAheadOfEveryServer("http-hello"));
        t.add(ratioTarget("connect-close: tcpserver / netty", "connect-close", tcp, "netty", 0.7));
        t.add(plainAheadOfEveryServer("connect-close"));

        // the wheels (issue 16): Run against a plain Process in the same run; FollowTail reported only
        t.add(ratioTarget("run-stdout: select / plain Process", "run-stdout", "poe/select", "plain", 0.8));
        t.add(ratioTarget("run-spawn: select / plain ProcessBuilder", "run-spawn", "poe/select", "plain", 0.8));
        t.add(find("tail-lines", "poe/select").map(r -> new Target("tail-lines: lines/s", r.median(), "none", null))
                .orElse(Target.missing("tail-lines: lines/s", "none")));
        t.add(tailLatencyMs == null ? Target.missing("tail-lines: median latency, ms", "none")
                : new Target("tail-lines: median latency, ms", tailLatencyMs, "none", null));
        // issue 21: a group of 2 kernels against one, and ClusterNode against the raw event bus
        t.add(groupScaling == null ? Target.missing("group-scaling: 2 kernels / 1, per round", ">= 1.7")
                : new Target("group-scaling: 2 kernels / 1, per round", groupScaling.ratioMedian(), ">= 1.7",
                        groupScaling.ratioMedian() >= 1.7));
        remoteTargets(t, "select", remote);
        remoteTargets(t, "colocated", remoteColocated);
        for (MemoryProbe.Measurement m : memory) {
            double goal = memoryGoal(m.what());
            t.add(new Target(m.what() + " (" + m.loop() + ")", m.median(), "<= " + (int) goal, m.median() <= goal));
        }
        return t;
    }

    private static void remoteTargets(List<Target> t, String mode, poe.cluster.examples.RemoteBench.Result r) {
        String post = "remote-post (" + mode + "): poe / raw send";
        String p50 = "remote-call p50 (" + mode + "): poe / raw";
        String p99 = "remote-call p99 (" + mode + "): poe / raw";
        if (r == null) {
            t.add(Target.missing(post, ">= 0.8"));
            t.add(Target.missing(p50, "<= 1.25"));
            t.add(Target.missing(p99, "<= 1.25"));
            return;
        }
        t.add(new Target(post, r.postRatio(), ">= 0.8", r.postRatio() >= 0.8));
        t.add(new Target(p50, r.p50Ratio(), "<= 1.25", r.p50Ratio() <= 1.25));
        t.add(new Target(p99, r.p99Ratio(), "<= 1.25", r.p99Ratio() <= 1.25));
    }

    private static void remoteTable(StringBuilder sb, String mode, poe.cluster.examples.RemoteBench.Result r) {
        if (r == null) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%n%-30s %14s %14s %8s%n", "remote, " + mode + " (2 JVMs)", "poe",
                "raw event bus", "ratio"));
        sb.append(String.format(Locale.ROOT, "%-30s %,14.0f %,14.0f %8.2f%n", "remote-post, posts/s",
                r.poePosts(), r.rawPosts(), r.postRatio()));
        sb.append(String.format(Locale.ROOT, "%-30s %14.0f %14.0f %8.2f%n", "remote-call p50, us", r.poeP50(),
                r.rawP50(), r.p50Ratio()));
        sb.append(String.format(Locale.ROOT, "%-30s %14.0f %14.0f %8.2f%n", "remote-call p99, us", r.poeP99(),
                r.rawP99(), r.p99Ratio()));
        sb.append(String.format(Locale.ROOT, "%-30s %14.0f %14s %8s%n", "kernel -> vert.x -> kernel, us",
                r.hopP50(), "", ""));
    }

    private static void remoteJson(Map<String, Object> root, String key, poe.cluster.examples.RemoteBench.Result r) {
        if (r == null) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("poePostsPerSecond", r.poePosts());
        m.put("rawPostsPerSecond", r.rawPosts());
        m.put("postRatio", r.postRatio());
        m.put("poeCallP50Micros", r.poeP50());
        m.put("poeCallP99Micros", r.poeP99());
        m.put("rawCallP50Micros", r.rawP50());
        m.put("rawCallP99Micros", r.rawP99());
        m.put("rounds", r.rounds());
        m.put("kernelVertxKernelP50Micros", r.hopP50());
        root.put(key, m);
    }

    /** Bytes allowed per item of a memory probe. */
    static double memoryGoal(String what) {
        if (what.equals(MemoryProbe.IDLE_CONNECTION) || what.equals(MemoryProbe.IDLE_TCP_SERVER_CLIENT)) {
            return 4096;
        }
        return what.contains("session") ? 512 : 128;
    }

    /** The plain limit over the fastest other implementation of a workload: above 1 when it beats them all. */
    private Target plainAheadOfEveryServer(String workload) {
        String name = workload + ": plain / best server";
        Optional<Row> plain = find(workload, "plain");
        Optional<Row> best = rows.stream().filter(r -> r.workload().equals(workload) && !r.impl().equals("plain"))
                .max((a, b) -> Double.compare(a.median(), b.median()));
        if (plain.isEmpty() || best.isEmpty()) {
            return Target.missing(name, "> 1");
        }
        double r = plain.get().median() / best.get().median();
        return new Target(name + " (" + best.get().impl() + ")", r, "> 1", r > 1.0);
    }

    private Target ratioTarget(String name, String workload, String impl, String baseline, double atLeast) {
        Optional<Row> a = find(workload, impl);
        Optional<Row> b = find(workload, baseline);
        String goal = atLeast == 1.0 ? "> 1" : ">= " + atLeast;
        if (a.isEmpty() || b.isEmpty()) {
            return Target.missing(name, goal);
        }
        double r = a.get().median() / b.get().median();
        return new Target(name, r, goal, atLeast == 1.0 ? r > 1.0 : r >= atLeast);
    }

    /** The report as a text table. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-18s %-16s %14s %8s %8s %8s %8s %8s%n", "workload", "impl", "ops/s",
                "spread", "x plain", "x netty", "x vertx", "x stpe"));
        String last = null;
        for (Row r : rows) {
            if (last != null && !last.equals(r.workload())) {
                sb.append('\n');
            }
            last = r.workload();
            sb.append(String.format(Locale.ROOT, "%-18s %-16s %14s %7.0f%% %8s %8s %8s %8s%n", r.workload(), r.impl(),
                    String.format(Locale.ROOT, "%,.0f", r.median()), 100 * r.spread(), fmt(ratio(r, "plain")),
                    fmt(ratio(r, "netty")), fmt(ratio(r, "vertx")), fmt(ratio(r, "stpe"))));
        }
        if (!memory.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n%-30s %-10s %10s %18s%n", "memory", "loop", "bytes", "min..max"));
            for (MemoryProbe.Measurement m : memory) {
                sb.append(String.format(Locale.ROOT, "%-30s %-10s %10.0f %8.0f..%-8.0f%n", m.what(), m.loop(),
                        m.median(), m.min(), m.max()));
            }
        }
        if (!headToHead.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n%-30s %-8s %12s %12s %24s%n", "head to head (alternate rounds)",
                    "loop", "poe ops/s", "netty ops/s", "ratio p25 / median / p75"));
            for (HeadToHead.Result h : headToHead) {
                sb.append(String.format(Locale.ROOT, "%-30s %-8s %,12.0f %,12.0f %10.2f / %.2f / %.2f%n",
                        h.workload(), h.loop(), h.kernelMedian(), h.nettyMedian(), h.ratioP25(), h.ratioMedian(),
                        h.ratioP75()));
            }
        }
        if (groupScaling != null) {
            GroupScaling.Result g = groupScaling;
            sb.append(String.format(Locale.ROOT, "%n%-30s %8s %12s %12s %24s %12s%n", "group-scaling (alternate rounds)",
                    "kernels", "1 kernel/s", "group/s", "ratio p25 / median / p75", "cores used"));
            sb.append(String.format(Locale.ROOT, "%-30s %8d %,12.0f %,12.0f %10.2f / %.2f / %.2f %6.2f / %.2f%n",
                    "cpu jobs", g.kernels(), g.oneKernel(), g.group(), g.ratioP25(), g.ratioMedian(), g.ratioP75(),
                    g.oneCores(), g.groupCores()));
        }
        remoteTable(sb, "select", remote);
        remoteTable(sb, "colocated", remoteColocated);
        sb.append(String.format(Locale.ROOT, "%n%-44s %12s %14s  %s%n", "target", "measured", "goal", "verdict"));

        for (Target t : targets()) {
            sb.append(String.format(Locale.ROOT, "%-44s %12s %14s  %s%n", t.name(), Double.isNaN(t.value()) ? "-"
                    : String.format(Locale.ROOT, t.value() >= 1000 ? "%,.0f" : "%.3f", t.value()), t.goal(),
                    t.verdict()));
        }
        if (rows.stream().anyMatch(r -> r.workload().equals("http-hello") || r.workload().equals("connect-close"))) {
            sb.append("note: ").append(LOAD_NOTE).append('\n');
        }
        for (String n : notes) {
            sb.append("note: ").append(n).append('\n');
        }
        return sb.toString();
    }

    /** How http-hello and connect-close were loaded (said with their rows, in the table and the JSON). */
    static final String LOAD_NOTE = "http-hello and connect-close are loaded by Java NIO generators in benchmarks"
            + " (HttpLoad: 64 keep-alive connections, one GET in flight each, every response checked; ConnectLoad:"
            + " 64 connects in flight), not wrk (not installed); the plain rows are their limit";

    private static String fmt(double ratio) {
        return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    /** The report as JSON. */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mode", mode);
        root.put("java", System.getProperty("java.version"));
        root.put("vm", System.getProperty("java.vm.name"));
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        List<Object> rowList = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", r.workload());
            m.put("impl", r.impl());
            m.put("opsPerSecond", r.median());
            m.put("min", r.min());
            m.put("max", r.max());
            m.put("samples", r.samples());
            Map<String, Object> ratios = new LinkedHashMap<>();
            for (String b : Workloads.BASELINES) {
                double x = ratio(r, b);
                if (!Double.isNaN(x)) {
                    ratios.put(b, x);
                }
            }
            m.put("ratios", ratios);
            rowList.add(m);
        }
        root.put("rows", rowList);
        List<Object> memList = new ArrayList<>();
        for (MemoryProbe.Measurement mm : memory) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", mm.what());
            m.put("loop", mm.loop());
            m.put("bytes", mm.median());
            m.put("min", mm.min());
            m.put("max", mm.max());
            m.put("runs", mm.runs());
            memList.add(m);
        }
        root.put("memory", memList);
        List<Object> h2h = new ArrayList<>();
        for (HeadToHead.Result h : headToHead) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", h.workload());
            m.put("loop", h.loop());
            m.put("opsPerSecond", h.kernelMedian());
            m.put("nettyOpsPerSecond", h.nettyMedian());
            m.put("ratioP25", h.ratioP25());
            m.put("ratioMedian", h.ratioMedian());
            m.put("ratioP75", h.ratioP75());
            m.put("rounds", h.rounds());
            h2h.add(m);
        }
        root.put("headToHead", h2h);
        if (groupScaling != null) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("kernels", groupScaling.kernels());
            g.put("oneKernelJobsPerSecond", groupScaling.oneKernel());
            g.put("groupJobsPerSecond", groupScaling.group());
            g.put("ratioP25", groupScaling.ratioP25());
            g.put("ratioMedian", groupScaling.ratioMedian());
            g.put("ratioP75", groupScaling.ratioP75());
            g.put("rounds", groupScaling.rounds());
            g.put("oneKernelCoresUsed", groupScaling.oneCores());
            g.put("groupCoresUsed", groupScaling.groupCores());
            root.put("groupScaling", g);
        }
        remoteJson(root, "remote", remote);
        remoteJson(root, "remoteColocated", remoteColocated);
        List<Object> targetList = new ArrayList<>();
        for (Target t : targets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", t.name());
            m.put("value", t.value());
            m.put("goal", t.goal());
            m.put("met", t.met());
            targetList.add(m);
        }
        root.put("targets", targetList);
        List<String> allNotes = new ArrayList<>(notes);
        if (rows.stream().anyMatch(r -> r.workload().equals("http-hello") || r.workload().equals("connect-close"))) {
            allNotes.add(0, LOAD_NOTE);
        }
        root.put("notes", allNotes);
        return Json.write(root) + "\n";
    }
}
