package poe.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.wheel.Curses;

/**
 * A full-screen dashboard on the {@link Curses} wheel (Lanterna): a pool of worker sessions
 * does jobs on timers while one dashboard session redraws a table of them (jobs done, rate,
 * state) twice a second. Up and Down select a worker, {@code p} pauses or resumes it,
 * {@code q} quits; the terminal is as it was afterwards (also after ^C).
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.Dashboard -Dexec.args="--workers 4"
 * }</pre>
 *
 * <p>Each worker is a session of its own that finishes a job every {@code 0.05 * N} seconds
 * (worker N) and tells the dashboard with {@code post}; the dashboard only reads its table.
 */
public final class Dashboard {

    private static final String DASHBOARD = "dashboard";

    /** What the dashboard knows of one worker. */
    private static final class Row {
        final String name;
        int done;
        int doneAtLastDraw;
        double rate;
        boolean paused;

        Row(String name) {
            this.name = name;
        }
    }

    private Dashboard() {
    }

    /** Runs the dashboard; {@code --workers N} (default 4). */
    public static void main(String[] args) {
        int workers = 4;
        if (args.length == 2 && args[0].equals("--workers")) {
            workers = Integer.parseInt(args[1]);
        } else if (args.length != 0) {
            System.err.println("usage: Dashboard [--workers N]; got " + String.join(" ", args));
            System.exit(2);
        }
        Kernel kernel = Kernel.create();
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= workers; i++) {
            rows.add(new Row("worker-" + i));
            worker(kernel, i);
        }
        int[] selected = {0};
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    ev.kernel().aliasSet(DASHBOARD);
                    Curses curses = Curses.builder().inputEvent("key").create(ev.kernel());
                    heap(ev).put("curses", curses);
                    ev.kernel().yield("draw");
                })
                .on("job_done", ev -> {
                    int worker = ev.arg(0);
                    rows.get(worker - 1).done++;
                })
                .on("draw", ev -> {
                    for (Row r : rows) {
                        r.rate = (r.done - r.doneAtLastDraw) / 0.5;
                        r.doneAtLastDraw = r.done;
                    }
                    draw(curses(ev), rows, selected[0]);
                    ev.kernel().delay("draw", 0.5);
                })
                .on("key", ev -> {
                    KeyStroke key = ev.arg(Curses.ARG_INPUT);
                    if (key == null) {                                    // resized: draw again at once
                        draw(curses(ev), rows, selected[0]);
                        return;
                    }
                    if (key.getKeyType() == KeyType.ArrowUp) {
                        selected[0] = Math.max(0, selected[0] - 1);
                    } else if (key.getKeyType() == KeyType.ArrowDown) {
                        selected[0] = Math.min(rows.size() - 1, selected[0] + 1);
                    } else if (key.getKeyType() == KeyType.Character && key.getCharacter() == 'p') {
                        Row r = rows.get(selected[0]);
                        r.paused = !r.paused;
                        ev.kernel().post(r.name, r.paused ? "pause" : "resume");
                    } else if (key.getKeyType() == KeyType.Character && key.getCharacter() == 'q') {
                        quit(ev, rows);
                        return;
                    }
                    draw(curses(ev), rows, selected[0]);
                    curses(ev).refresh(Screen.RefreshType.COMPLETE);     // the whole screen again: a key was pressed
                })
                .on("_stop", ev -> { })
                .create(kernel);
        kernel.run();
        int total = rows.stream().mapToInt(r -> r.done).sum();
        System.out.println("dashboard closed: " + total + " jobs done by " + rows.size() + " workers");
    }

    /** A worker: a job every 0.05 * n seconds, told to the dashboard; pause and resume; stop. */
    private static void worker(Kernel kernel, int n) {
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("worker-" + n);
                    ev.kernel().delay("job", 0.05 * n);
                })
                .on("job", ev -> {
                    ev.kernel().post(DASHBOARD, "job_done", n);
                    ev.kernel().delay("job", 0.05 * n);
                })
                .on("pause", ev -> ev.kernel().delay("job"))
                .on("resume", ev -> ev.kernel().delay("job", 0.05 * n))
                .on("stop", ev -> {
                    ev.kernel().delay("job");
                    ev.kernel().aliasRemove("worker-" + n);
                })
                .create(kernel);
    }

    private static void quit(EventContext ev, List<Row> rows) {
        curses(ev).close();                                   // the terminal is given back
        ev.kernel().delay("draw");
        ev.kernel().aliasRemove(DASHBOARD);
        for (Row r : rows) {
            ev.kernel().post(r.name, "stop");
        }
    }

    private static void draw(Curses curses, List<Row> rows, int selected) {
        Screen screen = curses.screen();
        screen.clear();
        TextGraphics g = screen.newTextGraphics();
        TerminalSize size = screen.getTerminalSize();
        g.putString(0, 0, "POE dashboard: " + rows.size() + " workers    (Up/Down select, p pause, q quit)");
        g.putString(0, 2, String.format("  %-10s %8s %8s  %s", "worker", "jobs", "jobs/s", "state"));
        int total = 0;
        for (int i = 0; i < rows.size() && i + 3 < size.getRows(); i++) {
            Row r = rows.get(i);
            total += r.done;
            g.putString(0, 3 + i, String.format("%s %-10s %8d %8.1f  %s", i == selected ? ">" : " ", r.name, r.done,
                    r.rate, r.paused ? "paused" : "working"));
        }
        g.putString(0, 4 + rows.size(), "total: " + total + " jobs");
        curses.refresh();
    }

    private static Map<String, Object> heap(EventContext ev) {
        return ev.heap();
    }

    private static Curses curses(EventContext ev) {
        return (Curses) heap(ev).get("curses");
    }
}
