package poe.bench.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import poe.EventContext;
import poe.wheel.FollowTail;

/**
 * The latency of {@code tail-lines}: a writer thread appends one line at a time (its
 * {@link System#nanoTime()} as text), waits until the session has had it, pauses a random
 * 0-20 ms (so appends fall anywhere in the wheel's poll cycle), and appends the next. The
 * session records the time from append to InputEvent. FollowTail polls (every
 * {@link TailLines#POLL} s here) when it has caught up, so the median is about half the
 * poll interval plus the dispatch. Reported, not judged.
 *
 * <pre>{@code
 * TailLatency t = new TailLatency(100);
 * driver.run(t);
 * t.medianMillis();
 * }</pre>
 */
public final class TailLatency extends FollowedFileWorkload {
    private final int samples;
    private final long[] nanos;
    private final LinkedBlockingQueue<Boolean> delivered = new LinkedBlockingQueue<>();

    /** @param samples lines appended, one at a time */
    public TailLatency(int samples) {
        super("tail-lines latency", samples);
        this.samples = samples;
        this.nanos = new long[samples];
    }

    @Override
    protected void write() throws IOException, InterruptedException {
        for (int i = 0; i < samples; i++) {
            Thread.sleep(ThreadLocalRandom.current().nextInt(21));
            Files.writeString(file, System.nanoTime() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
            if (delivered.poll(60, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("line " + i + " not delivered within 60 s");
            }
        }
    }

    @Override
    protected void line(EventContext ev, long n) {
        nanos[(int) n] = System.nanoTime() - Long.parseLong(ev.arg(FollowTail.ARG_INPUT));
        delivered.offer(Boolean.TRUE);      // the writer is waiting for it
    }

    /** The median latency from append to InputEvent, milliseconds (after the run). */
    public double medianMillis() {
        long[] s = Arrays.copyOf(nanos, (int) received());
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[s.length / 2] / 1e6;
    }
}
