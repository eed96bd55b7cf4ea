package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import poe.compat.ChildJvmCommand;
import poe.compat.ChildJvmRun;

/**
 * {@code -Dpoe.timeslice.oneBatch=true}: each timeslice dispatches one of POE's batches, so
 * I/O comes between every two batches exactly where real POE 1.370 puts it (the trace below
 * is POE's, from the Perl twin of {@link OneBatchChildMain}). By default a timeslice goes on
 * with later batches for up to a millisecond, so the pipe's readiness would come after the
 * whole yield chain; that order depends on the clock and is not asserted. Select loop, in a
 * child JVM (the switch is read once per JVM).
 */
class OneBatchTimesliceTest {

    @Test
    void ioComesBetweenEveryTwoBatchesAsInPoe() throws Exception {
        List<String> cmd = ChildJvmCommand.of(OneBatchChildMain.class);
        cmd.add(cmd.indexOf("-cp"), "-Dpoe.timeslice.oneBatch=true");
        ChildJvmRun r = ChildJvmRun.of(cmd, 120);
        assertEquals(0, r.exit(), r.output());
        assertEquals(List.of("start", "step 1", "readable", "step 2", "step 3", "step 4", "readable", "step 5",
                "step 6", "stop", "done"), r.output().lines().toList(), r.output());
    }
}
