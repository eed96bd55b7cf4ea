package poe.loop.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import poe.Kernel;
import poe.Session;

/**
 * The kernel made on a plain thread ("main"): run() hands it to the FX thread, handlers run
 * there, and closing the window makes run() return on the calling thread.
 */
@Timeout(60)
class HandOffGuiTest {

    @Test
    void runFromMainRunsHandlersOnTheFxThreadUntilTheWindowCloses() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Kernel kernel = Kernel.create("javafx"); // starts the toolkit; this thread owns the kernel
        assertTrue(new JavaFxLoopProvider().detectRunning());

        FutureTask<Stage> makeStage = new FutureTask<>(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new Label("hand-off"), 200, 80));
            s.show();
            return s;
        });
        Platform.runLater(makeStage);
        Stage stage = makeStage.get(20, TimeUnit.SECONDS);

        CountDownLatch ticking = new CountDownLatch(3);
        Session.builder()
                .on("_start", ev -> {
                    log.add("_start on " + Thread.currentThread().getName());
                    ev.kernel().sig("UIDESTROY", "ui_gone");
                    ev.kernel().delay("tick", 0.01);
                })
                .on("tick", ev -> {
                    if (ticking.getCount() > 0) {
                        ticking.countDown();
                        if (ticking.getCount() == 0) {
                            log.add("ticked on " + Thread.currentThread().getName());
                            Platform.runLater(() -> stage.fireEvent(
                                    new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
                        }
                    }
                    ev.kernel().delay("tick", 0.01); // keeps going until UIDESTROY stops it
                })
                .on("ui_gone", ev -> log.add("UIDESTROY on " + Thread.currentThread().getName()))
                .create(kernel);
        kernel.signalUiDestroy(stage);

        kernel.run(); // returns once the window has closed

        String me = Thread.currentThread().getName();
        assertEquals(List.of("_start on " + me, "ticked on JavaFX Application Thread",
                "UIDESTROY on JavaFX Application Thread"), new ArrayList<>(log));
        assertEquals(0, kernel.sessionCount(), "the kernel is back on this thread, with no sessions");
        assertEquals(List.of(), kernel.loop().registrations());
        kernel.close();
    }
}
