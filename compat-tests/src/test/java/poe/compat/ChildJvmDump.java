package poe.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Every thread's stack of a child JVM, by {@code jcmd PID Thread.print} (it attaches; the JVM
 * keeps running): what a scenario whose child hangs prints, so that a failure on CI explains
 * itself.
 *
 * <pre>{@code
 * String dump = ChildJvmDump.threads(child.pid());
 * }</pre>
 */
public final class ChildJvmDump {

    private ChildJvmDump() {
    }

    /**
     * The child's threads, or a line saying why they could not be had.
     *
     * @param pid the child JVM's process ID
     * @return jcmd's output
     */
    public static String threads(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return "(no jcmd in " + jcmd.getParent() + ")";
        }
        try {
            Path out = Files.createTempFile("poe-child-dump", ".txt");
            try {
                Process j = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!j.waitFor(60, TimeUnit.SECONDS)) {
                    j.destroyForcibly();
                    return "(jcmd did not answer in 60 s) " + read(out);
                }
                return read(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return "(jcmd failed: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while jcmd ran)";
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
