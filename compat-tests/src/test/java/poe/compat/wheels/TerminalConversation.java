package poe.compat.wheels;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import poe.EventContext;
import poe.Session;
import poe.compat.ChildJvmCommand;
import poe.compat.ScenarioContext;
import poe.filter.Stream;
import poe.wheel.Run;

/**
 * A user at a terminal, for the terminal wheels' tests: a POE session on the loop under test
 * starts a child JVM on a pseudo-terminal ({@link Run}'s {@code pty-pipe} conduit, pty4j),
 * keeps its screen in a {@link VirtualScreen}, and plays a script: wait until the screen
 * shows something, then type keys. It never types ahead of what the screen shows (a key
 * typed before the program reads it may be lost, as with a real user), and never sleeps.
 * At the end it waits for the child to exit.
 *
 * <pre>{@code
 * TerminalConversation.Result r = TerminalConversation.child(ReadLineChildMain.class, loop, mode, "basic")
 *     .await("the prompt", s -> s.cursorLine().equals("> "))
 *     .type("hello\r")
 *     .await("the line", s -> s.shows("got: [hello]"))
 *     .run(ctx);
 * }</pre>
 */
final class TerminalConversation {

    static final int ROWS = 24;
    static final int COLS = 80;

    /** One step: wait for the screen (await), or act on the child and its screen (type, resize, signal). */
    private record Step(String what, Predicate<VirtualScreen> until, BiConsumer<Run, VirtualScreen> action) {
    }

    /** How it went: the last screen, the child's exit code, its stderr, and whether all steps ran. */
    record Result(VirtualScreen screen, int exit, String stderr, String failure) {
        /** Fails the test unless every step ran and the child exited. */
        Result ok() {
            if (failure != null) {
                throw new AssertionError(failure + "\n" + screen.dump() + "\nchild stderr:\n" + stderr);
            }
            return this;
        }
    }

    private final List<String> command;
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();

    private TerminalConversation(List<String> command) {
        this.command = command;
    }

    /**
     * A child JVM running {@code main} ({@link ChildJvmCommand}), its terminal
     * first set as a user's shell leaves it ({@code stty sane}: echo, ^C as SIGINT).
     */
    static TerminalConversation child(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "stty sane; exec \"$0\" \"$@\""));
        cmd.addAll(ChildJvmCommand.of(main, args));
        return new TerminalConversation(cmd);
    }

    /** The child's command line (without the pty: for a child on pipes). */
    List<String> command() {
        return List.copyOf(command.subList(3, command.size()));
    }

    /** Waits until the screen satisfies the condition. */
    TerminalConversation await(String what, Predicate<VirtualScreen> until) {
        steps.add(new Step(what, until, null));
        return this;
    }

    /** Waits until some line of the screen contains the text. */
    TerminalConversation awaitText(String text) {
        return await("the screen shows '" + text + "'", s -> s.shows(text));
    }

    /** Types keys (UTF-8). */
    TerminalConversation type(String keys) {
        byte[] bytes = keys.getBytes(StandardCharsets.UTF_8);
        steps.add(new Step("type", null, (r, s) -> r.put((Object) bytes)));
        return this;
    }

    /**
     * Resizes the window, as a user dragging the terminal's corner: the screen takes the new
     * size, then the pty does (the child gets SIGWINCH).
     */
    TerminalConversation resize(int rows, int cols) {
        steps.add(new Step("resize to " + rows + "x" + cols, null, (r, s) -> {
            s.resize(rows, cols);
            r.setWinsize(rows, cols);
        }));
        return this;
    }

    /** Sends the child an OS signal ({@code USR1}, ...). */
    TerminalConversation signal(String name) {
        steps.add(new Step("signal " + name, null, (r, s) -> r.kill(name)));
        return this;
    }

    /** Sets an environment variable of the child. */
    TerminalConversation env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Plays the script on the scenario's kernel; returns when the child has exited or after 90 seconds. */
    Result run(ScenarioContext ctx) {
        VirtualScreen screen = new VirtualScreen(ROWS, COLS);
        StringBuilder stderr = new StringBuilder();
        int[] next = {0};
        int[] exit = {Integer.MIN_VALUE};
        boolean[] closed = {false};
        String[] failure = {null};
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Run r = Run.builder().command(command).conduit(Run.Conduit.PTY_PIPE).winsize(ROWS, COLS)
                            .env("TERM", "xterm").env(env)
                            .stdoutFilter(Stream.create()).stdinFilter(Stream.create())
                            .stdoutEvent("out").stderrEvent("err").closeEvent("closed").errorEvent("error")
                            .create(ev.kernel());
                    heap(ev).put("run", r);
                    ev.kernel().sigChild(r.pid(), "exited");
                    ev.kernel().delay("watchdog", 90);
                    advance(ev, screen, next);
                })
                .on("out", ev -> {
                    screen.feed(ev.arg(Run.ARG_OUTPUT));
                    byte[] answers = screen.takeAnswers();
                    Run r = run(ev);
                    if (answers.length > 0 && r != null) {
                        r.put((Object) answers);
                    }
                    advance(ev, screen, next);
                })
                .on("err", ev -> stderr.append((Object) ev.arg(0)).append('\n'))                // stderr lines
                .on("error", ev -> { })
                .on("closed", ev -> {
                    closed[0] = true;
                    run(ev).close();
                    heap(ev).remove("run");
                    finishIfDone(ev, exit, closed);
                })
                .on("exited", ev -> {
                    exit[0] = ev.arg(2);
                    finishIfDone(ev, exit, closed);
                })
                .on("watchdog", ev -> {
                    failure[0] = "the conversation hangs at step " + next[0] + " of " + steps.size() + " ("
                            + (next[0] < steps.size() ? steps.get(next[0]).what : "waiting for the child to exit")
                            + ")";
                    Run r = run(ev);
                    if (r != null) {
                        // the child's threads, so that a hang on CI explains itself
                        failure[0] += "\n---- the child's threads (jcmd " + r.pid() + " Thread.print):\n"
                                + poe.compat.ChildJvmDump.threads(r.pid());
                        r.kill("KILL");
                    }
                })
                .on("_stop", ev -> { })
                .create(ctx.kernel());
        ctx.drive();
        if (failure[0] == null && next[0] < steps.size()) {
            failure[0] = "the child exited (" + exit[0] + ") at step " + next[0] + " of " + steps.size() + " ("
                    + steps.get(next[0]).what + ")";
        }
        return new Result(screen, exit[0], stderr.toString(), failure[0]);
    }

    private void advance(EventContext ev, VirtualScreen screen, int[] next) {
        Run r = run(ev);
        while (r != null && next[0] < steps.size()) {
            Step s = steps.get(next[0]);
            if (s.action != null) {
                s.action.accept(r, screen);
            } else if (!s.until.test(screen)) {
                return;
            }
            next[0]++;
        }
    }

    private static void finishIfDone(EventContext ev, int[] exit, boolean[] closed) {
        if (closed[0] && exit[0] != Integer.MIN_VALUE) {
            ev.kernel().delay("watchdog");
        }
    }

    private static Map<String, Object> heap(EventContext ev) {
        return ev.heap();
    }

    private static Run run(EventContext ev) {
        return (Run) heap(ev).get("run");
    }
}
