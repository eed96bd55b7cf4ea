package poe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import poe.bench.baseline.NettyPeer;
import poe.bench.baseline.NioEchoServer;
import poe.bench.baseline.PlainWorkloads;
import poe.bench.baseline.StpePeer;
import poe.bench.baseline.VertxPeer;
import poe.bench.loop.LoopDriver;
import poe.bench.loop.LoopDrivers;
import poe.bench.workload.CallSelf;
import poe.bench.workload.CrossThreadPost;
import poe.bench.workload.KernelWorkload;
import poe.bench.workload.PingPong;
import poe.bench.workload.RandomDelays;
import poe.bench.workload.SessionChurn;
import poe.bench.workload.TcpEcho;
import poe.bench.workload.TimersCancel;
import poe.bench.workload.TimersFire;
import poe.bench.workload.YieldChain;

/**
 * Every workload once, small, on every loop found and on every baseline: the benchmarks
 * still measure what they claim (their own checks throw otherwise). Seconds, not minutes.
 */
class SmokeTest {

    private static ExecutorService producers;

    @BeforeAll
    static void startProducers() {
        producers = Executors.newFixedThreadPool(Sizes.PRODUCERS);
    }

    @AfterAll
    static void stopProducers() {
        producers.shutdownNow();
    }

    /** Short timers: a hundredth of the real delays, so the fire workload takes ~10 ms. */
    private static double[] shortDelays(int n) {
        double[] d = RandomDelays.seconds(n);
        for (int i = 0; i < n; i++) {
            d[i] /= 100;
        }
        return d;
    }

    private static List<KernelWorkload> small() {
        return List.of(new YieldChain(1_000), new PingPong(1_000), new CallSelf(1_000),
                new TimersFire(shortDelays(1_000)), new TimersCancel(RandomDelays.seconds(1_000)),
                new SessionChurn(1_000), new CrossThreadPost(1_000, Sizes.PRODUCERS, producers),
                new TcpEcho(10, 200, Sizes.MESSAGE_BYTES));
    }

    @Test
    void selectIsFoundFirst() {
        List<String> loops = LoopDrivers.available();
        assertFalse(loops.isEmpty());
        assertEquals("select", loops.get(0));
    }

    @Test
    void everyWorkloadRunsOnEveryLoop() {
        for (String loop : LoopDrivers.available()) {
            try (LoopDriver driver = LoopDrivers.open(loop)) {
                for (KernelWorkload w : small()) {
                    driver.run(w);   // verify() inside throws if the work was not all done
                    assertTrue(w.ops() > 0, w.name());
                }
            }
        }
    }

    @Test
    void aWorkloadThatLosesWorkFails() {
        KernelWorkload neverRun = new YieldChain(10);
        assertThrows(IllegalStateException.class, neverRun::verify);
    }

    @Test
    void plainBaselinesDoAllTheirWork() {
        assertEquals(1_000, PlainWorkloads.yieldChain(1_000));
        assertEquals(1_000, PlainWorkloads.pingPong(1_000));
        assertEquals(1_000, PlainWorkloads.callSelf(1_000));
        assertEquals(1_000, PlainWorkloads.timersFire(shortDelays(1_000)));
        assertEquals(1_000, PlainWorkloads.timersCancel(RandomDelays.seconds(1_000)));
        assertEquals(1_000, PlainWorkloads.sessionChurn(1_000));
        assertEquals(200, NioEchoServer.run(10, 200, Sizes.MESSAGE_BYTES));
    }

    @Test
    void peersDoAllTheirWork() {
        try (NettyPeer netty = new NettyPeer()) {
            assertEquals(1_000, netty.executeChain(1_000));
            assertEquals(1_000, netty.pingPong(1_000));
            assertEquals(1_000, netty.scheduleFire(shortDelays(1_000)));
            assertEquals(1_000, netty.scheduleCancel(RandomDelays.seconds(1_000)));
            assertEquals(1_000, netty.crossThread(1_000, Sizes.PRODUCERS, producers));
            assertEquals(200, netty.echo(10, 200, Sizes.MESSAGE_BYTES));
        }
        try (VertxPeer vertx = new VertxPeer()) {
            assertEquals(1_000, vertx.runOnContextChain(1_000));
            assertEquals(1_000, vertx.pingPong(1_000));
            assertEquals(1_000, vertx.setTimerFire(shortDelays(1_000)));
            assertEquals(1_000, vertx.setTimerCancel(RandomDelays.seconds(1_000)));
            assertEquals(1_000, vertx.crossThread(1_000, Sizes.PRODUCERS, producers));
        }
        try (StpePeer stpe = new StpePeer()) {
            assertEquals(1_000, stpe.scheduleFire(shortDelays(1_000)));
            assertEquals(1_000, stpe.scheduleCancel(RandomDelays.seconds(1_000)));
        }
    }

    @Test
    void memoryProbesMeasureSomething() {
        try (LoopDriver driver = LoopDrivers.open("select")) {
            MemoryProbe.Measurement s = MemoryProbe.idleSessionBytes(driver, 20_000, 1);
            MemoryProbe.Measurement t = MemoryProbe.pendingTimerBytes(driver, 50_000, 1);
            // a session or a timer is at least an object header and a few fields
            assertTrue(s.median() > 32 && s.median() < 10_000, s.toString());
            assertTrue(t.median() > 16 && t.median() < 10_000, t.toString());
        }
    }

    @Test
    void reportShowsRatiosAndTargets() {
        Report report = new Report("test", List.of(
                new Row("yield-chain", "plain", 40e6, 39e6, 41e6, 3),
                new Row("yield-chain", "netty", 30e6, 29e6, 31e6, 3),
                new Row("yield-chain", "poe/select", 32e6, 31e6, 33e6, 3),
                new Row("timers-fire", "poe/select", 1e6 / 1.2, 8e5, 9e5, 3)),
                List.of(new MemoryProbe.Measurement("select", "bytes per pending timer", 100, 99, 101, 3)),
                List.of("a note"));
        Row kernel = report.find("yield-chain", "poe/select").orElseThrow();
        assertEquals(0.8, report.ratio(kernel, "plain"), 1e-9);
        String table = report.table();
        assertTrue(table.contains("0.80"), table);
        assertTrue(table.contains("yield-chain: select / plain"), table);
        Target fire = report.targets().stream().filter(t -> t.name().startsWith("timers-fire")).findFirst()
                .orElseThrow();
        assertEquals(Boolean.TRUE, fire.met());
        Target timerBytes = report.targets().stream().filter(t -> t.name().contains("timer (")).findFirst()
                .orElseThrow();
        assertEquals(Boolean.TRUE, timerBytes.met());
        String json = report.json();
        assertTrue(json.contains("\"impl\": \"poe/select\""), json);
        assertTrue(json.contains("\"plain\": 0.8000"), json);
        assertTrue(json.contains("a note"), json);
    }

    @Test
    void headToHeadTakesOneRatioPerRound() {
        try (LoopDriver driver = LoopDrivers.open("select"); NettyPeer netty = new NettyPeer()) {
            HeadToHead.Result r = HeadToHead.run("yield-chain", driver, YieldChain::new, netty::executeChain, 2_000, 6);
            assertEquals("yield-chain", r.workload());
            assertEquals("select", r.loop());
            assertEquals(4, r.rounds(), "the first third of the rounds is warm-up");
            assertTrue(r.kernelMedian() > 0 && r.nettyMedian() > 0, r.toString());
            assertTrue(r.ratioP25() > 0 && r.ratioP25() <= r.ratioMedian() && r.ratioMedian() <= r.ratioP75(),
                    r.toString());
            assertThrows(IllegalArgumentException.class,
                    () -> HeadToHead.run("yield-chain", driver, YieldChain::new, netty::executeChain, 10, 2));
        }
    }

    @Test
    void crossThreadPostGoesHeadToHeadWithNettysExecuteFromTheSameProducers() {
        ExecutorService producers = Executors.newFixedThreadPool(Sizes.PRODUCERS);
        try (LoopDriver driver = LoopDrivers.open("select"); NettyPeer netty = new NettyPeer()) {
            HeadToHead.Result r = HeadToHead.crossThreadPost(driver, netty, producers, 3);
            assertEquals("cross-thread-post", r.workload());
            assertEquals(2, r.rounds(), "the first of three rounds is warm-up");
            assertTrue(r.kernelMedian() > 0 && r.nettyMedian() > 0 && r.ratioMedian() > 0, r.toString());
        } finally {
            producers.shutdownNow();
        }
        Report withRounds = new Report("test", List.of(), List.of(),
                List.of(new HeadToHead.Result("cross-thread-post", "select", 30e6, 32e6, 0.9, 0.94, 1.0, 30)),
                List.of());
        Target perRound = withRounds.targets().stream()
                .filter(t -> t.name().equals("cross-thread-post: select / netty, per round")).findFirst()
                .orElseThrow();
        assertEquals(0.94, perRound.value(), 1e-9);
        assertEquals(Boolean.TRUE, perRound.met());
    }

    @Test
    void headToHeadRunsEachWorkloadInJvmsOfItsOwn() throws IOException {
        HeadToHead.Result r = HeadToHead.forked("ping-pong", 3, 2, List.of("-Xmx256m"));
        assertEquals("ping-pong", r.workload());
        assertEquals("select", r.loop());
        assertEquals(4, r.rounds(), "two measured rounds from each of two JVMs");
        assertTrue(r.kernelMedian() > 0 && r.nettyMedian() > 0 && r.ratioMedian() > 0, r.toString());
        IOException e = assertThrows(IOException.class, () -> HeadToHead.forked("no-such-workload", 3, 1, List.of()));
        assertTrue(e.getMessage().contains("unknown workload 'no-such-workload'"), e.getMessage());
    }

    @Test
    void theNettyTargetIsJudgedPerRoundWhenRoundsWereTaken() {
        List<Row> rows = List.of(
                new Row("yield-chain", "netty", 30e6, 29e6, 31e6, 3),
                new Row("yield-chain", "poe/select", 32e6, 31e6, 33e6, 3));
        Report jmhOnly = new Report("test", rows, List.of(), List.of());
        Target fromJmh = jmhOnly.targets().stream().filter(t -> t.name().equals("yield-chain: select / netty"))
                .findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, fromJmh.met());
        Report withRounds = new Report("test", rows, List.of(),
                List.of(new HeadToHead.Result("yield-chain", "select", 30e6, 33e6, 0.85, 0.9, 0.95, 30)), List.of());
        Target perRound = withRounds.targets().stream()
                .filter(t -> t.name().equals("yield-chain: select / netty, per round")).findFirst().orElseThrow();
        assertEquals(0.9, perRound.value(), 1e-9);
        assertEquals(Boolean.FALSE, perRound.met());
        assertTrue(withRounds.table().contains("0.85 / 0.90 / 0.95"), withRounds.table());
        assertTrue(withRounds.json().contains("\"ratioMedian\": 0.9"), withRounds.json());
    }
}
