package poe.loop.swt;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import poe.loop.toolkit.ToolkitLoop;

/**
 * The SWT loop: every handler runs on the SWT {@link Display} thread.
 *
 * <p>The kernel's timer and channel readiness come from the shared bridge thread
 * ({@link poe.loop.toolkit.ChannelBridge}), which hands them to the Display thread in
 * batches: one {@link Display#asyncExec} per batch, never one per event. Because those
 * batches are ordinary SWT events, a program that runs its own
 * {@code readAndDispatch}/{@code sleep} loop runs the kernel too, without calling
 * {@code kernel.run()}; {@code kernel.run()} on the Display thread runs that loop itself
 * until the kernel is done, and {@code kernel.runOneTimeslice()} runs it until one batch
 * was handled.
 *
 * <p>The kernel must be created on the Display thread. Closing a window can stop it:
 * {@code kernel.signalUiDestroy(shell)} sends UIDESTROY when the Shell is disposed.
 *
 * <pre>{@code
 * Display display = new Display();
 * Shell shell = new Shell(display);
 * Kernel kernel = Kernel.create(new SwtLoop(display));
 * kernel.signalUiDestroy(shell);   // closing the window stops every session
 * shell.open();
 * kernel.run();                    // readAndDispatch/sleep until the kernel is done
 * }</pre>
 */
public final class SwtLoop extends ToolkitLoop {

    /** The loop's name for {@code Kernel.create(NAME)} and {@code -Dpoe.loop=NAME}. */
    public static final String NAME = "swt";

    private final Display display;
    private final boolean ownsDisplay;

    /**
     * A loop on the Display of the calling thread; if this thread has none, on SWT's
     * default Display, which SWT creates on this thread if there is none yet. A Display
     * created here is disposed by {@link #close()}.
     */
    public SwtLoop() {
        super(NAME);
        Display current = Display.getCurrent();
        if (current != null) {
            this.display = current;
            this.ownsDisplay = false;
        } else {
            this.display = Display.getDefault();
            this.ownsDisplay = display.getThread() == Thread.currentThread();
        }
    }

    /**
     * A loop on the given Display; the program keeps owning it ({@link #close()} leaves it
     * open). Create the kernel on that Display's thread.
     *
     * @param display a Display that is not disposed
     */
    public SwtLoop(Display display) {
        super(NAME);
        Objects.requireNonNull(display, "display");
        if (display.isDisposed()) {
            throw new IllegalArgumentException("the Display is disposed; give the SwtLoop a live Display");
        }
        this.display = display;
        this.ownsDisplay = false;
    }

    /** The Display whose thread runs the kernel's handlers. */
    public Display display() {
        return display;
    }

    /**
     * Links a Shell's disposal to UIDESTROY: {@code onDestroy} runs on the Display thread
     * in the timeslice after the Shell is disposed (at once if it already is).
     *
     * @param widget an SWT {@link Shell} of this loop's Display
     * @throws IllegalArgumentException if the widget is not such a Shell
     */
    @Override
    public void attachUiDestroy(Object widget, Runnable onDestroy) {
        Objects.requireNonNull(onDestroy, "onDestroy");
        if (!(widget instanceof Shell)) {
            throw new IllegalArgumentException("the swt loop sends UIDESTROY when an SWT Shell is disposed;"
                    + " give signalUiDestroy a Shell, not "
                    + (widget == null ? "null" : "a " + widget.getClass().getName()));
        }
        Shell shell = (Shell) widget;
        if (shell.isDisposed()) {
            runInTimeslice(onDestroy);
            return;
        }
        if (shell.getDisplay() != display) {
            throw new IllegalArgumentException("the Shell belongs to another Display than this kernel's"
                    + " (" + display + "); watch Shells of the kernel's own Display");
        }
        shell.addDisposeListener(e -> runInTimeslice(onDestroy));
    }

    /** Also disposes the Display if this loop created it (on the Display thread). */
    @Override
    public void close() {
        super.close();
        if (ownsDisplay && isToolkitThread() && !display.isDisposed()) {
            display.dispose();
        }
    }

    // ------------------------------------------------------------ toolkit primitives

    @Override
    protected boolean isToolkitThread() {
        return display.getThread() == Thread.currentThread();
    }

    /** One {@link Display#asyncExec} per batch; nothing once the Display is disposed. */
    @Override
    protected void executeOnToolkit(Runnable task) {
        if (!display.isDisposed()) {
            display.asyncExec(task);
        }
    }

    @Override
    protected boolean canPump() {
        return isToolkitThread() && !display.isDisposed();
    }

    /** SWT's own event loop, until the kernel is done or the Display goes away. */
    @Override
    protected void pumpUntil(BooleanSupplier done) {
        while (!done.getAsBoolean() && !display.isDisposed()) {
            if (!display.readAndDispatch()) {
                if (done.getAsBoolean()) {
                    return;
                }
                display.sleep();
            }
        }
    }

    @Override
    protected String toolkitThreadName() {
        return "the SWT Display thread ('" + display.getThread().getName() + "')";
    }

    @Override
    protected String wrongThreadAdvice() {
        return "SWT runs handlers on its Display thread (" + display.getThread().getName()
                + "), so create and run the kernel there, e.g. inside display.syncExec(...)";
    }
}
