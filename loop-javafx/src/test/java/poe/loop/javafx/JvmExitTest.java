package poe.loop.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A program whose kernel started the toolkit ends when main returns: the toolkit's thread
 * does not keep the JVM alive. Checked headless (Monocle: a Java-made FX thread) and under
 * Xvfb with GTK (a natively attached, non-daemon FX thread).
 */
@Timeout(150)
class JvmExitTest {

    @Test
    void theJvmExitsWhenMainReturnsHeadless() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java());
        for (String property : List.of("glass.platform", "monocle.platform", "prism.order")) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        runProbe(command);
    }

    @Test
    void theJvmExitsWhenMainReturnsUnderXvfbWithGtk() throws Exception {
        Path xvfbRun = Path.of("/usr/bin/xvfb-run");
        Assumptions.assumeTrue(Files.isExecutable(xvfbRun),
                "needs xvfb-run (apt-get install xvfb xauth libgtk-3-0 libxtst6)");
        List<String> command = new ArrayList<>(List.of(xvfbRun.toString(), "-a", java()));
        runProbe(command);
    }

    /**
     * A hung probe explains itself: SIGQUIT makes its JVM print every thread's stack into the
     * output the assertion shows (HotSpot ends the dump with the JNI refs line).
     */
    private static void dumpThreads(Process process, Path out) throws Exception {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        for (ProcessHandle h : all) {
            if (h.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
                new ProcessBuilder("kill", "-QUIT", Long.toString(h.pid())).start().waitFor(30, TimeUnit.SECONDS);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // the VM thread writes the dump at its next safepoint: wait for its last line (or an exit)
        while (System.nanoTime() < deadline && !Files.readString(out, StandardCharsets.UTF_8).contains("JNI global refs")
                && !process.waitFor(200, TimeUnit.MILLISECONDS)) {
            // look again
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void runProbe(List<String> command) throws Exception {
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExitProbe.class.getName());
        Path out = Files.createTempFile("exit-probe", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                dumpThreads(process, out);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(exited, "the JVM was still alive 60 s after starting; output:\n" + output);
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("ran 3 ticks; main returns"), output);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            new File(out.toString()).delete();
        }
    }
}
