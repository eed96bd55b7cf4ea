package poe.examples.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The stopwatch example, driven through its buttons: clicks reach sessions through
 * postbacks, the sessions' timers animate the rows. Writes target/javafx-example.png.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(60)
class StopwatchesGuiTest {
    private final Stopwatches app = new Stopwatches();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app.start(stage);
    }


    private <T> T onFx(java.util.concurrent.Callable<T> task) throws Exception {
        return WaitForAsyncUtils.asyncFx(task).get(20, TimeUnit.SECONDS);
    }

    @Test
    void clicksStartTimersThatAnimateTheirRowsOnTheFxThread(FxRobot robot) throws Exception {
        Stopwatches.Timer tea = app.timers().get(0);
        Stopwatches.Timer eggs = app.timers().get(1);
        List<Double> teaProgress = new ArrayList<>();
        onFx(() -> {
            tea.progress.progressProperty().addListener((o, was, now) -> teaProgress.add(now.doubleValue()));
            return null;
        });
        assertEquals("00:00.00", onFx(tea.time::getText));

        robot.clickOn(tea.toggle);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> tea.progress.getProgress() > 0.1);
        assertEquals("Pause", onFx(tea.toggle::getText));
        assertTrue(onFx(() -> !tea.time.getText().equals("00:00.00")));
        assertEquals(0.0, onFx(eggs.progress::getProgress), "an idle row moved");

        robot.clickOn(eggs.toggle);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> eggs.progress.getProgress() > 0.05);
        assertTrue(onFx(() -> app.timers().get(2).progress.getProgress()) == 0.0);

        robot.clickOn(tea.toggle); // pause
        double paused = onFx(() -> {
            assertEquals("Resume", tea.toggle.getText());
            return tea.progress.getProgress();
        });
        Thread.sleep(300);
        assertEquals(paused, onFx(tea.progress::getProgress), "a paused timer kept ticking");

        List<Double> seen = onFx(() -> new ArrayList<>(teaProgress));
        assertTrue(seen.size() >= 3, "the progress bar was set only " + seen.size() + " times: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), "progress went backwards: " + seen);
        }
        assertTrue(onFx(() -> app.statusText()).contains("JavaFX Application Thread"), onFx(app::statusText));

        robot.clickOn(tea.reset);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> tea.progress.getProgress() == 0.0);
        assertEquals("Start", onFx(tea.toggle::getText));
    }

    @Test
    void screenshotOfTheRunningExample(FxRobot robot) throws Exception {
        robot.clickOn("Start all");
        Stopwatches.Timer pasta = app.timers().get(2);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> app.timers().get(0).progress.getProgress() >= 1.0);
        robot.clickOn(pasta.toggle); // pause the last one, so the shot shows all three states
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage shot = onFx(() -> stage.getScene().snapshot(null));
        Path out = Path.of("target", "javafx-example.png");
        Files.createDirectories(out.getParent());
        ImageIO.write(toBufferedImage(shot), "png", out.toFile());
        assertTrue(new File(out.toString()).length() > 1000, "screenshot not written");
    }

    private static BufferedImage toBufferedImage(WritableImage image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        return out;
    }
}
