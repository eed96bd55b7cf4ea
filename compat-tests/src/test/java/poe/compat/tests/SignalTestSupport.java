package poe.compat.tests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import poe.compat.ScenarioContext;

/**
 * What the signal and child-process scenarios share: POSIX helper processes (the JVM
 * cannot fork: M-FORK), sending OS signals with {@code kill} (M-SIG), and a trace log.
 */
final class SignalTestSupport {

    private SignalTestSupport() {
    }

    /** Skips the scenario where there is no POSIX shell and {@code kill} (M-PROC, M-SIG). */
    static void assumePosix() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        assumeTrue(!os.contains("win"), "POSIX processes and signals are not available on " + os);
    }

    /** Starts {@code /bin/sh -c script}, stderr merged into stdout, with default signal actions. */
    static Process sh(String script) {
        try {
            return new ProcessBuilder(ChildJvm.withDefaultSignals("/bin/sh", "-c", script)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start /bin/sh", e);
        }
    }

    /** Reads one line of a helper's output (blocking, as PTL's children report "ready"). */
    static String readLine(Process p) {
        try {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = p.getInputStream().read()) != -1 && c != '\n') {
                sb.append((char) c);
            }
            return c == -1 && sb.length() == 0 ? null : sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every line until the helper closes its output. */
    static List<String> readAll(Process p) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /**
     * Sends an OS signal with {@code kill -NAME pid}, as Perl's {@code kill NAME => $pid}.
     *
     * @return whether kill reported success
     */
    static boolean kill(String signal, long pid) {
        try {
            Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).start();
            if (!k.waitFor(30, TimeUnit.SECONDS)) {
                k.destroyForcibly();
                return false;
            }
            k.getInputStream().readAllBytes();
            return k.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** This JVM's pid. */
    static long ownPid() {
        return ProcessHandle.current().pid();
    }

    /**
     * Kills what is left of helper processes after a scenario, and waits for them. If the
     * scenario timed out, each one still alive is described first (state, descendants, a
     * JVM's threads: {@link ChildJvm#diagnose}), so that the failure explains itself.
     */
    static void cleanUp(ScenarioContext ctx, List<Process> processes) {
        for (Process p : processes) {
            if (ctx.timedOut()) {
                ChildJvm.diagnoseIfAlive(ctx.testName() + " timed out", p);
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
