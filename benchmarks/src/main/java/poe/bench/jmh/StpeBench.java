package poe.bench.jmh;

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
import poe.bench.baseline.StpePeer;
import poe.bench.workload.RandomDelays;

/**
 * The JDK's {@code ScheduledThreadPoolExecutor} (one thread, remove-on-cancel) on the
 * timer workloads.
 *
 * <pre>{@code
 * java -jar benchmarks.jar StpeBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StpeBench {

    private StpePeer stpe;
    private double[] delays;

    /** Starts the executor and makes the shared inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        stpe = new StpePeer();
        delays = RandomDelays.seconds(Sizes.TIMERS);
    }

    /** Stops it. */
    @TearDown(Level.Trial)
    public void tearDown() {
        stpe.close();
    }

    /** {@code schedule} with random delays, until all ran. */
    @Benchmark
    @OperationsPerInvocation(Sizes.TIMERS)
    public long timersFire() {
        return Checks.exactly(Sizes.TIMERS, stpe.scheduleFire(delays));
    }

    /** {@code schedule}, then {@code cancel}. */
    @Benchmark
    @OperationsPerInvocation(Sizes.TIMERS)
    public long timersCancel() {
        return Checks.exactly(Sizes.TIMERS, stpe.scheduleCancel(delays));
    }
}
