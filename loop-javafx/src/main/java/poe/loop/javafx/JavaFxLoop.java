package poe.loop.javafx;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import javafx.application.Platform;
import javafx.event.EventHandler;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import poe.loop.toolkit.ToolkitLoop;

/**
 * The JavaFX loop: every handler runs on the FX Application Thread, so handlers may touch
 * the scene graph, and widgets talk to sessions through postbacks.
 *
 * <p>Channel readiness and the kernel's timer come from the shared bridge thread
 * ({@link poe.loop.toolkit.ChannelBridge}) and reach the FX thread in batches: one
 * {@link Platform#runLater} per timeslice, never one per event. Work done while already on
 * the FX thread (a {@code runOneTimeslice()}, a window closing) is handled in place.
 *
 * <p>Ways to run it:
 * <ul>
 *   <li>From {@code main} (any thread but the FX thread): {@code Kernel.create("javafx")}
 *       starts the toolkit if needed (with daemon threads, so it does not keep the JVM
 *       alive), sessions are created on the calling thread, and {@code kernel.run()} hands
 *       the kernel to the FX thread and blocks until it is done.</li>
 *   <li>On the FX thread (e.g. in {@code Application.start}): the kernel belongs to the FX
 *       thread; events are dispatched as the toolkit runs, {@code run()} is optional and
 *       waits in a nested event loop.</li>
 *   <li>{@code runOneTimeslice()} from an {@code AnimationTimer} pulse handles what is due
 *       and returns without waiting.</li>
 * </ul>
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create("javafx");            // on the FX thread, in Application.start
 * Label label = new Label("0");
 * Session counter = Session.builder()
 *         .on("_start", ev -> ev.kernel().alias("counter"))
 *         .on("clicked", ev -> label.setText(String.valueOf(Integer.parseInt(label.getText()) + 1)))
 *         .create(kernel);
 * Button button = new Button("+1");
 * button.setOnAction(counter.postback("clicked")::accept);  // a postback as an event handler
 * kernel.signalUiDestroy(stage);                       // closing the window ends the kernel
 * }</pre>
 */
public final class JavaFxLoop extends ToolkitLoop {

    /** A nested event loop that {@link #pumpUntil} entered, and when it may leave. */
    private record Nested(Object key, BooleanSupplier done) {
    }

    private final Deque<Nested> nested = new ArrayDeque<>();

    /** Makes a loop; the toolkit is started when a kernel binds to it off the FX thread. */
    public JavaFxLoop() {
        super("javafx");
    }

    /**
     * Starts the JavaFX toolkit unless it already runs, the way the loop does: a toolkit
     * started here never keeps the JVM alive once the program's own threads are done, and
     * closing the last window does not end it. For test fixtures and programs that want
     * the toolkit up before they make a kernel.
     *
     * <pre>{@code
     * JavaFxLoop.startToolkit();
     * Platform.runLater(() -> { Kernel kernel = Kernel.create("javafx"); ... });
     * }</pre>
     *
     * @throws IllegalStateException if the toolkit cannot start, with the reason
     */
    public static void startToolkit() {
        FxToolkit.ensureStarted();
    }

    @Override
    protected boolean isToolkitThread() {
        return Platform.isFxApplicationThread();
    }

    @Override
    protected void executeOnToolkit(Runnable task) {
        Platform.runLater(task);
    }

    @Override
    protected boolean canPump() {
        return Platform.isFxApplicationThread() && Platform.canStartNestedEventLoop();
    }

    @Override
    protected void pumpUntil(BooleanSupplier done) {
        Nested loop = new Nested(new Object(), done);
        nested.push(loop);
        try {
            while (!done.getAsBoolean() && !isClosed()) {
                Platform.enterNestedEventLoop(loop.key());
            }
        } finally {
            nested.remove(loop);
        }
    }

    @Override
    protected void wakePump() {
        // Nested loops unwind innermost first; an outer one that is done waits its turn.
        while (!nested.isEmpty() && (nested.peek().done().getAsBoolean() || isClosed())) {
            Platform.exitNestedEventLoop(nested.pop().key(), null);
        }
    }

    @Override
    protected boolean toolkitRunsByItself() {
        return true;
    }

    @Override
    protected void startToolkitIfNeeded() {
        FxToolkit.ensureStarted();
    }

    @Override
    protected String toolkitThreadName() {
        return "the JavaFX Application Thread";
    }

    @Override
    protected String wrongThreadAdvice() {
        return "create the kernel on the FX Application Thread (in Application.start or Platform.runLater)"
                + " and use it there, or create it on another thread and call run() or runOneTimeslice()"
                + " from that thread, which hands the kernel to the FX thread while it runs";
    }

    /**
     * Sends UIDESTROY when the window closes (is hidden): {@code kernel.signalUiDestroy(stage)}.
     * The kernel's UIDESTROY stops every session, so {@code run()} returns.
     *
     * @param widget    a {@link Window}, usually the program's {@code Stage}
     * @param onDestroy the kernel's callback, run on the loop thread
     * @throws IllegalArgumentException if the widget is not a JavaFX window
     */
    @Override
    public void attachUiDestroy(Object widget, Runnable onDestroy) {
        Objects.requireNonNull(onDestroy, "onDestroy");
        if (!(widget instanceof Window)) {
            throw new IllegalArgumentException("signalUiDestroy on the javafx loop needs a javafx.stage.Window"
                    + " (a Stage), not " + (widget == null ? "null" : widget.getClass().getName()));
        }
        Window window = (Window) widget;
        EventHandler<WindowEvent> handler = new EventHandler<>() {
            @Override
            public void handle(WindowEvent event) {
                window.removeEventHandler(WindowEvent.WINDOW_HIDDEN, this);
                runInTimeslice(onDestroy);
            }
        };
        if (Platform.isFxApplicationThread()) {
            window.addEventHandler(WindowEvent.WINDOW_HIDDEN, handler);
        } else {
            Platform.runLater(() -> window.addEventHandler(WindowEvent.WINDOW_HIDDEN, handler));
        }
    }
}
