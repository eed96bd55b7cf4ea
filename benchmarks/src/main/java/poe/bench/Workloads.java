package poe.bench;

import java.util.List;
import java.util.Map;

/**
 * The workloads' report names, in table order, and how the JMH classes name them.
 *
 * <pre>{@code
 * Workloads.fromMethod("yieldChain")   // "yield-chain"
 * }</pre>
 */
public final class Workloads {

    /** Benchmark method names to report names, in table order. */
    static final Map<String, String> BY_METHOD = Map.ofEntries(
            Map.entry("yieldChain", "yield-chain"),
            Map.entry("pingPong", "ping-pong"),
            Map.entry("callSelf", "call-self"),
            Map.entry("timersFire", "timers-fire"),
            Map.entry("timersCancel", "timers-cancel"),
            Map.entry("sessionChurn", "session-churn"),
            Map.entry("crossThreadPost", "cross-thread-post"),
            Map.entry("tcpEcho", "tcp-echo"),
            Map.entry("lineEcho", "line-echo"),
            Map.entry("httpHello", "http-hello"),
            Map.entry("connectClose", "connect-close"));

    /** The wheels' workloads (issue 16): Run and FollowTail, on the select loop only. */
    static final Map<String, String> WHEEL_METHODS = Map.of(
            "runStdout", "run-stdout",
            "runSpawn", "run-spawn",
            "tailLines", "tail-lines");

    /** Report names in table order. */
    public static final List<String> ORDER = List.of("yield-chain", "ping-pong", "call-self", "timers-fire",
            "timers-cancel", "session-churn", "cross-thread-post", "tcp-echo", "line-echo", "http-hello", "connect-close",
            "run-stdout", "run-spawn", "tail-lines");

    /** JMH class simple names to implementation names (the kernel's gets its loop added). */
    static final Map<String, String> IMPL_BY_CLASS = Map.of(
            "KernelBench", "poe",
            "PlainBench", "plain",
            "NettyBench", "netty",
            "VertxBench", "vertx",
            "StpeBench", "stpe",
            "ComponentBench", Workloads.TCP_SERVER,
            "WheelBench", "poe/select");

    /** The implementation name of rows measured on the TcpServer component (select loop). */
    public static final String TCP_SERVER = "tcpserver/select";

    /** Baselines a kernel row is compared with, in column order. */
    public static final List<String> BASELINES = List.of("plain", "netty", "vertx", "stpe");

    private Workloads() {
    }

    /** @return the report name of a benchmark method */
    public static String fromMethod(String method) {
        String name = BY_METHOD.getOrDefault(method, WHEEL_METHODS.get(method));
        if (name == null) {
            throw new IllegalArgumentException("unknown benchmark method '" + method + "'; known: " + BY_METHOD.keySet());
        }
        return name;
    }
}
