package poe.bench.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import poe.Kernel;
import poe.Session;
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
public final class TailLatency implements KernelWorkload {

    private final int samples;
    private final long[] nanos;
    private final LinkedBlockingQueue<Boolean> delivered = new LinkedBlockingQueue<>();
    private Path file;
    private Thread writer;
    private volatile Throwable writerFailure;
    private int received;

    /** @param samples lines appended, one at a time */
    public TailLatency(int samples) {
        this.samples = samples;
        this.nanos = new long[samples];
    }

    @Override
    public String name() {
        return "tail-lines latency";
    }

    @Override
    public long ops() {
        return samples;
    }

    @Override
    public void start(Kernel kernel) {
        try {
            file = Files.createTempFile("poe-tail-latency", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Session.builder()
                .on("_start", ev -> {
                    ev.<FollowTail[]>heap()[0] = FollowTail.builder().filename(file).pollInterval(TailLines.POLL)
                            .inputEvent("line").create(ev.kernel());
                    writer = new Thread(this::write, "tail-latency-writer");
                    writer.start();
                })
                .on("line", ev -> {
                    nanos[received] = System.nanoTime() - Long.parseLong(ev.arg(FollowTail.ARG_INPUT));
                    if (++received == samples) {
                        ev.<FollowTail[]>heap()[0].close();
                    }
                    delivered.offer(Boolean.TRUE);      // the writer is waiting for it
                })
                .heap(new FollowTail[1])
                .create(kernel);
    }

    private void write() {
        try {
            for (int i = 0; i < samples; i++) {
                Thread.sleep(ThreadLocalRandom.current().nextInt(21));
                Files.writeString(file, System.nanoTime() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
                if (delivered.poll(60, TimeUnit.SECONDS) == null) {
                    throw new IllegalStateException("line " + i + " not delivered within 60 s");
                }
            }
        } catch (IOException | RuntimeException e) {
            writerFailure = e;
        } catch (InterruptedException e) {
            writerFailure = e;
        }
    }

    /** The median latency from append to InputEvent, milliseconds (after the run). */
    public double medianMillis() {
        long[] s = Arrays.copyOf(nanos, received);
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[s.length / 2] / 1e6;
    }

    @Override
    public void verify() {
        try {
            if (writer != null) {
                writer.join(60_000);
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a temp file left behind
        }
        if (writerFailure != null) {
            throw new IllegalStateException("tail-lines latency writer failed", writerFailure);
        }
        KernelWorkload.expect("lines delivered", samples, received);
    }
}
