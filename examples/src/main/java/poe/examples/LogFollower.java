package poe.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import poe.Kernel;
import poe.Session;
import poe.wheel.FollowTail;

/**
 * {@code tail -F} for several files at once (POE's log "watchdog"): one session with a
 * {@link FollowTail} wheel per file, following each by name across rotation and
 * truncation; every line is printed with its file's name in front, {@code [app.log] line}.
 * A file that does not exist yet is waited for. Notices (a file replaced or truncated) go
 * to stderr, as {@code tail} writes them.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.LogFollower \
 *     -Dexec.args="--from-start README.md /tmp/app.log"
 * </pre>
 *
 * Options: {@code --from-start} reads each file from its beginning (by default only what
 * is appended after the start is printed), {@code --poll SECONDS} the poll interval (0.25).
 * Runs until interrupted (^C).
 */
public final class LogFollower implements AutoCloseable {

    private static final String ALIAS = "log-follower";

    private final Kernel kernel;
    private final Thread thread;

    private LogFollower(Kernel kernel, Thread thread) {
        this.kernel = kernel;
        this.thread = thread;
    }

    /**
     * Makes the follower's session: one FollowTail per file.
     *
     * @param kernel    the kernel to run in
     * @param files     the files to follow, by name
     * @param fromStart read each file from its start instead of its end
     * @param poll      poll interval in seconds
     * @param lines     gets each line, prefixed with {@code [file name] }
     * @param notices   gets notices: a file replaced or truncated, errors
     */
    public static void follow(Kernel kernel, List<Path> files, boolean fromStart, double poll,
                              Consumer<String> lines, Consumer<String> notices) {
        Map<Long, String> names = new HashMap<>();
        List<FollowTail> wheels = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet(ALIAS);
                    for (Path file : files) {
                        FollowTail.Builder b = FollowTail.builder()
                                .filename(file)
                                .pollInterval(poll)
                                .inputEvent("got_line")
                                .resetEvent("got_reset")
                                .errorEvent("got_error");
                        if (fromStart) {
                            b.seek(0);
                        }
                        FollowTail tail = b.create(ev.kernel());
                        wheels.add(tail);
                        names.put(tail.id(), label(file));
                    }
                })
                .on("got_line", ev -> lines.accept("[" + names.get(id(ev.arg(FollowTail.ARG_INPUT_WHEEL_ID))) + "] "
                        + ev.arg(FollowTail.ARG_INPUT)))
                .on("got_reset", ev -> notices.accept("[" + names.get(id(ev.arg(0)))
                        + "] has been replaced or truncated; following it from its start"))
                .on("got_error", ev -> notices.accept("[" + names.get(id(ev.arg(3))) + "] " + ev.arg(0) + " error "
                        + ev.arg(1) + ": " + ev.arg(2)))
                .on("shutdown", ev -> {
                    wheels.forEach(FollowTail::close);
                    wheels.clear();
                    ev.kernel().aliasRemove(ALIAS);
                })
                .create(kernel);
    }

    private static long id(Object wheelId) {
        return ((Number) wheelId).longValue();
    }

    private static String label(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /**
     * Follows the files on a kernel of its own in a background thread until {@link #close()}.
     *
     * @return the running follower
     */
    public static LogFollower start(List<Path> files, boolean fromStart, double poll, Consumer<String> lines,
                                    Consumer<String> notices) {
        Kernel kernel = Kernel.create();
        follow(kernel, files, fromStart, poll, lines, notices);
        Thread t = new Thread(() -> {
            kernel.run();
            kernel.close();
        }, "log-follower");
        t.setDaemon(true);
        t.start();
        return new LogFollower(kernel, t);
    }

    /** Stops following: the wheels close, the kernel runs out of work and its thread ends. */
    @Override
    public void close() throws InterruptedException {
        kernel.post(ALIAS, "shutdown");
        thread.join(30_000);
    }

    /**
     * {@code LogFollower [--from-start] [--poll SECONDS] FILE...}
     */
    public static void main(String[] args) {
        boolean fromStart = false;
        double poll = 0.25;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--from-start" -> fromStart = true;
                case "--poll" -> poll = Double.parseDouble(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: LogFollower [--from-start] [--poll SECONDS] FILE...");
            System.exit(2);
        }
        Kernel kernel = Kernel.create();
        follow(kernel, files, fromStart, poll, System.out::println, System.err::println);
        kernel.run();
    }
}
