package poe.loop.swt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import poe.Kernel;
import poe.Postback;
import poe.Session;

/**
 * The kernel on a real SWT Display (under Xvfb in CI): real mouse clicks reach sessions
 * through postbacks on the Display thread, sessions update widgets, and run(),
 * runOneTimeslice() or a program's own SWT loop drive the kernel. That closing a window
 * given to {@code signalUiDestroy} stops every session (UIDESTROY) is a conformance case on
 * every loop with windows ({@code KernelSemanticsIdleTest#idle3_closingTheWindowStopsEverySession});
 * the SWT loop's own part of it (a disposed Shell runs the action) is {@link SwtLoopTest}'s.
 */
class SwtGuiTest {

    private static final double WATCHDOG_SECONDS = 20;

    private static Display display;
    private Shell shell;
    private Button button;
    private Label label;
    private Kernel kernel;
    private final List<String> seen = new ArrayList<>();
    /** The clicking session's postback: the session lives as long as it is open. */
    private Postback clicked;

    @BeforeAll
    static void openDisplay() {
        display = new Display();
    }

    @AfterAll
    static void closeDisplay() {
        display.dispose();
    }

    @BeforeEach
    void openWindow() {
        shell = new Shell(display);
        shell.setText("SwtGuiTest");
        shell.setLayout(new FillLayout(SWT.VERTICAL));
        button = new Button(shell, SWT.PUSH);
        button.setText("Click me");
        label = new Label(shell, SWT.NONE);
        label.setText("no clicks yet");
        shell.setSize(240, 100);
        shell.open();
        kernel = Kernel.create(new SwtLoop(display));
    }

    @AfterEach
    void closeWindow() {
        if (!shell.isDisposed()) {
            shell.dispose();
        }
        assertTrue(kernel.loop().registrations().isEmpty(), "leaked: " + kernel.loop().registrations());
        kernel.close();
        assertFalse(display.isDisposed(), "the loop disposed a Display it was given");
    }

    /**
     * A session that clicks the button twice with real (posted) mouse events, counts the
     * selections it receives through a postback in a Label, then closes the window and its
     * postback, which leaves it nothing to live for: it stops, and the kernel with it.
     */
    private Session clickingSession() {
        return Session.builder()
                .on("_start", ev -> {
                    seen.add("_start");
                    clicked = ev.session().postback("clicked", "the button");
                    button.addListener(SWT.Selection, clicked::accept);
                    ev.kernel().delay("click", 0.05);
                    ev.kernel().delay("watchdog", WATCHDOG_SECONDS);
                })
                .on("click", ev -> clickWithTheMouse(button))
                .on("clicked", ev -> {
                    List<Object> made = ev.arg(0);
                    List<Object> given = ev.arg(1);
                    Event swtEvent = (Event) given.get(0);
                    assertEquals(List.of("the button"), made);
                    assertEquals(SWT.Selection, swtEvent.type);
                    assertTrue(swtEvent.widget == button, "the Selection came from another widget");
                    assertTrue(display.getThread() == Thread.currentThread(), "handler off the Display thread");
                    int clicks = seen.size();   // "_start" plus one per earlier click
                    seen.add("clicked");
                    label.setText("clicks: " + clicks);
                    if (clicks < 2) {
                        ev.kernel().delay("click", 0.02);
                    } else {
                        ev.kernel().yield("close");
                    }
                })
                .on("close", ev -> {
                    seen.add("close");
                    ev.kernel().alarmRemoveAll();
                    clicked.close();
                    shell.dispose();
                })
                .on("watchdog", ev -> {
                    seen.add("watchdog fired: the clicks never arrived");
                    clicked.close();
                    shell.dispose();
                })
                .on("_stop", ev -> seen.add("_stop"))
                .create(kernel);
    }

    @Test
    void aClickReachesTheSessionThroughAPostbackAndRunReturnsOnceTheSessionIsDone() {
        Session session = clickingSession();
        String[] shownBeforeClose = new String[1];
        button.addDisposeListener(e -> shownBeforeClose[0] = label.getText());

        kernel.run();

        assertEquals(List.of("_start", "clicked", "clicked", "close", "_stop"), seen);
        assertEquals("clicks: 2", shownBeforeClose[0]);
        assertFalse(session.isAlive());
        assertEquals(0, kernel.sessionCount());
    }

    @Test
    void theSameUnderAnExternalDriverCallingRunOneTimeslice() {
        clickingSession();
        int slices = 0;
        while (kernel.runOneTimeslice()) {
            slices++;
        }
        assertEquals(List.of("_start", "clicked", "clicked", "close", "_stop"), seen);
        assertTrue(slices > 0);
        assertEquals(0, kernel.sessionCount());
    }

    @Test
    void aProgramRunningItsOwnSwtLoopRunsTheKernelToo() {
        clickingSession();
        while (!shell.isDisposed()) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        // the window is gone; the session's collection may still be queued: let the program's
        // loop run until the kernel is done
        while (kernel.sessionCount() > 0) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        assertEquals(List.of("_start", "clicked", "clicked", "close", "_stop"), seen);
    }

    @Test
    void aPostbackFromAWorkerThreadUpdatesTheLabelOnTheDisplayThread() {
        AtomicReference<Thread> handlerThread = new AtomicReference<>();
        Session.builder()
                .on("_start", ev -> {
                    Postback done = ev.session().postback("done");
                    ev.<Postback[]>heap()[0] = done;
                    Thread worker = new Thread(() -> done.accept(6 * 7), "worker");
                    worker.start();
                    ev.kernel().delay("watchdog", WATCHDOG_SECONDS);
                })
                .heap(new Postback[1])
                .on("done", ev -> {
                    handlerThread.set(Thread.currentThread());
                    List<Object> given = ev.arg(1);
                    label.setText("answer: " + given.get(0));
                    ev.kernel().alarmRemoveAll();
                    ev.<Postback[]>heap()[0].close();    // nothing keeps the session now
                    shell.dispose();
                })
                .on("watchdog", ev -> {
                    label.setText("the worker's postback never arrived");
                    ev.<Postback[]>heap()[0].close();
                })
                .create(kernel);
        String[] text = new String[1];
        label.addDisposeListener(e -> text[0] = label.getText());

        kernel.run();

        assertEquals("answer: 42", text[0]);
        assertTrue(handlerThread.get() == display.getThread(), "the handler ran on " + handlerThread.get());
    }

    @Test
    void kernelCallsFromAnotherThreadNameTheDisplayThread() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                kernel.delay("never", 1.0);
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "not-the-display-thread");
        other.start();
        other.join();
        assertTrue(thrown.get() instanceof IllegalStateException, "expected a refusal, got " + thrown.get());
        assertTrue(thrown.get().getMessage().contains("Display thread"), thrown.get().getMessage());
    }

    /** Real pointer events through the window system, as a user's click. */
    private static void clickWithTheMouse(Button target) {
        Point center = target.getDisplay().map(target, null, target.getSize().x / 2, target.getSize().y / 2);
        post(SWT.MouseMove, 0, center);
        post(SWT.MouseDown, 1, center);
        post(SWT.MouseUp, 1, center);
    }

    private static void post(int type, int button, Point at) {
        Event event = new Event();
        event.type = type;
        event.button = button;
        event.x = at.x;
        event.y = at.y;
        assertTrue(display.post(event), "Display.post refused a mouse event");
    }
}
