package poe.loop.javafx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
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
 * there, and closing the window makes run() return on the calling thread; runOneTimeslice()
 * hands it over for one timeslice and back. The kernel's behaviour itself (the same on every
 * loop, the kernel made on the FX thread) is compat-tests' conformance suite.
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

    @Test
    void timeslicesFromMainRunHandlersOnTheFxThreadAndHandTheKernelBackBetweenThem() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Kernel kernel = Kernel.create("javafx"); // this thread owns the kernel
        Pipe pipe = Pipe.open();
        Thread[] poster = new Thread[1];
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            Session.builder()
                    .heap(new int[1])
                    .on("_start", ev -> {
                        log.add("_start on " + Thread.currentThread().getName());
                        ev.kernel().aliasSet("hand-off"); // the poster's address
                        // an alias alone does not keep the kernel busy: with the timer and the read
                        // done before the poster thread runs (a loaded machine), IDLE and ZOMBIE
                        // would end the session and the post would find no one; an extra
                        // reference does, as in POE, until the three have arrived
                        ev.kernel().refcountIncrement(ev.session().id(), "hand-off");
                        ev.kernel().delay("timer", 0.02);
                        ev.kernel().selectRead(source, "readable");
                        sink.write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
                        poster[0] = new Thread(() -> kernel.post("hand-off", "posted"), "poster");
                        poster[0].start();
                    })
                    .on("timer", ev -> seen(ev, log, "timer"))
                    .on("posted", ev -> seen(ev, log, "posted"))
                    .on("readable", ev -> {
                        ByteBuffer buffer = ByteBuffer.allocate(16);
                        source.read(buffer);
                        ev.kernel().selectRead(source);
                        seen(ev, log, "read " + buffer.position());
                    })
                    .create(kernel);
            // how many timeslices it takes is not asserted: on a loaded machine the timer may be
            // due by the first one, which then dispatches all three and collects the session
            while (kernel.runOneTimeslice()) {
                // between timeslices the kernel is this thread's again
                assertEquals(1, kernel.sessionCount());
            }
            poster[0].join(20_000);
            String me = Thread.currentThread().getName();
            assertEquals("_start on " + me, log.get(0));
            assertEquals(List.of("posted on JavaFX Application Thread", "read 2 on JavaFX Application Thread",
                    "timer on JavaFX Application Thread"), log.subList(1, log.size()).stream().sorted().toList());
            assertEquals(0, kernel.sessionCount());
            assertEquals(List.of(), kernel.loop().registrations());
        } finally {
            kernel.close();
        }
    }

    /** Logs what arrived and where; the third arrival lets the session go. */
    private static void seen(poe.EventContext ev, List<String> log, String what) {
        log.add(what + " on " + Thread.currentThread().getName());
        int[] arrived = ev.heap();
        if (++arrived[0] == 3) {
            ev.kernel().aliasRemove("hand-off");
            ev.kernel().refcountDecrement(ev.session().id(), "hand-off");
        }
    }
}
