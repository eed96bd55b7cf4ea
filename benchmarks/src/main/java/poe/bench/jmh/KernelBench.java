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
import org.openjdk.jmh.annotations.Param;

import poe.bench.Sizes;
import poe.bench.loop.LoopDriver;
import poe.bench.loop.LoopDrivers;
import poe.bench.workload.CallSelf;
import poe.bench.workload.CrossThreadPost;
import poe.bench.workload.LineEcho;
import poe.bench.workload.PingPong;
import poe.bench.workload.RandomDelays;
import poe.bench.workload.SessionChurn;
import poe.bench.workload.TcpEcho;
import poe.bench.workload.TimersCancel;
import poe.bench.workload.TimersFire;
import poe.bench.workload.YieldChain;

/**
 * The kernel's workloads on one loop ({@code -p loop=NAME}; the quick run passes every
 * loop found). One invocation is one whole run on a fresh kernel.
 *
 * <pre>{@code
 * java -jar benchmarks.jar KernelBench -p loop=select,vertx
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelBench {

    /** The loop to run on. */
    @Param("select")
    public String loop;

    private LoopDriver driver;
    private double[] delays;
    private ExecutorService producers;

    /** Opens the loop's driver and makes the shared inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        driver = LoopDrivers.open(loop);
        delays = RandomDelays.seconds(Sizes.TIMERS);
        producers = Executors.newFixedThreadPool(Sizes.PRODUCERS);
    }

    /** Releases them. */
    @TearDown(Level.Trial)
    public void tearDown() {
        producers.shutdownNow();
        driver.close();
    }

    /** One session yields to itself. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public void yieldChain() {
        driver.run(new YieldChain(Sizes.EVENTS));
    }

    /** Two sessions post to each other by alias. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public void pingPong() {
        driver.run(new PingPong(Sizes.EVENTS));
    }

    /** {@code call} to the own session. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public void callSelf() {
        driver.run(new CallSelf(Sizes.EVENTS));
    }

    /** {@code delaySet} with random delays in [0, 1) s, until all fired. */
    @Benchmark
    @OperationsPerInvocation(Sizes.TIMERS)
    public void timersFire() {
        driver.run(new TimersFire(delays));
    }

    /** {@code alarmSet}, then {@code alarmRemove} by ID. */
    @Benchmark
    @OperationsPerInvocation(Sizes.TIMERS)
    public void timersCancel() {
        driver.run(new TimersCancel(delays));
    }

    /** Sessions created and stopped. */
    @Benchmark
    @OperationsPerInvocation(Sizes.SESSIONS)
    public void sessionChurn() {
        driver.run(new SessionChurn(Sizes.SESSIONS));
    }

    /** Producer threads post into one kernel. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public void crossThreadPost() {
        driver.run(new CrossThreadPost(Sizes.EVENTS, Sizes.PRODUCERS, producers));
    }

    /** TCP echo over loopback on select watchers. */
    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public void tcpEcho() {
        driver.run(new TcpEcho(Sizes.CONNECTIONS, Sizes.ROUND_TRIPS, Sizes.MESSAGE_BYTES));
    }

    /** Line echo over loopback: SocketFactory, a session per connection with ReadWrite + Line. */
    @Benchmark
    @OperationsPerInvocation(Sizes.LINES)
    public void lineEcho() {
        driver.run(new LineEcho(Sizes.LINE_CONNECTIONS, Sizes.LINES, Sizes.LINE_BYTES));
    }
}
