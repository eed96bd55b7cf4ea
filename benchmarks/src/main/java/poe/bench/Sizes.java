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

    private Sizes() {
    }
}
