package poe.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM run to its end, its standard output and error together: the one way the
 * scenarios that only need a child's output and exit code run it. A child that does not
 * exit in time fails the test with its output so far and every thread's stack, and is
 * killed, so that a hang on CI explains itself and never holds up the build.
 *
 * <pre>{@code
 * ChildJvmRun r = ChildJvmRun.of(ChildJvmCommand.of(MyChildMain.class), 120);
 * assertEquals(0, r.exit(), r.output());
 * }</pre>
 *
 * @param output what the child wrote to stdout and stderr
 * @param exit   its exit code
 */
public record ChildJvmRun(String output, int exit) {

    /**
     * Runs the command with an empty standard input until it exits.
     *
     * @param command      the command line (e.g. from {@link ChildJvmCommand#of})
     * @param limitSeconds how long it may take
     * @return its output and exit code
     * @throws AssertionError if it is still running after {@code limitSeconds}
     */
    public static ChildJvmRun of(List<String> command, long limitSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("poe-child-output", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                String threads = ChildJvmDump.threads(p.pid());
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("the child JVM did not exit within " + limitSeconds + " s: " + command
                        + "\n---- its output so far:\n" + Files.readString(out, StandardCharsets.UTF_8)
                        + "\n---- its threads (jcmd " + p.pid() + " Thread.print):\n" + threads);
            }
            return new ChildJvmRun(Files.readString(out, StandardCharsets.UTF_8), p.exitValue());
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
