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
import poe.bench.baseline.NioEchoServer;
import poe.bench.baseline.NioHttpServer;
import poe.bench.baseline.NioLineEchoServer;
import poe.bench.baseline.PlainProcesses;
import poe.bench.baseline.PlainWorkloads;
import poe.bench.workload.RandomDelays;
import poe.bench.workload.RunSpawn;
import poe.bench.workload.RunStdout;

/**
 * The plain limit: the kernel's workloads on {@link poe.bench.baseline.PlainDispatcher}
 * (single thread, ArrayDeque + HashMap), and the TCP and line echoes on a bare NIO selector.
 *
 * <pre>{@code
 * java -jar benchmarks.jar PlainBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PlainBench {

    private double[] delays;

    /** Makes the shared inputs; warms run-spawn's baseline up as much as run-spawn (see WheelBench). */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        delays = RandomDelays.seconds(Sizes.TIMERS);
        if (params.getBenchmark().endsWith(".runSpawn")) {
            PlainProcesses.spawn(Sizes.SPAWN_WARMUP, Sizes.SPAWNS_IN_FLIGHT, RunSpawn.COMMAND);
        }
    }

    /** Releases nothing: the plain dispatcher holds no threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        delays = null;
    }

    /** One actor yields to itself. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public long yieldChain() {
        return Checks.exactly(Sizes.EVENTS, PlainWorkloads.yieldChain(Sizes.EVENTS));
    }

    /** Two actors post to each other by alias. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public long pingPong() {
        return Checks.exactly(Sizes.EVENTS, PlainWorkloads.pingPong(Sizes.EVENTS));
    }

    /** Synchronous call of the own handler. */
    @Benchmark
    @OperationsPerInvocation(Sizes.EVENTS)
    public long callSelf() {
        return Checks.exactly(Sizes.EVENTS, PlainWorkloads.callSelf(Sizes.EVENTS));
    }

    /** PriorityQueue timers, until all fired. */
    @Benchmark
    @OperationsPerInvocation(Sizes.TIMERS)
    public long timersFire() {
        return Checks.exactly(Sizes.TIMERS, PlainWorkloads.timersFire(delays));
    }

    /** PriorityQueue timers, set then cancelled by ID. */
    @Benchmark
    @OperationsPerInvocation(Sizes.TIMERS)
    public long timersCancel() {
        return Checks.exactly(Sizes.TIMERS, PlainWorkloads.timersCancel(delays));
    }

    /** Actors created and stopped. */
    @Benchmark
    @OperationsPerInvocation(Sizes.SESSIONS)
    public long sessionChurn() {
        return Checks.exactly(Sizes.SESSIONS, PlainWorkloads.sessionChurn(Sizes.SESSIONS));
    }

    /** Echo on a bare NIO selector. */
    @Benchmark
    @OperationsPerInvocation(Sizes.ROUND_TRIPS)
    public long tcpEcho() {
        return Checks.exactly(Sizes.ROUND_TRIPS,
                NioEchoServer.run(Sizes.CONNECTIONS, Sizes.ROUND_TRIPS, Sizes.MESSAGE_BYTES));
    }

    /** Line echo on a bare NIO selector, lines framed by hand. */
    @Benchmark
    @OperationsPerInvocation(Sizes.LINES)
    public long lineEcho() {
        return Checks.exactly(Sizes.LINES, NioLineEchoServer.run(Sizes.LINE_CONNECTIONS, Sizes.LINES, Sizes.LINE_BYTES));
    }

    /** HTTP hello on a bare NIO selector: fixed response bytes per request head, nothing parsed. */
    @Benchmark
    @OperationsPerInvocation(Sizes.HTTP_REQUESTS)
    public long httpHello() {
        return Checks.exactly(Sizes.HTTP_REQUESTS, NioHttpServer.httpHello(Sizes.HTTP_CONNECTIONS, Sizes.HTTP_REQUESTS));
    }

    /** Accept and close on a bare NIO selector. */
    @Benchmark
    @OperationsPerInvocation(Sizes.CONNECTS)
    public long connectClose() {
        return Checks.exactly(Sizes.CONNECTS, NioHttpServer.connectClose(Sizes.CONNECT_CONCURRENCY, Sizes.CONNECTS));
    }

    /** The same child as run-stdout, its {@code Process} input stream read on this thread: MiB/s. */
    @Benchmark
    @OperationsPerInvocation(Sizes.RUN_STDOUT_MIB)
    public long runStdout() {
        long bytes = (long) Sizes.RUN_STDOUT_MIB << 20;
        return Checks.exactly(bytes, PlainProcesses.stdout(RunStdout.command(bytes)));
    }

    /** The same children as run-spawn: ProcessBuilder, read, waitFor, as many threads as run-spawn has in flight. */
    @Benchmark
    @OperationsPerInvocation(Sizes.SPAWNS)
    public long runSpawn() {
        return Checks.exactly(Sizes.SPAWNS, PlainProcesses.spawn(Sizes.SPAWNS, Sizes.SPAWNS_IN_FLIGHT, RunSpawn.COMMAND));
    }
}
