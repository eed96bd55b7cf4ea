package poe.examples.swt;

import java.util.List;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import poe.Kernel;
import poe.Postback;
import poe.Session;
import poe.loop.swt.SwtLoop;

/**
 * The SWT example: one window, one session, every handler on the Display thread.
 *
 * <ul>
 *   <li>a kernel timer updates the uptime every second;</li>
 *   <li>the button's clicks reach the session through a postback, used directly as the
 *       button's SWT listener;</li>
 *   <li>"Find a prime" hands a slow job to a worker thread, whose result comes back
 *       through a postback (postbacks are thread-safe) and lands in a Label;</li>
 *   <li>closing the window sends UIDESTROY, which stops the session, and {@code run()}
 *       returns.</li>
 * </ul>
 *
 * <pre>{@code
 * Display display = new Display();
 * Kernel kernel = Kernel.create(new SwtLoop(display));
 * SwtExample window = new SwtExample(display);
 * window.startSession(kernel);
 * window.shell().open();
 * kernel.run();
 * }</pre>
 */
public final class SwtExample {

    private final Shell shell;
    private final Label uptime;
    private final Label clicks;
    private final Label job;
    private final Button clickMe;
    private final Button findPrime;
    private final Font titleFont;

    /**
     * Builds the window (not yet open).
     *
     * @param display the Display; call on its thread
     */
    public SwtExample(Display display) {
        shell = new Shell(display);
        shell.setText("POE on SWT");
        GridLayout layout = new GridLayout(2, false);
        layout.marginWidth = 14;
        layout.marginHeight = 12;
        layout.horizontalSpacing = 10;
        layout.verticalSpacing = 8;
        shell.setLayout(layout);

        Label title = new Label(shell, SWT.NONE);
        title.setText("A POE session on the SWT Display thread");
        FontData[] base = title.getFont().getFontData();
        titleFont = new Font(display, base[0].getName(), base[0].getHeight() + 2, SWT.BOLD);
        title.setFont(titleFont);
        title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        uptime = label("Uptime: 0 s", 2);
        clickMe = button("Click me");
        clicks = label("No clicks yet", 1);
        findPrime = button("Find a prime");
        job = label("Worker idle", 1);
        label("Close the window to stop the kernel (UIDESTROY).", 2).setEnabled(false);
        shell.addDisposeListener(e -> titleFont.dispose());
        shell.setSize(shell.computeSize(520, SWT.DEFAULT));
    }

    /** The window. */
    public Shell shell() {
        return shell;
    }

    /** What the session shows: uptime, clicks and the worker's result, one line each. */
    public List<String> shown() {
        return List.of(uptime.getText(), clicks.getText(), job.getText());
    }

    /** The button whose clicks the session counts. */
    public Button clickButton() {
        return clickMe;
    }

    /** The button that starts the worker. */
    public Button workButton() {
        return findPrime;
    }

    /**
     * Creates the window's session: call on the Display thread, with a kernel on the swt loop.
     *
     * @param kernel the kernel
     * @return the session
     */
    public Session startSession(Kernel kernel) {
        int[] seconds = {0};
        int[] clickCount = {0};
        int[] jobs = {0};
        return Session.builder()
                .on("_start", ev -> {
                    ev.kernel().signalUiDestroy(shell);   // closing the window stops the kernel
                    Postback clicked = ev.session().postback("clicked");
                    clickMe.addListener(SWT.Selection, clicked::accept);
                    Postback work = ev.session().postback("work");
                    findPrime.addListener(SWT.Selection, work::accept);
                    ev.kernel().delay("tick", 1.0);
                })
                .on("tick", ev -> {
                    uptime.setText("Uptime: " + ++seconds[0] + " s");
                    ev.kernel().delay("tick", 1.0);
                })
                .on("clicked", ev -> {
                    clickCount[0]++;
                    clicks.setText(clickCount[0] + (clickCount[0] == 1 ? " click" : " clicks")
                            + " received through a postback");
                })
                .on("work", ev -> {
                    int n = 20_000 + 10_000 * jobs[0]++;
                    findPrime.setEnabled(false);
                    job.setText("Worker looking for prime #" + n + "...");
                    Postback done = ev.session().postback("found", n);
                    Thread worker = new Thread(() -> done.accept(nthPrime(n)), "prime-worker");
                    worker.setDaemon(true);
                    worker.start();
                })
                .on("found", ev -> {
                    List<Object> made = ev.arg(0);
                    List<Object> given = ev.arg(1);
                    job.setText("Prime #" + made.get(0) + " is " + given.get(0) + " (found on a worker thread)");
                    findPrime.setEnabled(true);
                })
                .on("_stop", ev -> System.out.println("window closed after " + seconds[0] + " s and "
                        + clickCount[0] + " clicks; the session stops"))
                .create(kernel);
    }

    /**
     * Opens the window and runs the kernel until the window is closed.
     *
     * @param args none
     */
    public static void main(String[] args) {
        Display display = new Display();
        try (Kernel kernel = Kernel.create(new SwtLoop(display))) {
            SwtExample window = new SwtExample(display);
            window.startSession(kernel);
            window.shell().open();
            System.out.println("window shown: " + window.shell().getText());
            kernel.run();
        } finally {
            display.dispose();
        }
    }

    private Label label(String text, int columns) {
        Label label = new Label(shell, SWT.NONE);
        label.setText(text);
        label.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, columns, 1));
        return label;
    }

    private Button button(String text) {
        Button button = new Button(shell, SWT.PUSH);
        button.setText(text);
        button.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false));
        return button;
    }

    /** The n-th prime (1-based), by trial division: slow on purpose. */
    static long nthPrime(int n) {
        int found = 0;
        for (long candidate = 2; ; candidate++) {
            if (isPrime(candidate) && ++found == n) {
                return candidate;
            }
        }
    }

    private static boolean isPrime(long value) {
        for (long d = 2; d * d <= value; d++) {
            if (value % d == 0) {
                return false;
            }
        }
        return true;
    }
}
