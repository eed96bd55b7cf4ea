package poe.bench.workload;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

import poe.EventContext;
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
public final class TailLines extends FollowedFileWorkload {
    /** Poll interval of the wheel, seconds. */
    public static final double POLL = FollowedFileWorkload.POLL;

    private final int lines;
    private final int lineBytes;

    /**
     * @param lines     lines appended
     * @param lineBytes bytes per line, LF included
     */
    public TailLines(int lines, int lineBytes) {
        super("tail-lines", lines);
        this.lines = lines;
        this.lineBytes = lineBytes;
    }

    @Override
    protected void write() throws IOException {
        String line = "x".repeat(Math.max(0, lineBytes - 1)) + "\n";
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.APPEND)) {
            for (int i = 1; i <= lines; i++) {
                w.write(line);
                if (i % 100 == 0) {
                    w.flush();
                }
            }
        }
    }

    @Override
    protected void line(EventContext ev, long n) {
        // counted by the base
    }
}
