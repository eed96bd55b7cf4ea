package poe.examples.javafx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import poe.Kernel;
import poe.Session;

/**
 * Several kitchen timers at once: each row is a POE session with its own timer, driven by
 * the kernel on the FX Application Thread. Buttons talk to the sessions through postbacks,
 * handlers update the widgets directly, and closing the window stops every session
 * (UIDESTROY).
 *
 * <p>Run it: {@code ./mvnw -q -pl examples-loops -am compile -Pstopwatches} (through
 * {@link StopwatchesLauncher}: from the class path, JavaFX needs a main class that does
 * not extend {@code Application}).
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create("javafx");                  // in Application.start
 * Session row = Session.builder().heap(timer)
 *         .on("toggle", ev -> ...)                          // a button's postback
 *         .on("tick", ev -> { label.setText(...); ev.kernel().delay("tick", 0.05); })
 *         .create(kernel);
 * startButton.setOnAction(row.postback("toggle")::accept);
 * kernel.signalUiDestroy(stage);
 * }</pre>
 */
public final class Stopwatches extends Application {

    /** How often a running stopwatch updates its row, in seconds. */
    static final double TICK_SECONDS = 0.05;

    /** One row's state: the session's heap. Touched on the FX thread only. */
    static final class Timer {
        final String name;
        final double targetSeconds;
        final Label time = new Label();
        final ProgressBar progress = new ProgressBar(0);
        final Button toggle = new Button("Start");
        final Button reset = new Button("Reset");
        long elapsedNanos;
        long lastNanos;
        boolean running;
        int ticks;

        Timer(String name, double targetSeconds) {
            this.name = name;
            this.targetSeconds = targetSeconds;
            time.setFont(Font.font("Monospaced", 18));
            time.setMinWidth(110);
            progress.setPrefWidth(220);
            toggle.setMinWidth(70);
            show();
        }

        double elapsedSeconds() {
            return elapsedNanos / 1e9;
        }

        void show() {
            double s = elapsedSeconds();
            time.setText(String.format(Locale.ROOT, "%02d:%05.2f", (int) (s / 60), s % 60));
            progress.setProgress(Math.min(1.0, s / targetSeconds));
            toggle.setText(running ? "Pause" : (elapsedNanos == 0 ? "Start" : "Resume"));
        }
    }

    private final List<Timer> timers = new ArrayList<>();
    private Kernel kernel;
    private Label status;

    /** The timers, for tests. */
    List<Timer> timers() {
        return timers;
    }

    /** The kernel, for tests. */
    Kernel kernel() {
        return kernel;
    }

    /** The status line, for tests. */
    String statusText() {
        return status.getText();
    }

    @Override
    public void start(Stage stage) {
        kernel = Kernel.create("javafx"); // on the FX thread: every handler runs here
        status = new Label();

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        int row = 0;
        for (Timer timer : List.of(new Timer("Tea", 4), new Timer("Eggs", 7), new Timer("Pasta", 10))) {
            timers.add(timer);
            Session session = stopwatch(timer);
            timer.toggle.setOnAction(session.postback("toggle")::accept);
            timer.reset.setOnAction(session.postback("reset")::accept);
            Label name = new Label(timer.name + String.format(Locale.ROOT, " (%.0f s)", timer.targetSeconds));
            name.setMinWidth(80);
            grid.addRow(row++, name, timer.time, timer.progress, timer.toggle, timer.reset);
        }
        Button all = new Button("Start all");
        all.setOnAction(e -> timers.forEach(t -> {
            if (!t.running) {
                t.toggle.fire();
            }
        }));
        VBox root = new VBox(14, title(), grid, all, status);
        root.setPadding(new Insets(16));
        root.setAlignment(Pos.TOP_LEFT);
        updateStatus();

        kernel.signalUiDestroy(stage); // closing the window stops every session
        stage.setTitle("POE stopwatches (javafx loop)");
        stage.setScene(new Scene(root));
        stage.setOnShown(e -> System.out.println("window shown: " + stage.getTitle()));
        stage.show();
    }

    private static Parent title() {
        Label title = new Label("Three sessions, three timers, one FX thread");
        title.setFont(Font.font(16));
        return title;
    }

    private Session stopwatch(Timer timer) {
        return Session.builder()
                .heap(timer)
                .on("toggle", ev -> {
                    Timer t = ev.heap();
                    t.running = !t.running;
                    if (t.running) {
                        t.lastNanos = System.nanoTime();
                        ev.kernel().delay("tick", TICK_SECONDS);
                    } else {
                        ev.kernel().delay("tick"); // clears the pending tick
                    }
                    t.show();
                    updateStatus();
                })
                .on("tick", ev -> {
                    Timer t = ev.heap();
                    long now = System.nanoTime();
                    t.elapsedNanos += now - t.lastNanos;
                    t.lastNanos = now;
                    t.ticks++;
                    if (t.elapsedSeconds() >= t.targetSeconds) {
                        t.running = false;
                        t.elapsedNanos = (long) (t.targetSeconds * 1e9);
                        t.time.setStyle("-fx-text-fill: #c0392b; -fx-font-weight: bold;");
                    } else {
                        ev.kernel().delay("tick", TICK_SECONDS);
                    }
                    t.show();
                    updateStatus();
                })
                .on("reset", ev -> {
                    Timer t = ev.heap();
                    t.running = false;
                    t.elapsedNanos = 0;
                    t.time.setStyle("");
                    ev.kernel().delay("tick");
                    t.show();
                    updateStatus();
                })
                .create(kernel);
    }

    private void updateStatus() {
        long running = timers.stream().filter(t -> t.running).count();
        int ticks = timers.stream().mapToInt(t -> t.ticks).sum();
        status.setText(running + " running, " + ticks + " ticks handled on '" + Thread.currentThread().getName()
                + "', " + kernel.sessionCount() + " sessions");
    }

    /**
     * Starts the program when JavaFX is on the module path; from the class path use
     * {@link StopwatchesLauncher}.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        launch(args);
    }
}
