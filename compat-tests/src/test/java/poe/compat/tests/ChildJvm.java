package poe.compat.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import poe.compat.ChildJvmCommand;

/**
 * Child processes of the scenarios (child JVMs, shell helpers) and what a scenario says about
 * them when it gives up: a child that is still alive after a scenario ended badly is
 * described on stderr (which surefire keeps in the test's report) with its state, its
 * descendants, its stderr and, for a JVM, every thread's stack ({@code jcmd <pid>
 * Thread.print}). A timeout on CI then explains itself (issue 22).
 *
 * <pre>{@code
 * Process child = ChildJvm.start(OsSignalsChildMain.class, "select", "run", "handled");
 * try { ... } finally {
 *     String why = ChildJvm.diagnoseIfAlive("hangs", child);   // null if it exited
 *     ...
 * }
 * }</pre>
 */
final class ChildJvm {

    /**
     * Where the children's stderr files go: under the module's {@code target}, so that a run
     * killed before it could delete them leaves nothing in /tmp, and a failed CI run keeps
     * them next to the surefire reports ({@code mvn clean} removes them).
     */
    private static final Path STDERR_DIR = Path.of("target", "child-stderr");

    /** Where each child's stderr goes, when it was started here. */
    private static final Map<Process, Path> STDERR = new WeakHashMap<>();

    private ChildJvm() {
    }

    /**
     * Starts {@code main} in a child JVM ({@link ChildJvmCommand}: this JVM's settings, flags
     * for a quick start, and class path). Its stderr goes to a file that
     * {@link #diagnose} shows; its stdout is the process's input stream.
     */
    static Process start(Class<?> main, String... args) {
        return start(defaultSignals(), main, args);
    }

    /**
     * {@link #start(Class, String...)} through a launcher: a command prefix that ends by
     * running its arguments (e.g. {@code sh -c '...; exec "$0" "$@"'}).
     */
    static Process start(List<String> launcher, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(ChildJvmCommand.of(main, args));
        try {
            Files.createDirectories(STDERR_DIR);
            Path err = Files.createTempFile(STDERR_DIR, main.getSimpleName() + "-", ".stderr");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            synchronized (STDERR) {
                STDERR.put(p, err);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM: " + cmd, e);
        }
    }

    /**
     * The command run through {@link #defaultSignals()}: for every helper process a scenario
     * signals (a shell that inherited SIGINT ignored could not be interrupted either).
     */
    static List<String> withDefaultSignals(String... command) {
        List<String> cmd = new ArrayList<>(defaultSignals());
        cmd.addAll(List.of(command));
        return cmd;
    }

    /**
     * A launcher that gives the child the OS signals' default actions. A JVM started with
     * SIGINT or SIGHUP ignored (this one under nohup, or as a background job of a shell) passes
     * that on, and the child's JVM then keeps them ignored: its OS-signal scenarios could never
     * pass. GNU env resets them; where it cannot, the child inherits what this JVM has.
     */
    private static synchronized List<String> defaultSignals() {
        if (defaultSignals == null) {
            List<String> env = List.of("env", "--default-signal=HUP,INT,QUIT,TERM,USR1,USR2");
            boolean works;
            try {
                List<String> probe = new ArrayList<>(env);
                probe.add("true");
                Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                works = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                works = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                works = false;
            }
            defaultSignals = works ? env : List.of();
        }
        return defaultSignals;
    }

    private static List<String> defaultSignals;

    /**
     * Describes the process if it is still alive (the scenario gave up on it) and prints the
     * description to stderr; null if it has exited.
     */
    static String diagnoseIfAlive(String why, Process p) {
        if (!p.isAlive()) {
            return null;
        }
        String report = diagnose(why, p);
        System.err.println(report);
        return report;
    }

    /** The state of a child: pid, state and wait channel, descendants, stderr, thread dump. */
    static String diagnose(String why, Process p) {
        // a scenario that timed out may have been interrupted: jcmd must still be waited for
        boolean interrupted = Thread.interrupted();
        try {
            return describe(why, p);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String describe(String why, Process p) {
        StringBuilder sb = new StringBuilder();
        long pid = p.pid();
        sb.append("==== child process ").append(pid).append(" (").append(why).append("): alive ").append(p.isAlive())
                .append(", command ").append(p.info().commandLine().orElse("?")).append('\n');
        sb.append(procState(pid)).append('\n');
        List<ProcessHandle> descendants = p.descendants().collect(Collectors.toList());
        for (ProcessHandle d : descendants) {
            sb.append("  descendant ").append(d.pid()).append(": ").append(d.info().commandLine().orElse("?"))
                    .append("; ").append(procState(d.pid())).append('\n');
        }
        Path err;
        synchronized (STDERR) {
            err = STDERR.get(p);
        }
        if (err != null) {
            sb.append("---- its stderr:\n").append(tail(err)).append('\n');
        }
        if (p.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
            sb.append("---- its threads (jcmd ").append(pid).append(" Thread.print):\n").append(threadDump(pid))
                    .append('\n');
        }
        sb.append("==== end of child ").append(pid);
        return sb.toString();
    }

    /** What a child made by {@link #start} wrote on stderr so far. */
    static String stderr(Process p) {
        Path err;
        synchronized (STDERR) {
            err = STDERR.get(p);
        }
        return err == null ? "" : read(err);
    }

    /** {@code /proc/<pid>/stat}'s state and {@code wchan}: where a stuck process waits (Linux). */
    private static String procState(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        if (!Files.isDirectory(proc)) {
            return "(no /proc entry)";
        }
        String state = read(proc.resolve("status")).lines()
                .filter(l -> l.startsWith("State:") || l.startsWith("Threads:") || l.startsWith("SigBlk:")
                        || l.startsWith("SigIgn:") || l.startsWith("SigCgt:"))
                .map(String::strip).collect(Collectors.joining(", "));
        return state + ", wchan " + read(proc.resolve("wchan")).strip();
    }

    private static String tail(Path file) {
        String text = read(file);
        return text.length() <= 20_000 ? text : "[...]" + text.substring(text.length() - 20_000);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Every thread's stack of a child JVM, by jcmd (attaches; the JVM keeps running). */
    static String threadDump(long pid) {
        return poe.compat.ChildJvmDump.threads(pid);
    }

}
