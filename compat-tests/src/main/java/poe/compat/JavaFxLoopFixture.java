package poe.compat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import poe.loop.javafx.JavaFxLoop;

/**
 * The {@code javafx} loop's fixture: a scenario runs on the FX Application Thread, as a
 * JavaFX program's code does. Each scenario is one {@link Platform#runLater} task while the
 * test thread waits; {@code run()} then waits in a nested event loop and
 * {@code runOneTimeslice()} pumps one where it has to wait. The toolkit starts once per
 * JVM (headless: Monocle, {@code -Dglass.platform=Monocle -Dmonocle.platform=Headless
 * -Dprism.order=sw}, or a display / {@code xvfb-run}).
 *
 * <pre>{@code
 * // META-INF/services/poe.compat.LoopFixture
 * poe.compat.JavaFxLoopFixture
 * }</pre>
 */
public final class JavaFxLoopFixture implements LoopFixture {
    private static volatile boolean started;

    @Override
    public String loopName() {
        return "javafx";
    }

    @Override
    public void execute(ScenarioBody body) throws Throwable {
        startOnce();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            } finally {
                Thread.interrupted(); // a watchdog's interrupt must not reach the next scenario
            }
        });
        try {
            done.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void startOnce() {
        if (!started) {
            try {
                JavaFxLoop.startToolkit();
            } catch (IllegalStateException e) {
                throw new IllegalStateException("cannot start JavaFX for the javafx fixture (headless? put"
                        + " org.testfx:openjfx-monocle on the class path and pass -Dglass.platform=Monocle"
                        + " -Dmonocle.platform=Headless -Dprism.order=sw): " + e.getMessage(), e);
            }
            started = true;
        }
    }

    @Override
    public boolean isToolkitThread(Thread thread) {
        String name = thread.getName();
        // JavaFX starts these once per JVM; the loop's own start-up and exit watch too.
        return name.startsWith("JavaFX") || name.startsWith("Quantum") || name.equals("InvokeLaterDispatcher")
                || name.startsWith("Prism") || name.startsWith("Monocle") || name.startsWith("poe-javafx-");
    }

    /** The toolkit's first start may take several seconds on a loaded machine. */
    @Override
    public Duration extraTimeout() {
        return started ? Duration.ZERO : Duration.ofSeconds(15);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.WINDOWS);
    }

    /** A shown {@link Stage} (on the FX thread, the scenario thread). */
    @Override
    public Object openWindow(String title) {
        Stage stage = new Stage();
        stage.setTitle(title);
        stage.setScene(new Scene(new Label(title), 200, 80));
        stage.show();
        return stage;
    }

    /** Fires the window manager's close request; unconsumed, it hides the stage. */
    @Override
    public void closeWindow(Object window) {
        Stage stage = (Stage) window;
        stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
    }
}
