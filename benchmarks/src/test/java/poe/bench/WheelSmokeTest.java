package poe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import poe.bench.baseline.PlainProcesses;
import poe.bench.loop.LoopDriver;
import poe.bench.loop.LoopDrivers;
import poe.bench.workload.RunSpawn;
import poe.bench.workload.RunStdout;
import poe.bench.workload.TailLatency;
import poe.bench.workload.TailLines;

/**
 * The wheels' workloads (issue 16), small: run-stdout, run-spawn and tail-lines on select
 * and their plain baselines do all their work (each workload's verify() checks bytes,
 * lines, CloseEvents, exit statuses), the latency probe measures something, and the report
 * turns their rows into table rows and targets. No timing is asserted.
 */
class WheelSmokeTest {

    @Test
    void everyWorkloadDoesAllItsWork() {
        long bytes = 4L << 20;
        try (LoopDriver driver = LoopDrivers.open("select")) {
            RunStdout stdout = new RunStdout(bytes);
            driver.run(stdout);
            assertEquals(bytes, stdout.received());
            assertEquals(4, stdout.ops());
            driver.run(new RunSpawn(12, 3));
            TailLines tail = new TailLines(5_000, Sizes.LINE_BYTES);
            driver.run(tail);
            assertEquals(5_000, tail.received());
            TailLatency latency = new TailLatency(5);
            driver.run(latency);
            assertTrue(latency.medianMillis() > 0, "latency " + latency.medianMillis());
        }
        assertEquals(bytes, PlainProcesses.stdout(RunStdout.command(bytes)));
        assertEquals(12, PlainProcesses.spawn(12, 3, RunSpawn.COMMAND));
    }

    @Test
    void reportHasWheelRowsAndTargets() {
        Report report = new Report("test", List.of(
                new Row("run-stdout", "poe/select", 400, 390, 410, 2),
                new Row("run-stdout", "plain", 500, 490, 510, 2),
                new Row("run-spawn", "poe/select", 50, 49, 51, 2),
                new Row("run-spawn", "plain", 100, 99, 101, 2),
                new Row("tail-lines", "poe/select", 300_000, 290_000, 310_000, 2)),
                List.of(), List.of()).withTailLatency(4.5);
        String table = report.table();
        String row = table.lines().filter(l -> l.startsWith("run-stdout") && l.contains("poe/select")).findFirst()
                .orElseThrow(() -> new AssertionError(table));
        assertTrue(row.matches("run-stdout +poe/select +400 +5% +0\\.80 *"), row);
        assertTarget(report, "run-stdout: select / plain Process", 0.8, true);
        assertTarget(report, "run-spawn: select / plain ProcessBuilder", 0.5, false);
        assertTarget(report, "tail-lines: lines/s", 300_000, null);
        assertTarget(report, "tail-lines: median latency, ms", 4.5, null);
        assertTrue(report.json().contains("\"workload\": \"tail-lines\""), report.json());
        assertEquals("run-spawn", Workloads.fromMethod("runSpawn"));
    }

    private static void assertTarget(Report report, String name, double value, Boolean met) {
        Target t = report.targets().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no target '" + name + "' in " + report.targets()));
        assertEquals(value, t.value(), 1e-9, name);
        assertEquals(met, t.met(), name);
    }
}
