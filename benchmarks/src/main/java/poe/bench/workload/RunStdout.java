package poe.bench.workload;

import poe.Kernel;
import poe.Session;
import poe.filter.Stream;
import poe.wheel.Run;

/**
 * A child that writes a lot to stdout ({@code head -c BYTES /dev/zero}), read through a
 * {@link Run} wheel with the {@link Stream} filter (no framing): each StdoutEvent's chunk
 * is counted. Rated as MiB/s; the plain baseline reads the same child's
 * {@link Process#getInputStream()} ({@link poe.bench.baseline.PlainProcesses#stdout}).
 *
 * <pre>{@code
 * new RunStdout(256L << 20)
 * }</pre>
 */
public final class RunStdout implements KernelWorkload {

    private final long bytes;
    private long received;
    private long exitStatus = -1;
    private boolean closed;

    /** @param bytes bytes the child writes */
    public RunStdout(long bytes) {
        this.bytes = bytes;
    }

    /** The child's command line: {@code head -c BYTES /dev/zero}. */
    public static String[] command(long bytes) {
        return new String[] {"head", "-c", Long.toString(bytes), "/dev/zero"};
    }

    @Override
    public String name() {
        return "run-stdout";
    }

    @Override
    public long ops() {
        return bytes >> 20;
    }

    @Override
    public void start(Kernel kernel) {
        Session.builder()
                .on("_start", ev -> {
                    String[] cmd = command(bytes);
                    Run run = Run.builder()
                            .command(cmd[0], cmd[1], cmd[2], cmd[3])
                            .stdoutFilter(Stream.create())
                            .noStdin(true)
                            .stdoutEvent("out")
                            .closeEvent("closed")
                            .create(ev.kernel());
                    ev.kernel().sigChild(run.pid(), "reaped");
                    ev.<Run[]>heap()[0] = run;
                })
                .on("out", ev -> received += ev.<byte[]>arg(Run.ARG_OUTPUT).length)
                .on("closed", ev -> {
                    closed = true;
                    ev.<Run[]>heap()[0].close();
                })
                .on("reaped", ev -> exitStatus = ((Number) ev.arg(2)).longValue())
                .heap(new Run[1])
                .create(kernel);
    }

    /** Bytes read (after the run). */
    public long received() {
        return received;
    }

    @Override
    public void verify() {
        KernelWorkload.expect("bytes read from the child's stdout", bytes, received);
        KernelWorkload.expect("CloseEvent", 1, closed ? 1 : 0);
        KernelWorkload.expect("exit status", 0, exitStatus);
    }
}
