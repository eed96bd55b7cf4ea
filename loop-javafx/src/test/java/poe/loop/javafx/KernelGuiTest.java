package poe.loop.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.event.ActionEvent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import poe.Kernel;
import poe.Session;

/**
 * A real kernel on the javafx loop, driven through a real window (headless Monocle): a
 * postback is a button's {@code EventHandler} and its session updates a label, a session's
 * timers animate a progress bar. The kernel belongs to the FX thread and dispatches as the
 * toolkit runs, with no {@code run()}. UIDESTROY when a window closes is a conformance case
 * on every loop with windows ({@code KernelSemanticsIdleTest#idle3_closingTheWindowStopsEverySession}).
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(60)
class KernelGuiTest {
    private static final long WAIT_SECONDS = 20;

    private Label label;
    private Button button;
    private Button animate;
    private ProgressBar bar;

    @Start
    void start(Stage stage) {
        label = new Label("no clicks");
        button = new Button("Click me");
        animate = new Button("Animate");
        bar = new ProgressBar(0);
        Kernel kernel = Kernel.create("javafx"); // on the FX thread: the kernel belongs to it
        Session clicks = Session.builder()
                .heap(new int[1])
                .on("clicked", ev -> {
                    int[] count = ev.heap();
                    count[0]++;
                    List<Object> given = ev.arg(1);
                    label.setText(count[0] + " clicks, last from "
                            + ((Button) ((ActionEvent) given.get(0)).getSource()).getText()
                            + " on " + Thread.currentThread().getName());
                })
                .create(kernel);
        button.setOnAction(clicks.postback("clicked")::accept);

        Session animator = Session.builder()
                .heap(new int[1])
                .on("go", ev -> ev.kernel().delay("step", 0.02))
                .on("step", ev -> {
                    int[] step = ev.heap();
                    step[0]++;
                    bar.setProgress(step[0] / 10.0);
                    if (step[0] < 10) {
                        ev.kernel().delay("step", 0.02);
                    }
                })
                .create(kernel);
        animate.setOnAction(animator.postback("go")::accept);

        stage.setScene(new Scene(new VBox(8, label, button, animate, bar), 300, 150));
        stage.show();
    }

    private static <T> T onFx(Callable<T> task) throws Exception {
        return WaitForAsyncUtils.asyncFx(task).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aClickReachesASessionThroughAPostbackAndTheSessionUpdatesALabel(FxRobot robot) throws Exception {
        robot.clickOn(button);
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> label.getText().startsWith("1 clicks"));
        assertEquals("1 clicks, last from Click me on JavaFX Application Thread", onFx(label::getText));
        robot.clickOn(button).clickOn(button);
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> label.getText().startsWith("3 clicks"));
    }

    @Test
    void aTimerDrivenSessionAnimatesAProgressBar(FxRobot robot) throws Exception {
        List<Double> seen = Collections.synchronizedList(new ArrayList<>());
        onFx(() -> {
            bar.progressProperty().addListener((o, was, now) -> seen.add(now.doubleValue()));
            return null;
        });
        robot.clickOn(animate);
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> bar.getProgress() >= 1.0);
        List<Double> steps = new ArrayList<>(seen);
        assertEquals(10, steps.size(), "one step per timer event: " + steps);
        for (int i = 1; i < steps.size(); i++) {
            assertTrue(steps.get(i) > steps.get(i - 1), "not monotonic: " + steps);
        }
    }
}
