package poe.bench.jmh;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import poe.bench.Sizes;
import poe.bench.baseline.NettyPeer;
import poe.bench.workload.RandomDelays;

/**
 * Netty's NIO event loop (one thread): {@code execute} chains, {@code schedule} and
 * {@code cancel}, {@code execute} from producer threads, an echo server and a line echo
 * server.
 *
 * <pre>{@code
 * java -jar benchmarks.jar NettyBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NettyBench {

    private NettyPeer netty;
    private double[] delays;
    private ExecutorService producers;

    /** Starts the event loop and makes the shared inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        netty = new NettyPeer();
        delays = RandomDelays.seconds(Sizes.TIMERS);
        producers = Executors.newFixedThreadPool(Sizes.PRODUCERS);
    }

    /** Stops it. */
    @TearDown(Level.Trial)
    public void tearDown() {
        producers.shutdownNow();
        netty.close();
    }

    /** A task executes itself. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public long yieldChain() {
        return Checks.exactly(Sizes.EVENTS, netty.executeChain(Sizes.EVENTS));
    }

    /** Two tasks execute each other. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public long pingPong() {
        return Checks.exactly(Sizes.EVENTS, netty.pingPong(Sizes.EVENTS));
    }

    /** {@code schedule} with random delays, until all ran. */
    @Benchmark
    @OperationsPerInvocation(Sizes.TIMERS)
    public long timersFire() {
        return Checks.exactly(Sizes.TIMERS, netty.scheduleFire(delays));
    }

    /** {@code schedule}, then {@code cancel}. */
    @Benchmark
    @OperationsPerInvocation(Sizes.TIMERS)
    public long timersCancel() {
        return Checks.exactly(Sizes.TIMERS, netty.scheduleCancel(delays));
    }

    /** {@code execute} from producer threads. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public long crossThreadPost() {
        return Checks.exactly(Sizes.EVENTS, netty.crossThread(Sizes.EVENTS, Sizes.PRODUCERS, producers));
    }

    /** Echo server. */
    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public long tcpEcho() {
        return Checks.exactly(Sizes.ROUND_TRIPS, netty.echo(Sizes.CONNECTIONS, Sizes.ROUND_TRIPS, Sizes.MESSAGE_BYTES));
    }

    /** Line echo server: LineBasedFrameDecoder, StringDecoder, StringEncoder. */
    @Benchmark
    @OperationsPerInvocation(Sizes.LINES)
    public long lineEcho() {
        return Checks.exactly(Sizes.LINES, netty.lineEcho(Sizes.LINE_CONNECTIONS, Sizes.LINES, Sizes.LINE_BYTES));
    }
}
