package poe.bench.workload;

import java.util.HashMap;
import java.util.Map;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.wheel.Run;

/**
 * Children started, their output read and their exit reaped: {@code echo spawn}, through a
 * {@link Run} wheel each, started with {@link Run.Builder#createInBackground} (the started
 * event, StdoutEvent for the line, CloseEvent, the exit status from the kernel's
 * {@code sigChild}), {@code inFlight} at a time until {@code children} have
 * finished. Rated as children per second; the plain baseline does the same with
 * {@link ProcessBuilder}, a read of stdout and {@link Process#waitFor()} on as many threads
 * ({@link poe.bench.baseline.PlainProcesses#spawn}).
 *
 * <pre>{@code
 * new RunSpawn(100, 4)
 * }</pre>
 */
public final class RunSpawn implements KernelWorkload {

    /** The child's command line. */
    public static final String[] COMMAND = {"echo", "spawn"};
    /** Each child is started in the background: the kernel goes on while ProcessBuilder waits for the exec. */
    private final Run.Builder spawn = Run.builder().command(COMMAND[0], COMMAND[1]).noStdin(true)
            .stdoutEvent("out").closeEvent("closed");

    private final int children;
    private final int inFlight;
    private int started;
    private int lines;
    private int closed;
    private int reaped;
    private int failedExits;
    private final Map<Long, Child> byWheel = new HashMap<>();
    private final Map<Long, Child> byPid = new HashMap<>();

    private static final class Child {
        Run run;
        long pid;
        boolean closed;
        boolean reaped;
    }

    /**
     * @param children children in all
     * @param inFlight children running at once
     */
    public RunSpawn(int children, int inFlight) {
        this.children = children;
        this.inFlight = inFlight;
    }

    @Override
    public String name() {
        return "run-spawn";
    }

    @Override
    public long ops() {
        return children;
    }

    @Override
    public void start(Kernel kernel) {
        Session.builder()
                .on("_start", ev -> {
                    for (int i = 0; i < inFlight && started < children; i++) {
                        spawn(ev);
                    }
                })
                .on("out", ev -> {
                    if ("spawn".equals(ev.arg(Run.ARG_OUTPUT))) {
                        lines++;
                    }
                })
                .on("started", ev -> {
                    Child c = byWheel.get(((Number) ev.arg(2)).longValue());
                    c.run = ev.arg(0);
                    c.pid = ((Number) ev.arg(1)).longValue();
                    byPid.put(c.pid, c);
                    ev.kernel().sigChild(c.pid, "reaped");
                })
                .on("failed", ev -> {
                    throw new IllegalStateException("a child did not start: " + ev.arg(2));
                })
                .on("closed", ev -> {
                    closed++;
                    Child c = byWheel.get(((Number) ev.arg(0)).longValue());
                    c.closed = true;
                    c.run.close();
                    finish(ev, c);
                })
                .on("reaped", ev -> {
                    reaped++;
                    if (((Number) ev.arg(2)).longValue() != 0) {
                        failedExits++;
                    }
                    Child c = byPid.get(((Number) ev.arg(1)).longValue());
                    c.reaped = true;
                    finish(ev, c);
                })
                .create(kernel);
    }

    private void spawn(EventContext ev) {
        started++;
        Child c = new Child();
        byWheel.put(spawn.createInBackground(ev.kernel(), "started", "failed"), c);
    }

    private void finish(EventContext ev, Child c) {
        if (c.closed && c.reaped) {
            byWheel.remove(c.run.id());
            byPid.remove(c.pid);
            if (started < children) {
                spawn(ev);
            }
        }
    }

    @Override
    public void verify() {
        KernelWorkload.expect("children started", children, started);
        KernelWorkload.expect("lines read", children, lines);
        KernelWorkload.expect("CloseEvents", children, closed);
        KernelWorkload.expect("children reaped", children, reaped);
        KernelWorkload.expect("non-zero exits", 0, failedExits);
    }
}
