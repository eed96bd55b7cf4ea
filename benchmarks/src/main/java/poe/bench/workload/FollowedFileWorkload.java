package poe.bench.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.wheel.FollowTail;

/**
 * What the {@code tail-lines} workloads share: a temporary file followed by name by a
 * {@link FollowTail} wheel (Line filter, poll interval {@link #POLL}), a writer thread that
 * appends to it once the wheel exists, and a session that closes the wheel after the last
 * expected line. Subclasses say what the writer appends and what each line means.
 */
abstract class FollowedFileWorkload implements KernelWorkload {
    /** Poll interval of the wheel, seconds. */
    static final double POLL = 0.01;

    private final String name;
    private final long expected;
    /** The followed file; set by {@link #start}. */
    protected Path file;
    private Thread writer;
    private volatile Throwable writerFailure;
    private long received;

    FollowedFileWorkload(String name, long expected) {
        this.name = name;
        this.expected = expected;
    }

    /** Appends to {@link #file}; runs on the writer thread. */
    protected abstract void write() throws Exception;

    /** One line delivered by the wheel, the {@code n}th (from 0), on the kernel's thread. */
    protected abstract void line(EventContext ev, long n);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long ops() {
        return expected;
    }

    @Override
    public final void start(Kernel kernel) {
        try {
            file = Files.createTempFile("poe-" + name.replace(' ', '-'), ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Session.builder()
                .on("_start", ev -> {
                    ev.<FollowTail[]>heap()[0] = FollowTail.builder().filename(file).pollInterval(POLL)
                            .inputEvent("line").errorEvent("error").create(ev.kernel());
                    writer = new Thread(this::runWriter, name + " writer");
                    writer.start();
                })
                .on("line", ev -> {
                    long n = received++;
                    if (received == expected) {
                        ev.<FollowTail[]>heap()[0].close();
                    }
                    line(ev, n);
                })
                .on("error", ev -> {
                    throw new IllegalStateException(name + ": " + ev.arg(0) + " " + ev.arg(1) + " " + ev.arg(2));
                })
                .heap(new FollowTail[1])
                .create(kernel);
    }

    private void runWriter() {
        try {
            write();
        } catch (Exception e) {
            writerFailure = e;
        }
    }

    /** Lines delivered (after the run). */
    public final long received() {
        return received;
    }

    @Override
    public final void verify() {
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
            throw new IllegalStateException(name + " writer failed", writerFailure);
        }
        KernelWorkload.expect("lines delivered", expected, received);
    }
}
