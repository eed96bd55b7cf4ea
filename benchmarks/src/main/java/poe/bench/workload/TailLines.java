package poe.bench.workload;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import poe.Kernel;
import poe.Session;
import poe.wheel.FollowTail;

/**
 * Lines appended to a file by a writer thread and delivered by a {@link FollowTail} wheel
 * following the file by name (Line filter, the defaults; poll interval 10 ms, as the wheel
 * reads again at once after data the interval only matters when it has caught up). The
 * writer appends in bursts of 100 lines; the run ends when the session has had every line.
 * Rated as lines per second, from the wheel's start to the last InputEvent. No baseline.
 *
 * <pre>{@code
 * new TailLines(200_000, 48)
 * }</pre>
 */
public final class TailLines implements KernelWorkload {

    /** Poll interval of the wheel, seconds. */
    public static final double POLL = 0.01;

    private final int lines;
    private final int lineBytes;
    private Path file;
    private Thread writer;
    private volatile Throwable writerFailure;
    private long received;

    /**
     * @param lines     lines appended
     * @param lineBytes bytes per line, LF included
     */
    public TailLines(int lines, int lineBytes) {
        this.lines = lines;
        this.lineBytes = lineBytes;
    }

    @Override
    public String name() {
        return "tail-lines";
    }

    @Override
    public long ops() {
        return lines;
    }

    @Override
    public void start(Kernel kernel) {
        try {
            file = Files.createTempFile("poe-tail-lines", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Session.builder()
                .on("_start", ev -> {
                    FollowTail tail = FollowTail.builder().filename(file).pollInterval(POLL)
                            .inputEvent("line").errorEvent("error").create(ev.kernel());
                    ev.<FollowTail[]>heap()[0] = tail;
                    writer = new Thread(this::write, "tail-lines-writer");
                    writer.start();
                })
                .on("line", ev -> {
                    if (++received == lines) {
                        ev.<FollowTail[]>heap()[0].close();
                    }
                })
                .on("error", ev -> {
                    throw new IllegalStateException("tail-lines: " + ev.arg(0) + " " + ev.arg(1) + " " + ev.arg(2));
                })
                .heap(new FollowTail[1])
                .create(kernel);
    }

    private void write() {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < lineBytes - 1) {
            sb.append('x');
        }
        String line = sb.append('\n').toString();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.APPEND)) {
            for (int i = 1; i <= lines; i++) {
                w.write(line);
                if (i % 100 == 0) {
                    w.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            writerFailure = e;
        }
    }

    /** Lines delivered (after the run). */
    public long received() {
        return received;
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
            throw new IllegalStateException("tail-lines writer failed", writerFailure);
        }
        KernelWorkload.expect("lines delivered", lines, received);
    }
}
