package poe.compat.exit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A POE program ends when {@code run()} returns, on every loop: a child JVM runs
 * {@link RunReturnsProbe} with {@code -Dpoe.loop=NAME}, never closes its kernel, and must
 * exit by itself (no loop may leave a non-daemon thread behind).
 */
@Timeout(120)
class RunReturnsJvmExitsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"select", "vertx", "javafx", "swt"})
    void theJvmExitsWhenMainReturns(String loop) throws Exception {
        if (loop.equals("swt")) {
            Assumptions.assumeTrue(System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null,
                    "SWT needs a display: run under xvfb-run -a (run-tests.sh does)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dpoe.loop=" + loop);
        // the JavaFX loop headless, as this module's tests run it; SWT and Netty quiet
        for (String property : List.of("glass.platform", "monocle.platform", "prism.order",
                "org.eclipse.swt.internal.SessionManagerDBus.disable", "io.netty.jfr.enabled")) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RunReturnsProbe.class.getName());
        Path out = Files.createTempFile("run-returns-" + loop, ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("NO_AT_BRIDGE", "1");
        Process process = builder.start();
        try {
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (!exited) {
                throw new AssertionError("on the " + loop + " loop the JVM was still alive 60 s after starting"
                        + " (a non-daemon thread outlived run()); output:\n" + output
                        + "\n---- its threads (jcmd " + process.pid() + " Thread.print):\n"
                        + poe.compat.ChildJvmDump.threads(process.pid()));
            }
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("ran 3 ticks on " + loop + "; main returns"), output);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }
}
