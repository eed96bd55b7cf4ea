package poe.bench;

import java.util.List;
import java.util.Locale;

import poe.bench.loop.LoopDriver;
import poe.bench.loop.LoopDrivers;
import poe.bench.workload.TailLatency;
import poe.bench.workload.TailLines;

/**
 * The median latency of {@code tail-lines} (append to InputEvent), measured in the suite's
 * own JVM after the JMH runs on the select loop: {@link TailLatency}, one line at a time.
 *
 * <pre>{@code
 * Double ms = TailLatencyProbe.run(notes);   // null if it failed (a note says why)
 * }</pre>
 */
final class TailLatencyProbe {

    private TailLatencyProbe() {
    }

    /** @return the median in ms, or null when the probe failed (a note is added) */
    static Double run(List<String> notes) {
        System.out.println("tail-lines latency: " + Sizes.TAIL_LATENCY_SAMPLES + " lines, one at a time");
        try (LoopDriver driver = LoopDrivers.open("select")) {
            TailLatency t = new TailLatency(Sizes.TAIL_LATENCY_SAMPLES);
            driver.run(t);
            double ms = t.medianMillis();
            notes.add(String.format(Locale.ROOT, "tail-lines latency: median %.1f ms from append to InputEvent"
                    + " over %d lines appended one at a time (FollowTail by name, poll interval %.0f ms)", ms,
                    Sizes.TAIL_LATENCY_SAMPLES, TailLines.POLL * 1000));
            return ms;
        } catch (RuntimeException e) {
            notes.add("tail-lines latency probe failed: " + e);
            return null;
        }
    }
}
