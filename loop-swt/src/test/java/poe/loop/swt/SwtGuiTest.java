package poe.loop.swt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * The kernel on a real SWT Display (under Xvfb in CI): clicks reach sessions through
 * postbacks, sessions update widgets, and closing the window stops the kernel.
 */
class SwtGuiTest {

    private static final double WATCHDOG_SECONDS = 20;

    private static Display display;
    private Shell shell;
    private Button button;
    private Label label;
    private Kernel kernel;
    private final List<String> seen = new ArrayList<>();

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
     * selections it receives through a postback in a Label, then closes the window.
     */
    private Session clickingSession() {
        return Session.builder()
                .on("_start", ev -> {
                    seen.add("_start");
                    Postback clicked = ev.session().postback("clicked", "the button");
                    button.addListener(SWT.Selection, clicked::accept);
                    ev.kernel().signalUiDestroy(shell);
                    ev.kernel().sig("UIDESTROY", "window_closed");
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
                    shell.dispose();
                })
                .on("window_closed", ev -> {
                    seen.add("UIDESTROY " + ((Shell) ev.arg(1) == shell));
                })
                .on("watchdog", ev -> {
                    seen.add("watchdog fired: the clicks never arrived");
                    shell.dispose();
                })
                .create(kernel);
    }

    @Test
    void aClickReachesTheSessionThroughAPostbackAndClosingTheWindowStopsRun() {
        Session session = clickingSession();
        String[] shownBeforeClose = new String[1];
        button.addDisposeListener(e -> shownBeforeClose[0] = label.getText());

        kernel.run();

        assertEquals(List.of("_start", "clicked", "clicked", "close", "UIDESTROY true"), seen);
        assertEquals("clicks: 2", shownBeforeClose[0]);
        assertFalse(session.isAlive(), "UIDESTROY should have stopped the session");
        assertEquals(0, kernel.sessionCount());
    }

    @Test
    void theSameUnderAnExternalDriverCallingRunOneTimeslice() {
        clickingSession();
        int slices = 0;
        while (kernel.runOneTimeslice()) {
            slices++;
        }
        assertEquals(List.of("_start", "clicked", "clicked", "close", "UIDESTROY true"), seen);
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
        // the window is gone; UIDESTROY is queued: let the program's loop run until the kernel is done
        while (kernel.sessionCount() > 0) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        assertEquals(List.of("_start", "clicked", "clicked", "close", "UIDESTROY true"), seen);
    }

    @Test
    void aPostbackFromAWorkerThreadUpdatesTheLabelOnTheDisplayThread() {
        AtomicReference<Thread> handlerThread = new AtomicReference<>();
        Session.builder()
                .on("_start", ev -> {
                    Postback done = ev.session().postback("done");
                    Thread worker = new Thread(() -> done.accept(6 * 7), "worker");
                    worker.start();
                    ev.kernel().delay("watchdog", WATCHDOG_SECONDS);
                })
                .on("done", ev -> {
                    handlerThread.set(Thread.currentThread());
                    List<Object> given = ev.arg(1);
                    label.setText("answer: " + given.get(0));
                    ev.kernel().alarmRemoveAll();
                    shell.dispose();
                })
                .on("watchdog", ev -> label.setText("the worker's postback never arrived"))
                .create(kernel);
        String[] text = new String[1];
        label.addDisposeListener(e -> text[0] = label.getText());
        kernel.signalUiDestroy(shell);

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

    @Test
    void signalUiDestroyRefusesWhatIsNotAShell() {
        Session.builder()
                .on("_start", ev -> assertThrows(IllegalArgumentException.class,
                        () -> ev.kernel().signalUiDestroy(button)))
                .create(kernel);
        kernel.run();
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
