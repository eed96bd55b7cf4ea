package poe.compat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM for the scenarios: this JVM's java, its settings (loop
 * properties, module options; not its agents or debugger), flags for a quick start, its
 * class path, then {@code main} and its arguments. The one place the scenarios build it,
 * whether the child runs on pipes or on a pseudo-terminal.
 *
 * <pre>{@code
 * List<String> cmd = ChildJvmCommand.of(OsSignalsChildMain.class, "select", "run", "handled");
 * Process child = new ProcessBuilder(cmd).start();
 * }</pre>
 */
public final class ChildJvmCommand {

    private ChildJvmCommand() {
    }

    /**
     * The command that runs {@code main} with these arguments in a child JVM.
     *
     * @param main the class with the child's {@code main}
     * @param args its arguments
     * @return a new, modifiable list
     */
    public static List<String> of(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-javaagent") && !arg.startsWith("-agentlib") && !arg.startsWith("-agentpath")
                    && !arg.startsWith("-Xrunjdwp") && !arg.startsWith("-Xdebug")) {
                cmd.add(arg);
            }
        }
        // a quick start on a loaded machine: C1 only, one GC thread (half the CPU a child
        // JVM's start-up otherwise takes); the scenarios' children run for seconds
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
