package poe.bench;

/**
 * How much work one run of each workload does. Compile-time constants, because JMH's
 * {@code @OperationsPerInvocation} needs them.
 *
 * <pre>{@code
 * new YieldChain(Sizes.EVENTS)   // one million yields
 * }</pre>
 */
public final class Sizes {

    /** Events per run of the yield chain, the ping-pong, {@code call} and cross-thread posts. */
    public static final int EVENTS = 1_000_000;

    /** Timers per run: set and fired, or set and cancelled. */
    public static final int TIMERS = 1_000_000;

    /** Sessions created and stopped per run. */
    public static final int SESSIONS = 100_000;

    /** Threads that post into one kernel from outside. */
    public static final int PRODUCERS = 4;

    /** Connections of the TCP echo. */
    public static final int CONNECTIONS = 100;

    /** Round trips of the TCP echo, over all connections. */
    public static final int ROUND_TRIPS = 50_000;

    /** Bytes per echo message. */
    public static final int MESSAGE_BYTES = 32;

    /** Connections of the line echo. */
    public static final int LINE_CONNECTIONS = 64;

    /** Lines of the line echo, over all connections (500 each: a run of a fraction of a second). */
    public static final int LINES = 32_000;

    /** Bytes per line of the line echo, CR LF included. */
    public static final int LINE_BYTES = 48;

    /** Idle connected ReadWrite sessions of the memory probe. */
    public static final int IDLE_CONNECTIONS = 2_000;

    /** Keep-alive connections of http-hello. */
    public static final int HTTP_CONNECTIONS = 64;

    /** Requests of http-hello, over all connections (150 each: a run of about a second under load). */
    public static final int HTTP_REQUESTS = 9_600;

    /** Connection attempts at once in connect-close. */
    public static final int CONNECT_CONCURRENCY = 64;

    /** Connections accepted and closed per run of connect-close. */
    public static final int CONNECTS = 2_000;

    /** Idle connected TcpServer clients of the memory probe. */
    public static final int IDLE_CLIENTS = 2_000;

    /** MiB a child writes to stdout in run-stdout (the 1 GiB cut to 256 MiB to keep the quick suite short). */
    public static final int RUN_STDOUT_MIB = 256;

    /** Children started, read and reaped per run of run-spawn. */
    public static final int SPAWNS = 100;

    /**
     * Children started before run-spawn is measured, on each side (Run and the plain
     * baseline): C2 goes on compiling the kernel's and the wheels' paths for a few thousand
     * children (a hundred compilations per 600 children until about 5,000), where the plain
     * side's little code settles within a few hundred.
     */
    public static final int SPAWN_WARMUP = 3_000;

    /** Children running at once in run-spawn (threads of the plain baseline). */
    public static final int SPAWNS_IN_FLIGHT = 4;

    /** Lines appended and delivered per run of tail-lines. */
    public static final int TAIL_LINES = 200_000;

    /** Lines appended one at a time by the tail-lines latency probe. */
    public static final int TAIL_LATENCY_SAMPLES = 100;

    private Sizes() {
    }
}
