package poe.compat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/**
 * The {@code swt} loop's fixture: a scenario runs on an SWT Display thread, as SWT
 * programs run their handlers. One Display thread ({@code poe-compat-swt-display}) serves
 * every scenario of the JVM: it pumps SWT's event loop between scenarios, and each
 * scenario runs inside one {@link Display#asyncExec} while the test thread waits.
 * (Headless Linux: run the tests under {@code xvfb-run -a}.)
 *
 * <pre>{@code
 * // META-INF/services/poe.compat.LoopFixture
 * poe.compat.SwtLoopFixture
 * }</pre>
 */
public final class SwtLoopFixture implements LoopFixture {

    @Override
    public String loopName() {
        return "swt";
    }

    @Override
    public void execute(ScenarioBody body) throws Throwable {
        Display display = DisplayThread.display();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            display.asyncExec(() -> {
                try {
                    body.run();
                    done.complete(null);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                } finally {
                    Thread.interrupted(); // a watchdog's interrupt must not reach the next scenario
                }
            });
        } catch (SWTException e) {
            throw new IllegalStateException("the SWT Display of the conformance suite is gone: " + e.getMessage(), e);
        }
        try {
            done.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean isToolkitThread(Thread thread) {
        return DisplayThread.isIt(thread);
    }

    /** Opening the first Display (GTK's start-up) may take a moment on a loaded machine. */
    @Override
    public Duration extraTimeout() {
        return DisplayThread.started() ? Duration.ZERO : Duration.ofSeconds(10);
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.WINDOWS);
    }

    /** An open {@link Shell} of the fixture's Display (on the Display thread, the scenario thread). */
    @Override
    public Object openWindow(String title) {
        Shell shell = new Shell(Display.getCurrent());
        shell.setText(title);
        shell.setSize(200, 80);
        shell.open();
        return shell;
    }

    /** {@link Shell#close()}: what the window manager's close does (SWT.Close, then disposal). */
    @Override
    public void closeWindow(Object window) {
        ((Shell) window).close();
    }

    /** The JVM's one Display, on its own daemon thread, pumping SWT events between scenarios. */
    private static final class DisplayThread {
        private static Display display;
        private static Thread thread;

        static synchronized Display display() throws Throwable {
            if (display != null) {
                return display;
            }
            CompletableFuture<Display> opened = new CompletableFuture<>();
            Thread t = new Thread(() -> pump(opened), "poe-compat-swt-display");
            t.setDaemon(true);
            t.start();
            try {
                display = opened.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot open an SWT Display for the swt fixture"
                        + " (headless? run under xvfb-run -a): " + e.getCause(), e.getCause());
            }
            thread = t;
            return display;
        }

        static synchronized boolean started() {
            return display != null;
        }

        static synchronized boolean isIt(Thread t) {
            return t == thread;
        }

        private static void pump(CompletableFuture<Display> opened) {
            Display d;
            try {
                d = new Display();
            } catch (Throwable t) {
                opened.completeExceptionally(t);
                return;
            }
            opened.complete(d);
            while (!d.isDisposed()) {
                try {
                    if (!d.readAndDispatch()) {
                        d.sleep();
                    }
                } catch (RuntimeException e) {
                    // a scenario's failure is reported through its future; keep pumping for the next
                    System.err.println("[poe-compat] the swt fixture's Display thread caught " + e);
                }
            }
        }
    }
}
