package poe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import poe.bench.baseline.NettyPeer;
import poe.bench.baseline.NioLineEchoServer;
import poe.bench.loop.LoopDriver;
import poe.bench.loop.LoopDrivers;
import poe.bench.workload.LineEcho;

/**
 * The line-echo workload (issue 15), briefly: the POE server on select, Netty's and the
 * plain NIO line echo each echo every line (the client checks them byte for byte), the
 * idle-connection probe measures something, and the report turns line-echo rows into a
 * well-formed table row, JSON row and targets. No timing is asserted.
 */
class LineEchoSmokeTest {

    @Test
    void everyServerEchoesEveryLine() {
        try (LoopDriver driver = LoopDrivers.open("select")) {
            LineEcho w = new LineEcho(8, 400, Sizes.LINE_BYTES);
            driver.run(w);   // verify() inside: client and server counts, connections closed
            assertEquals(400, w.echoed());
            assertEquals("line-echo", w.name());
        }
        try (NettyPeer netty = new NettyPeer()) {
            assertEquals(400, netty.lineEcho(8, 400, Sizes.LINE_BYTES));
        }
        assertEquals(400, NioLineEchoServer.run(8, 400, Sizes.LINE_BYTES));
    }

    @Test
    void idleConnectionProbeMeasuresSomething() {
        try (LoopDriver driver = LoopDrivers.open("select")) {
            MemoryProbe.Measurement m = MemoryProbe.idleConnectionBytes(driver, 200, 1);
            assertEquals(MemoryProbe.IDLE_CONNECTION, m.what());
            // at least a session, a wheel, a filter and a driver; not megabytes
            assertTrue(m.median() > 200 && m.median() < 1_000_000, m.toString());
        }
    }

    @Test
    void reportHasLineEchoRowsAndTargets() {
        Report report = new Report("test", List.of(
                new Row("line-echo", "poe/select", 40_000, 39_000, 41_000, 2),
                new Row("line-echo", "poe/swt", 30_000, 29_000, 31_000, 2),
                new Row("line-echo", "netty", 45_000, 44_000, 46_000, 2),
                new Row("line-echo", "plain", 60_000, 59_000, 61_000, 2)),
                List.of(new MemoryProbe.Measurement("select", MemoryProbe.IDLE_CONNECTION, 3000, 2900, 3100, 3)),
                List.of());
        assertEquals(List.of("poe/select", "poe/swt", "plain", "netty"),
                report.rows().stream().map(Row::impl).toList(), "kernel rows first, select first");
        String table = report.table();
        String row = table.lines().filter(l -> l.startsWith("line-echo") && l.contains("poe/select")).findFirst()
                .orElseThrow(() -> new AssertionError(table));
        // workload, impl, ops/s, spread, x plain, x netty
        assertTrue(row.matches("line-echo +poe/select +40,000 +5% +0\\.67 +0\\.89 *"), row);
        assertTarget(report, "line-echo: select / netty", 40.0 / 45, true);
        assertTarget(report, "line-echo: swt / select", 0.75, true);
        assertTarget(report, "line-echo: plain / best server (netty)", 60.0 / 45, true);
        assertTarget(report, MemoryProbe.IDLE_CONNECTION + " (select)", 3000, true);
        String json = report.json();
        assertTrue(json.contains("\"workload\": \"line-echo\""), json);
        assertTrue(json.contains("\"target\": \"line-echo: select / netty\""), json);
        assertTrue(json.contains("\"goal\": \"<= 4096\""), json);
    }

    @Test
    void missingLineEchoRowsAreNotJudged() {
        Report report = new Report("test", List.of(new Row("line-echo", "poe/select", 40_000, 39_000, 41_000, 2)),
                List.of(), List.of());
        Target t = report.targets().stream().filter(x -> x.name().equals("line-echo: select / netty")).findFirst()
                .orElseThrow();
        assertEquals("n/a", t.verdict());
        assertFalse(report.table().contains("MISSED"), report.table());
    }

    private static void assertTarget(Report report, String name, double value, boolean met) {
        Target t = report.targets().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no target '" + name + "' in " + report.targets()));
        assertEquals(value, t.value(), 1e-9, name);
        assertEquals(met, t.met(), name);
    }
}
