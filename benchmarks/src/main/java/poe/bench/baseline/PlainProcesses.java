package poe.bench.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plain limits of the child-process workloads: a {@link Process}'s input stream read
 * on the calling thread ({@code run-stdout}); {@link ProcessBuilder}, a read of stdout to
 * its end and {@link Process#waitFor()} on a few threads ({@code run-spawn}).
 *
 * <pre>{@code
 * long bytes = PlainProcesses.stdout("head", "-c", "268435456", "/dev/zero");
 * int done = PlainProcesses.spawn(100, 4, "echo", "spawn");
 * }</pre>
 */
public final class PlainProcesses {

    private PlainProcesses() {
    }

    /** Starts the command and reads its stdout to the end (64 KiB reads). @return bytes read */
    public static long stdout(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long n = 0;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = p.getInputStream()) {
                for (int r; (r = in.read(buf)) >= 0; ) {
                    n += r;
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue());
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the command {@code children} times, {@code threads} at once: start, read stdout
     * to its end, {@code waitFor}.
     *
     * @return children that wrote something and exited with 0
     */
    public static int spawn(int children, int threads, String... command) {
        AtomicInteger left = new AtomicInteger(children);
        AtomicInteger ok = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        if (stdout(command) > 0) {
                            ok.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        return ok.get();
    }
}
