package poe.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.pty4j.PtyProcessBuilder;

/**
 * A program the examples' tests run and watch, on a pseudo-terminal (pty4j, 80x24,
 * {@code TERM=xterm}: a user can type at it) or on pipes: keeps what it printed with the
 * escape sequences and carriage returns taken out, waits until that shows what the test
 * waits for (never after a fixed sleep), and stops the program with everything it started.
 * The one reader of a child's output in this module.
 *
 * <pre>{@code
 * try (RunningProgram user = RunningProgram.onPty(root, "bash", "-c", command)) {
 *     user.await("nickname", t -> t.contains("Your nickname?"), 60);
 *     user.type("alice\r");
 * }
 * }</pre>
 */
final class RunningProgram implements AutoCloseable {

    private static final String ESCAPES = "\u001B\\[[0-9;?>]*[ -/]*[@-~]|\u001B\\][^\u0007]*\u0007|\u001B[()][A-Za-z0-9]"
            + "|\u001B[=>78DEMc]|\r|\u0007";

    private final Process process;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final Thread reader;

    private RunningProgram(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "running-program-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs the command in {@code dir} on a pseudo-terminal, stderr with stdout. */
    static RunningProgram onPty(Path dir, String... command) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("TERM", "xterm");
        env.put("NO_AT_BRIDGE", "1");
        return new RunningProgram(new PtyProcessBuilder(command).setDirectory(dir.toString()).setEnvironment(env)
                .setInitialColumns(80).setInitialRows(24).setRedirectErrorStream(true).start());
    }

    /** Runs the command on pipes, stderr with stdout. */
    static RunningProgram onPipes(ProcessBuilder builder) throws IOException {
        return new RunningProgram(builder.redirectErrorStream(true).start());
    }

    private void read() {
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (this) {
                    raw.write(buf, 0, n);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the pty closes with the program
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** What the program printed so far, without escape sequences and carriage returns. */
    synchronized String text() {
        return raw.toString(StandardCharsets.UTF_8).replaceAll(ESCAPES, "");
    }

    /**
     * Waits until the text satisfies the condition.
     *
     * @throws AssertionError with the text so far when it does not within {@code seconds},
     *                        or the program ended without it
     */
    synchronized void await(String what, Predicate<String> until, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!until.test(text())) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                throw new AssertionError("waited for " + what + " (alive: " + process.isAlive() + "); the program"
                        + " printed:\n" + text());
            }
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
        }
    }

    /** Types keys (on pipes: writes them to its stdin). */
    void type(String keys) throws IOException {
        process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Whether the program still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the program to end and for the rest of its output; its exit status, or -1 if
     * it did not end in time.
     */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -1;
        }
        reader.join(10_000);
        return process.exitValue();
    }

    /** Stops the program and whatever it started (Maven's JVM, the example's). */
    @Override
    public void close() throws InterruptedException {
        // by pid: a pty4j process has no ProcessHandle of its own (toHandle() is not implemented)
        List<ProcessHandle> tree = ProcessHandle.of(process.pid()).map(h -> h.descendants().toList()).orElse(List.of());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        for (ProcessHandle handle : tree) {
            handle.onExit().completeOnTimeout(handle, 10, TimeUnit.SECONDS).join();
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        reader.join(10_000);
    }
}
