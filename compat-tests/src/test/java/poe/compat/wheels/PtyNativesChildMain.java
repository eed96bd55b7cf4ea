package poe.compat.wheels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import poe.Kernel;
import poe.Session;
import poe.wheel.Run;

/**
 * The child JVM of {@link WheelRunPtyTest#ptyNativesLeaveNothingInTheTemporaryDirectory}: runs
 * {@code echo} on a pty three times, one after the other, on the select loop, and prints the
 * output and what its temporary directory holds before it exits.
 *
 * <pre>{@code
 * java -Djava.io.tmpdir=DIR -cp <test class path> poe.compat.wheels.PtyNativesChildMain
 * }</pre>
 */
public final class PtyNativesChildMain {

    private static final int RUNS = 3;

    private PtyNativesChildMain() {
    }

    public static void main(String[] args) throws IOException {
        List<String> output = new ArrayList<>();
        Kernel kernel = Kernel.create("select");
        int[] runs = new int[1];
        Run[] running = new Run[1];
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("next"))
                .on("next", ev -> running[0] = Run.builder().conduit(Run.Conduit.PTY).command("echo", "run" + runs[0])
                        .stdoutEvent("out").closeEvent("closed").create(ev.kernel()))
                .on("out", ev -> output.add(ev.arg(Run.ARG_OUTPUT)))
                .on("closed", ev -> {
                    running[0].close();
                    if (++runs[0] < RUNS) {
                        ev.kernel().yield("next");
                    }
                })
                .create(kernel);
        kernel.run();
        System.out.println("output: " + output);
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            System.out.println("temporary directory before exit: " + left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        System.exit(0);
    }
}
