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
import org.openjdk.jmh.infra.BenchmarkParams;

import poe.bench.Sizes;
import poe.bench.loop.LoopDriver;
import poe.bench.loop.LoopDrivers;
import poe.bench.workload.RunSpawn;
import poe.bench.workload.RunStdout;
import poe.bench.workload.TailLines;

/**
 * The wheels' workloads (issue 16): child processes through {@code poe.wheel.Run} and a
 * followed file through {@code poe.wheel.FollowTail}. On the select loop only: the child's
 * pipes are pumped by the wheel's own thread and files are polled, so the loop adds
 * nothing but dispatch, which the kernel workloads measure on every loop; and four loops of
 * child processes would add minutes to the quick suite.
 *
 * <p>The kernel workloads loop millions of times per run, so C2 has compiled them within
 * the quick suite's one 500 ms warm-up; a run-stdout or run-spawn run is one to a few
 * thousand chunks or children, and its first runs also touch fresh heap (256 MiB of chunks
 * per run). So the trial's setup runs each of these two before JMH measures (run-spawn
 * {@link Sizes#SPAWN_WARMUP} children, as its plain baseline does), and the heap is
 * pre-touched ({@code -XX:+AlwaysPreTouch}): the figures are the steady state, as they are
 * for the other workloads.
 *
 * <pre>{@code
 * java -jar benchmarks.jar WheelBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WheelBench {

    private LoopDriver driver;

    /** Opens the select loop's driver; warms run-stdout and run-spawn up (see the class notes). */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        driver = LoopDrivers.open("select");
        String name = params.getBenchmark();
        if (name.endsWith(".runStdout")) {
            for (int i = 0; i < 3; i++) {
                driver.run(new RunStdout(64L << 20));
            }
        } else if (name.endsWith(".runSpawn")) {
            driver.run(new RunSpawn(Sizes.SPAWN_WARMUP, Sizes.SPAWNS_IN_FLIGHT));
        }
    }

    /** Releases it. */
    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    /** A child writes {@link Sizes#RUN_STDOUT_MIB} MiB to stdout, read through Run + Stream: MiB/s. */
    @Benchmark
    @OperationsPerInvocation(Sizes.RUN_STDOUT_MIB)
    public void runStdout() {
        driver.run(new RunStdout((long) Sizes.RUN_STDOUT_MIB << 20));
    }

    /** Children started, read and reaped through Run, a few at once: children/s. */
    @Benchmark
    @OperationsPerInvocation(Sizes.SPAWNS)
    public void runSpawn() {
        driver.run(new RunSpawn(Sizes.SPAWNS, Sizes.SPAWNS_IN_FLIGHT));
    }

    /** Lines appended by a writer thread and delivered through FollowTail by name: lines/s. */
    @Benchmark
    @OperationsPerInvocation(Sizes.TAIL_LINES)
    public void tailLines() {
        driver.run(new TailLines(Sizes.TAIL_LINES, Sizes.LINE_BYTES));
    }
}
