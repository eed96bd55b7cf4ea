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
import poe.bench.loop.LoopDriver;
import poe.bench.loop.LoopDrivers;
import poe.bench.workload.ConnectClose;
import poe.bench.workload.HttpHello;
import poe.bench.workload.TcpServerLineEcho;

/**
 * The network components' workloads (issue 17) on the select loop only: the
 * {@code TcpServer} line echo, the hello-world HTTP server ({@code TcpServer} with the
 * {@code Httpd} filter) and connections accepted and closed. Reported as
 * {@code tcpserver/select}, beside the wheels' {@code poe/select} rows. No {@code loop}
 * parameter, so the quick suite does not multiply these by every loop.
 *
 * <pre>{@code
 * java -jar benchmarks.jar ComponentBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ComponentBench {

    private LoopDriver driver;

    /** Opens the select loop's driver. */
    @Setup(Level.Trial)
    public void setUp() {
        driver = LoopDrivers.open("select");
    }

    /** Releases it. */
    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    /** Line echo over TcpServer (its default Line filter), 64 connections. */
    @Benchmark
    @OperationsPerInvocation(Sizes.LINES)
    public void lineEcho() {
        driver.run(new TcpServerLineEcho(Sizes.LINE_CONNECTIONS, Sizes.LINES, Sizes.LINE_BYTES));
    }

    /** Keep-alive GETs answered by TcpServer + Httpd with a small fixed body. */
    @Benchmark
    @OperationsPerInvocation(Sizes.HTTP_REQUESTS)
    public void httpHello() {
        driver.run(new HttpHello(Sizes.HTTP_CONNECTIONS, Sizes.HTTP_REQUESTS));
    }

    /** Connections accepted by TcpServer and shut down at once. */
    @Benchmark
    @OperationsPerInvocation(Sizes.CONNECTS)
    public void connectClose() {
        driver.run(new ConnectClose(Sizes.CONNECT_CONCURRENCY, Sizes.CONNECTS));
    }
}
