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

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;

/**
 * A user at a terminal, for the terminal examples' tests: runs a command on a
 * pseudo-terminal (pty4j, 80x24, {@code TERM=xterm}), keeps what it printed with the escape
 * sequences taken out, and types keys once the text it waits for is there (never ahead of
 * the program, never after a fixed sleep).
 *
 * <pre>{@code
 * try (PtyUser user = PtyUser.start(root, "bash", "-c", command)) {
 *     user.await("nickname", t -> t.contains("Your nickname?"));
 *     user.type("alice\r");
 * }
 * }</pre>
 */
final class PtyUser implements AutoCloseable {

    private static final String ESCAPES = "\u001B\\[[0-9;?>]*[ -/]*[@-~]|\u001B\\][^\u0007]*\u0007|\u001B[()][A-Za-z0-9]"
            + "|\u001B[=>78DEMc]|\r|\u0007";

    private final PtyProcess process;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final Thread reader;

    private PtyUser(PtyProcess process) {
        this.process = process;
        this.reader = new Thread(this::read, "pty-user-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static PtyUser start(Path dir, String... command) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("TERM", "xterm");
        env.put("NO_AT_BRIDGE", "1");
        PtyProcess p = new PtyProcessBuilder(command).setDirectory(dir.toString()).setEnvironment(env)
                .setInitialColumns(80).setInitialRows(24).setRedirectErrorStream(true).start();
        return new PtyUser(p);
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
     * @throws AssertionError with the text so far when it does not within {@code seconds}
     */
    synchronized void await(String what, Predicate<String> until, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!until.test(text())) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                throw new AssertionError("waited for " + what + " (alive: " + process.isAlive() + "); the terminal"
                        + " showed:\n" + text());
            }
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
        }
    }

    /** Types keys. */
    void type(String keys) throws IOException {
        process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for the program to end; its exit status, or -1 if it did not. */
    int waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** Stops the program and whatever it started (Maven's JVM, the example's). */
    @Override
    public void close() throws InterruptedException {
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
