package poe.compat.wheels;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The child program of the Run wheel tests (wheel_run's test program): reads
 * {@code !}-terminated commands on stdin. {@code out X} writes {@code <arg0>: X!} to
 * stdout, {@code err X} writes {@code <arg1>: X!} to stderr, {@code pid} writes
 * {@code pid <pid>!}, {@code bye} exits with status 0; at end of input it writes
 * {@code got eof 1!} and exits with status 3.
 */
public final class RunChildMain {

    private RunChildMain() {
    }

    public static void main(String[] args) throws IOException {
        String outPrefix = args.length > 0 ? args[0] : "out";
        String errPrefix = args.length > 1 ? args[1] : "err";
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        InputStream in = System.in;
        StringBuilder rec = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            if (c != '!') {
                rec.append((char) c);
                continue;
            }
            String cmd = rec.toString();
            rec.setLength(0);
            if (cmd.startsWith("out ")) {
                out.print(outPrefix + ": " + cmd.substring(4) + "!");
                out.flush();
            } else if (cmd.startsWith("err ")) {
                err.print(errPrefix + ": " + cmd.substring(4) + "!");
                err.flush();
            } else if (cmd.equals("pid")) {
                out.print("pid " + ProcessHandle.current().pid() + "!");
                out.flush();
            } else if (cmd.equals("bye")) {
                System.exit(0);
            }
        }
        out.print("got eof 1!");
        out.flush();
        System.exit(3);
    }
}
