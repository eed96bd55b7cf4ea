package poe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import poe.cluster.examples.RemoteBench;

/**
 * Issue 21's probes, small: group-scaling runs every job on one kernel and on a group of 2
 * (each round waits for every worker's count) and measures something, and the report turns
 * group-scaling's and remote-post/remote-call's figures into its tables, JSON and targets.
 * RemoteBench itself needs two JVMs in a Hazelcast cluster; poe-cluster's ClusterNodeTest
 * covers that path, so here its figures are given. No timing is asserted.
 */
class GroupAndRemoteSmokeTest {

    @Test
    void groupScalingDoesAllItsJobs() throws Exception {
        GroupScaling.Result r = GroupScaling.run(2, 200, 2_000, 3);
        assertEquals(2, r.kernels());
        assertEquals(2, r.rounds(), "the first third of 3 rounds is warm-up");
        assertTrue(r.oneKernel() > 0 && r.group() > 0 && r.ratioMedian() > 0, r.toString());
        // process CPU time ticks coarsely (10 ms on Linux): rounds this small may read 0 cores
        assertTrue(r.oneCores() >= 0 && r.groupCores() >= 0, r.toString());
        assertThrows(IllegalArgumentException.class, () -> GroupScaling.run(2, 201, 10, 3), "jobs not a multiple");
        assertThrows(IllegalArgumentException.class, () -> GroupScaling.run(1, 200, 10, 3), "a group of one");
    }

    @Test
    void reportHasGroupScalingAndRemoteTablesAndTargets() {
        Report report = new Report("test", List.of(), List.of(), List.of())
                .withGroupScaling(new GroupScaling.Result(2, 10_000, 18_000, 1.7, 1.8, 1.9, 10, 0.98, 1.9))
                .withRemote(new RemoteBench.Result(90_000, 100_000, 0.9, 150, 2_000, 100, 1_000, 4, 30), null);
        String table = report.table();
        assertTrue(table.contains("group-scaling (alternate rounds)"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("cpu jobs +2 +10,000 +18,000 +1\\.70 / 1\\.80 / 1\\.90 +0\\.98 / 1\\.90")),
                table);
        assertTrue(table.lines().anyMatch(l -> l.matches("remote-post, posts/s +90,000 +100,000 +0\\.90")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("remote-call p50, us +150 +100 +1\\.50")), table);
        assertTarget(report, "group-scaling: 2 kernels / 1, per round", 1.8, true);
        assertTarget(report, "remote-post (select): poe / raw send", 0.9, true);
        assertTarget(report, "remote-call p50 (select): poe / raw", 1.5, false);
        assertTarget(report, "remote-call p99 (select): poe / raw", 2.0, false);
        assertEquals(null, target(report, "remote-call p50 (colocated): poe / raw").met(), "not measured: n/a");
        assertTrue(table.contains("remote, select (2 JVMs)") && !table.contains("remote, colocated"), table);
        String json = report.json();
        assertTrue(json.contains("\"groupScaling\"") && json.contains("\"groupCoresUsed\""), json);
        assertTrue(json.contains("\"remote\"") && json.contains("\"kernelVertxKernelP50Micros\""), json);

        Report none = new Report("test", List.of(), List.of(), List.of());
        assertEquals(null, target(none, "group-scaling: 2 kernels / 1, per round").met(), "not measured: n/a");
        assertEquals(null, target(none, "remote-call p50 (select): poe / raw").met());
    }

    private static Target target(Report report, String name) {
        return report.targets().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no target " + name + " in " + report.targets()));
    }

    private static void assertTarget(Report report, String name, double value, boolean met) {
        Target t = target(report, name);
        assertEquals(value, t.value(), 1e-9, name);
        assertEquals(met, t.met(), name);
    }
}
