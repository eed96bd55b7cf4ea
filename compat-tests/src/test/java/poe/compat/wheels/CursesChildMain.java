package poe.compat.wheels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.compat.DriveMode;
import poe.compat.LoopFixture;
import poe.compat.LoopFixtures;
import poe.wheel.Curses;

/**
 * The child JVM of {@link WheelCursesTest}: a small full-screen program on the Curses wheel,
 * on the given loop and drive mode, run on a pseudo-terminal.
 *
 * <pre>{@code
 * java -cp <test class path> poe.compat.wheels.CursesChildMain select run
 * }</pre>
 *
 * <p>It draws {@code type here:} and, after each key, {@code typed: [TEXT]} (the characters so
 * far) and {@code last key: TYPE}; on a resize it draws it all again at the new size, with
 * {@code resized: COLSxROWS, screen COLSxROWS} and {@code bottom right} in the last line's
 * last columns; {@code !} closes the wheel, {@code x} throws from the
 * handler (a DIE), ^C is the wheel's. Once the kernel has returned (or thrown) it prints
 * the keys, whether the terminal is in its normal modes again, and the wheel's threads still
 * alive, then exits.
 */
public final class CursesChildMain {

    private CursesChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        LoopFixture fixture = LoopFixtures.fixtures().get(args[0]);
        DriveMode mode = DriveMode.ofLabel(args[1]);
        StringBuilder typed = new StringBuilder();
        String ended;
        try {
            fixture.execute(() -> {
                Kernel kernel = fixture.createKernel();
                session(kernel, typed);
                fixture.drive(kernel, mode, Instant.now().plus(Duration.ofSeconds(90)));
                kernel.close();
            });
            ended = "returned";
        } catch (Throwable e) {
            ended = "threw " + e.getClass().getSimpleName();
        }
        List<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("poe-curses-") && !t.getName().contains("restore"))
                .map(Thread::getName).toList();
        System.out.println("run " + ended);
        System.out.println("keys: [" + typed + "]");
        System.out.println("tty sane: " + ttySane());
        System.out.println("curses threads left: " + left);
        System.out.flush();
        System.exit(0);
    }

    /** Whether the terminal reads lines with echo again (stty: icanon, echo). */
    private static boolean ttySane() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "stty -a < /dev/tty").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.contains(" icanon") && out.contains(" echo ") && !out.contains("-icanon");
    }

    private static void session(Kernel kernel, StringBuilder typed) {
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    Curses curses = Curses.builder().inputEvent("key").create(ev.kernel());
                    heap(ev).put("curses", curses);
                    curses.screen().newTextGraphics().putString(0, 0, "type here:");
                    curses.refresh();
                })
                .on("key", ev -> {
                    Curses curses = (Curses) heap(ev).get("curses");
                    KeyStroke key = ev.arg(Curses.ARG_INPUT);
                    if (key == null) {                               // resized: draw it all again
                        TerminalSize size = ev.arg(Curses.ARG_SIZE);
                        curses.screen().clear();
                        var g = curses.screen().newTextGraphics();
                        g.putString(0, 0, "type here:");
                        g.putString(0, 1, "typed: [" + typed + "]");
                        g.putString(0, 3, "resized: " + size.getColumns() + "x" + size.getRows()
                                + ", screen " + curses.screen().getTerminalSize().getColumns() + "x"
                                + curses.screen().getTerminalSize().getRows());
                        String corner = "bottom right";
                        g.putString(size.getColumns() - corner.length(), size.getRows() - 1, corner);
                        curses.refresh();
                        return;
                    }
                    if (key.getKeyType() == KeyType.Character) {
                        char c = key.getCharacter();
                        if (c == 'x') {
                            throw new IllegalStateException("x was typed: a handler fails");
                        }
                        typed.append(c);
                        if (c == '!') {
                            curses.close();
                            return;
                        }
                    }
                    var g = curses.screen().newTextGraphics();
                    g.putString(0, 1, "typed: [" + typed + "]");
                    g.putString(0, 2, "last key: " + key.getKeyType() + "          ");
                    curses.refresh();
                })
                .on("_stop", ev -> { })
                .create(kernel);
    }

    private static Map<String, Object> heap(EventContext ev) {
        return ev.heap();
    }
}
