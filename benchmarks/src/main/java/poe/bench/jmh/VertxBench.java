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
import poe.bench.baseline.VertxHttpPeer;
import poe.bench.baseline.VertxPeer;
import poe.bench.workload.RandomDelays;

/**
 * Vert.x on one event-loop context: {@code runOnContext} chains, {@code setTimer} and
 * {@code cancelTimer}, {@code runOnContext} from producer threads.
 *
 * <pre>{@code
 * java -jar benchmarks.jar VertxBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class VertxBench {

    private VertxPeer vertx;
    private VertxHttpPeer http;
    private double[] delays;
    private ExecutorService producers;

    /** Starts Vert.x and makes the shared inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        vertx = new VertxPeer();
        delays = RandomDelays.seconds(Sizes.TIMERS);
        producers = Executors.newFixedThreadPool(Sizes.PRODUCERS);
    }

    /** Stops it. */
    @TearDown(Level.Trial)
    public void tearDown() {
        producers.shutdownNow();
        vertx.close();
        if (http != null) {
            http.close();
        }
    }

    /** A handler runs itself on the context. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public long yieldChain() {
        return Checks.exactly(Sizes.EVENTS, vertx.runOnContextChain(Sizes.EVENTS));
    }

    /** Two handlers run each other. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public long pingPong() {
        return Checks.exactly(Sizes.EVENTS, vertx.pingPong(Sizes.EVENTS));
    }

    /** {@code setTimer} with random delays (ms), until all fired. */
    @Benchmark
    @OperationsPerInvocation(Sizes.TIMERS)
    public long timersFire() {
        return Checks.exactly(Sizes.TIMERS, vertx.setTimerFire(delays));
    }

    /** {@code setTimer}, then {@code cancelTimer}. */
    @Benchmark
    @OperationsPerInvocation(Sizes.TIMERS)
    public long timersCancel() {
        return Checks.exactly(Sizes.TIMERS, vertx.setTimerCancel(delays));
    }

    /** {@code runOnContext} from producer threads. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public long crossThreadPost() {
        return Checks.exactly(Sizes.EVENTS, vertx.crossThread(Sizes.EVENTS, Sizes.PRODUCERS, producers));
    }

    /** HTTP hello: a Vert.x HTTP server on one event loop (a Vert.x instance of its own), keep-alive GETs. */
    @Benchmark
    @OperationsPerInvocation(Sizes.HTTP_REQUESTS)
    public long httpHello() {
        return Checks.exactly(Sizes.HTTP_REQUESTS, http().httpHello(Sizes.HTTP_CONNECTIONS, Sizes.HTTP_REQUESTS));
    }

    private VertxHttpPeer http() {
        if (http == null) {
            http = new VertxHttpPeer();   // started on first use: the other workloads need no HTTP server
        }
        return http;
    }
}
