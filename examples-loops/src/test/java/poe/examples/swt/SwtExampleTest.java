package poe.examples.swt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.junit.jupiter.api.Test;
import poe.Kernel;
import poe.Session;
import poe.loop.swt.SwtLoop;

/**
 * Runs the SWT example with a second session playing the user: three real clicks, one
 * worker job, then closing the window. With {@code -Dpoe.swt.screenshot=FILE} it saves a
 * PNG of the window just before closing it (how docs/swt-example.png was made).
 */
class SwtExampleTest {

    @Test
    void clicksAndTheWorkersResultShowUpAndClosingTheWindowEndsRun() {
        Display display = new Display();
        try (Kernel kernel = Kernel.create(new SwtLoop(display))) {
            SwtExample window = new SwtExample(display);
            Session example = window.startSession(kernel);
            window.shell().setLocation(10, 10);
            window.shell().open();
            String[] lastShown = new String[1];
            window.shell().addDisposeListener(e -> lastShown[0] = String.join(" | ", window.shown()));

            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().delay("click", 0.05, 3);
                        ev.kernel().delay("give_up", 20.0);
                    })
                    .on("click", ev -> {
                        int left = ev.arg(0);
                        click(window.clickButton());
                        if (left > 1) {
                            ev.kernel().delay("click", 0.05, left - 1);
                        } else {
                            ev.kernel().delay("work", 0.05);
                        }
                    })
                    .on("work", ev -> {
                        click(window.workButton());
                        ev.kernel().delay("wait_for_worker", 0.05);
                    })
                    .on("wait_for_worker", ev -> {
                        if (window.workButton().getEnabled() && window.shown().get(2).startsWith("Prime #")) {
                            ev.kernel().delay("close", 1.1);   // let the uptime tick once
                        } else {
                            ev.kernel().delay("wait_for_worker", 0.05);
                        }
                    })
                    .on("close", ev -> {
                        ev.kernel().alarmRemoveAll();
                        String screenshot = System.getProperty("poe.swt.screenshot");
                        if (screenshot != null && !screenshot.isBlank()) {
                            save(window.shell().getDisplay(), window.shell().getBounds(), screenshot);
                        }
                        window.shell().close();   // as the user would: the Shell is disposed
                    })
                    .on("give_up", ev -> window.shell().dispose())
                    .create(kernel);

            kernel.run();

            assertTrue(window.shell().isDisposed());
            assertFalse(example.isAlive(), "UIDESTROY should have stopped the example's session");
            assertEquals(0, kernel.sessionCount());
            List<String> parts = List.of(lastShown[0].split(" \\| "));
            assertTrue(parts.get(0).matches("Uptime: [1-9][0-9]* s"), parts.get(0));
            assertEquals("3 clicks received through a postback", parts.get(1));
            assertEquals("Prime #20000 is " + SwtExample.nthPrime(20_000) + " (found on a worker thread)",
                    parts.get(2));
        } finally {
            display.dispose();
        }
    }

    @Test
    void findsPrimes() {
        assertEquals(2, SwtExample.nthPrime(1));
        assertEquals(29, SwtExample.nthPrime(10));
        assertEquals(7919, SwtExample.nthPrime(1000));
    }

    /** A real click through the window system. */
    private static void click(Button button) {
        Display display = button.getDisplay();
        Point center = display.map(button, null, button.getSize().x / 2, button.getSize().y / 2);
        for (int type : new int[] {SWT.MouseMove, SWT.MouseDown, SWT.MouseUp}) {
            Event event = new Event();
            event.type = type;
            event.button = type == SWT.MouseMove ? 0 : 1;
            event.x = center.x;
            event.y = center.y;
            assertTrue(display.post(event), "Display.post refused a mouse event");
        }
    }

    private static void save(Display display, Rectangle bounds, String file) {
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
        } finally {
            gc.dispose();
        }
        ImageLoader loader = new ImageLoader();
        loader.data = new ImageData[] {image.getImageData()};
        loader.save(file, SWT.IMAGE_PNG);
        image.dispose();
    }
}
