package poe.compat.wheels;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.compat.DriveMode;
import poe.compat.LoopFixture;
import poe.compat.LoopFixtures;
import poe.wheel.ReadLine;

/**
 * The child JVM of {@link WheelReadLineTest}: a small ReadLine program on the given loop and
 * drive mode, run on a pseudo-terminal.
 *
 * <pre>{@code
 * java -cp <test class path> poe.compat.wheels.ReadLineChildMain select run lines
 * }</pre>
 *
 * <p>It asks for lines with the prompt {@code "> "} (calling {@code get} twice each time, as
 * POE's test does) and prints each above the prompt as {@code line N: [text]}; an
 * exception as {@code exception: WORD} ({@code interrupt} asks again, {@code eof} ends);
 * {@code quit} ends; {@code size} prints {@code size: COLSxROWS} (the wheel's
 * {@code terminalSize()}); SIGUSR1 calls {@code clear()}; Tab completes {@code hello} and {@code world}. Scenarios: {@code lines}; {@code ticks}, which also prints
 * {@code tick N} every 0.2 s from a timer while the user types; {@code history FILE}, which
 * reads the history file first, adds each line to the history and writes it at the end;
 * {@code words}, with {@code wordChars("")}.
 * Once the kernel has returned it prints the wheel's threads still alive and every thread
 * of the JVM (JLine's input pumps end with the wheel), and exits.
 */
public final class ReadLineChildMain {

    private ReadLineChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        LoopFixture fixture = LoopFixtures.fixtures().get(args[0]);
        DriveMode mode = DriveMode.ofLabel(args[1]);
        String scenario = args[2];
        Path history = args.length > 3 ? Path.of(args[3]) : null;
        fixture.execute(() -> {
            Kernel kernel = fixture.createKernel();
            session(kernel, scenario, history);
            fixture.drive(kernel, mode, Instant.now().plus(Duration.ofSeconds(90)));
            kernel.close();
        });
        List<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("poe-readline")).map(Thread::getName).toList();
        System.out.println("readline threads left: " + left);
        System.out.println("all threads: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
        System.out.println("run returned");
        System.out.flush();
        System.exit(0);
    }

    private static void session(Kernel kernel, String scenario, Path history) {
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    ReadLine.Builder b = ReadLine.builder().inputEvent("got_line").appName("poe-test")
                            .completion(word -> List.of("hello", "world").stream().filter(w -> w.startsWith(word)).toList());
                    if ("words".equals(scenario)) {
                        b.wordChars("");                          // words are letters and digits only
                    }
                    ReadLine rl = b.create(ev.kernel());
                    heap(ev).put("rl", rl);
                    heap(ev).put("n", 0);
                    if (history != null) {
                        rl.readHistory(history);
                        rl.put("history: " + rl.getHistory());
                    }
                    ev.kernel().sig("USR1", "clear_screen");          // the test's way to have clear() called
                    if ("ticks".equals(scenario)) {
                        heap(ev).put("ticks", 0);
                        ev.kernel().delay("tick", 0.2);
                    }
                    ask(rl);
                })
                .on("tick", ev -> {
                    int t = (Integer) heap(ev).get("ticks") + 1;
                    heap(ev).put("ticks", t);
                    rl(ev).put("tick " + t);
                    ev.kernel().delay("tick", 0.2);
                })
                .on("clear_screen", ev -> {
                    rl(ev).clear();
                })
                .on("got_line", ev -> {
                    ReadLine rl = rl(ev);
                    String line = ev.arg(ReadLine.ARG_INPUT);
                    String exception = ev.arg(ReadLine.ARG_EXCEPTION);
                    if (line == null) {
                        rl.put("exception: " + exception);
                        if ("interrupt".equals(exception)) {
                            ask(rl);
                        } else {
                            end(ev, rl, history);
                        }
                        return;
                    }
                    int n = (Integer) heap(ev).get("n") + 1;
                    heap(ev).put("n", n);
                    rl.put("line " + n + ": [" + line + "]");
                    if (history != null) {
                        rl.addHistory(line);
                    }
                    if ("size".equals(line)) {
                        int[] size = rl.terminalSize();
                        rl.put("size: " + size[0] + "x" + size[1]);
                    }
                    if ("quit".equals(line)) {
                        end(ev, rl, history);
                    } else {
                        ask(rl);
                    }
                })
                .on("_stop", ev -> { })
                .create(kernel);
    }

    private static void ask(ReadLine rl) {
        rl.get("> ");
        rl.get("> ");                // asking again before the answer changes nothing
    }

    private static void end(EventContext ev, ReadLine rl, Path history) {
        if (history != null) {
            rl.writeHistory(history);
        }
        rl.put("bye");
        rl.close();
        ev.kernel().delay("tick");
    }

    private static Map<String, Object> heap(EventContext ev) {
        return ev.heap();
    }

    private static ReadLine rl(EventContext ev) {
        return (ReadLine) heap(ev).get("rl");
    }
}
