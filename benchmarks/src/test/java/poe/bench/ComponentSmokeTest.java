package poe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import poe.bench.baseline.NettyPeer;
import poe.bench.baseline.NioHttpServer;
import poe.bench.baseline.VertxHttpPeer;
import poe.bench.loop.LoopDriver;
import poe.bench.loop.LoopDrivers;
import poe.bench.workload.ConnectClose;
import poe.bench.workload.HttpHello;
import poe.bench.workload.TcpServerLineEcho;

/**
 * The network components' workloads (issue 17), briefly: TcpServer's line echo, the
 * TcpServer + Httpd hello server and connect-close on select, and their Netty, Vert.x and
 * plain NIO peers, each answering every line, request and connection (the load
 * generators check each response and count them; the servers count too); the idle
 * TcpServer-client probe measures something; the report's rows, targets and note are well
 * formed. No timing is asserted.
 */
class ComponentSmokeTest {

    @Test
    void everyServerAnswersEverything() {
        try (LoopDriver driver = LoopDrivers.open("select")) {
            TcpServerLineEcho echo = new TcpServerLineEcho(8, 400, Sizes.LINE_BYTES);
            driver.run(echo);   // verify() inside: client and server counts
            assertEquals(400, echo.echoed());
            HttpHello http = new HttpHello(8, 400);
            driver.run(http);   // every response complete and checked, none rejected
            assertEquals(400, http.answered());
            driver.run(new ConnectClose(8, 200));
        }
        try (NettyPeer netty = new NettyPeer()) {
            assertEquals(400, netty.httpHello(8, 400));
            assertEquals(200, netty.connectClose(8, 200));
        }
        try (VertxHttpPeer vertx = new VertxHttpPeer()) {
            assertEquals(400, vertx.httpHello(8, 400));
        }
        assertEquals(400, NioHttpServer.httpHello(8, 400));
        assertEquals(200, NioHttpServer.connectClose(8, 200));
    }

    @Test
    void idleTcpServerClientProbeMeasuresSomething() {
        try (LoopDriver driver = LoopDrivers.open("select")) {
            MemoryProbe.Measurement m = MemoryProbe.idleTcpServerClientBytes(driver, 200, 1);
            assertEquals(MemoryProbe.IDLE_TCP_SERVER_CLIENT, m.what());
            assertTrue(m.median() > 200 && m.median() < 1_000_000, m.toString());
        }
    }

    @Test
    void reportHasComponentRowsAndTargets() {
        String tcp = Workloads.TCP_SERVER;
        Report report = new Report("test", List.of(
                new Row("line-echo", "poe/select", 40_000, 39_000, 41_000, 2),
                new Row("line-echo", tcp, 38_000, 37_000, 39_000, 2),
                new Row("line-echo", "netty", 45_000, 44_000, 46_000, 2),
                new Row("http-hello", "vertx", 50_000, 49_000, 51_000, 2),
                new Row("http-hello", tcp, 40_000, 39_000, 41_000, 2),
                new Row("http-hello", "netty", 55_000, 54_000, 56_000, 2),
                new Row("http-hello", "plain", 80_000, 79_000, 81_000, 2),
                new Row("connect-close", "netty", 10_000, 9_000, 11_000, 2),
                new Row("connect-close", tcp, 6_000, 5_000, 7_000, 2)),
                List.of(new MemoryProbe.Measurement("select", MemoryProbe.IDLE_TCP_SERVER_CLIENT, 3000, 2900, 3100, 3)),
                List.of());
        assertEquals(List.of("poe/select", tcp, "netty", tcp, "plain", "netty", "vertx", tcp, "netty"),
                report.rows().stream().map(Row::impl).toList(), "tcpserver beside poe/select, then baselines");
        String table = report.table();
        String row = table.lines().filter(l -> l.startsWith("http-hello") && l.contains(tcp)).findFirst()
                .orElseThrow(() -> new AssertionError(table));
        // workload, impl, ops/s, spread, x plain, x netty, x vertx
        assertTrue(row.matches("http-hello +tcpserver/select +40,000 +5% +0\\.50 +0\\.73 +0\\.80 *"), row);
        assertTarget(report, "line-echo: tcpserver / netty", 38.0 / 45, true);
        assertTarget(report, "http-hello: tcpserver / vertx", 0.8, true);
        assertTarget(report, "http-hello: plain / best server (netty)", 80.0 / 55, true);
        assertTarget(report, "connect-close: tcpserver / netty", 0.6, false);
        assertTarget(report, MemoryProbe.IDLE_TCP_SERVER_CLIENT + " (select)", 3000, true);
        assertTrue(table.contains("not wrk"), table);
        String json = report.json();
        assertTrue(json.contains("\"workload\": \"connect-close\""), json);
        assertTrue(json.contains("\"target\": \"http-hello: tcpserver / vertx\""), json);
        assertTrue(json.contains("Java NIO generators"), json);
    }

    private static void assertTarget(Report report, String name, double value, boolean met) {
        Target t = report.targets().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no target '" + name + "' in " + report.targets()));
        assertEquals(value, t.value(), 1e-9, name);
        assertEquals(met, t.met(), name);
    }
}
