package poe.loop.swt;

import java.nio.channels.SelectableChannel;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import poe.loop.IoMode;
import poe.loop.Loop;
import poe.loop.LoopHost;

/**
 * The SWT loop: every handler runs on the SWT {@link Display} thread.
 *
 * <p>The kernel's one timer is a {@link Display#timerExec} (a fresh {@code Runnable} per
 * arming: SWT tells timers apart by their Runnable); work handed over by other threads
 * arrives through one {@link Display#asyncExec} per burst. Because both are ordinary SWT
 * events, a program that runs its own {@code readAndDispatch}/{@code sleep} loop runs the
 * kernel too, without calling {@code kernel.run()}.
 *
 * <pre>{@code
 * Display display = new Display();
 * Kernel kernel = Kernel.create(new SwtLoop(display));
 * kernel.signalUiDestroy(shell);   // closing the window stops every session
 * kernel.run();                    // on the Display thread: readAndDispatch/sleep until done
 * }</pre>
 */
public final class SwtLoop implements Loop {

    /** The loop's name for {@code -Dpoe.loop}. */
    public static final String NAME = "swt";

    private final Display display;
    private final boolean ownsDisplay;
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Runnable wakeupTask = this::onWakeup;

    private LoopHost host;
    private Runnable armedTimer;
    private long armedDueNanos;
    private boolean somethingQueued;
    private boolean halted;
    private boolean closed;

    /**
     * A loop on the Display of the calling thread; if this thread has none, on SWT's
     * default Display, which SWT creates on this thread if there is none yet. A Display
     * created here is disposed by {@link #close()}.
     */
    public SwtLoop() {
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
     * open).
     *
     * @param display a Display that is not disposed
     */
    public SwtLoop(Display display) {
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

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void initialize(LoopHost host) {
        if (this.host != null) {
            throw new IllegalStateException("this SwtLoop already belongs to a kernel; make one loop per kernel");
        }
        this.host = Objects.requireNonNull(host, "host");
    }

    @Override
    public boolean inLoopThread() {
        return display.getThread() == Thread.currentThread();
    }

    @Override
    public String loopThreadName() {
        return "the SWT Display thread (" + display.getThread().getName() + ")";
    }

    @Override
    public void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            if (!asyncExec(wakeupTask)) {
                wakeupPending.set(false);
            }
        }
    }

    private void onWakeup() {
        wakeupPending.set(false);
        dispatch();
    }

    @Override
    public void armTimer(long dueNanos) {
        if (armedTimer != null && armedDueNanos == dueNanos) {
            return;
        }
        cancelTimer();
        somethingQueued = true;
        long delayNanos = dueNanos - System.nanoTime();
        int delayMillis = delayNanos <= 0 ? 0
                : (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(delayNanos + 999_999));
        Runnable timer = new Runnable() {
            @Override
            public void run() {
                if (armedTimer == this) {
                    armedTimer = null;
                    dispatch();
                }
            }
        };
        armedTimer = timer;
        armedDueNanos = dueNanos;
        display.timerExec(delayMillis, timer);
    }

    @Override
    public void disarmTimer() {
        cancelTimer();
        if (somethingQueued) {
            // The queue just ran empty: give the kernel one more timeslice for its idle check
            // (IDLE, ZOMBIE), which a program running its own readAndDispatch loop would
            // otherwise never reach.
            somethingQueued = false;
            wakeup();
        }
    }

    private void cancelTimer() {
        Runnable timer = armedTimer;
        armedTimer = null;
        if (timer != null && !display.isDisposed()) {
            display.timerExec(-1, timer);
        }
    }

    @Override
    public void watchChannel(SelectableChannel channel, IoMode mode) {
        throw new UnsupportedOperationException("channel watchers on the swt loop: not yet");
    }

    @Override
    public void ignoreChannel(SelectableChannel channel, IoMode mode) {
    }

    @Override
    public void pauseChannel(SelectableChannel channel, IoMode mode) {
    }

    @Override
    public void resumeChannel(SelectableChannel channel, IoMode mode) {
    }

    @Override
    public void attachUiDestroy(Object widget, Runnable onDestroy) {
        if (!(widget instanceof Shell)) {
            throw new IllegalArgumentException("the swt loop watches SWT Shells for UIDESTROY, not "
                    + (widget == null ? "null" : widget.getClass().getName()));
        }
        Shell shell = (Shell) widget;
        if (shell.getDisplay() != display) {
            throw new IllegalArgumentException("the Shell belongs to another Display than this kernel's loop");
        }
        Objects.requireNonNull(onDestroy, "onDestroy");
        if (shell.isDisposed()) {
            asyncExec(onDestroy);
        } else {
            shell.addDisposeListener(e -> onDestroy.run());
        }
    }

    @Override
    public void doTimeslice() {
        requireDisplayThread("doTimeslice");
        host.beginTimeslice();
        if (!display.readAndDispatch()) {
            long due = host.nextDueNanos();
            if (due == Long.MAX_VALUE || due - System.nanoTime() > 0) {
                display.sleep();
            }
        }
        while (display.readAndDispatch()) {
            // drain what woke us, so one timeslice handles one burst
        }
        dispatch();
    }

    @Override
    public void run() {
        requireDisplayThread("run");
        halted = false;
        try {
            while (!halted && host.hasSessions() && !display.isDisposed()) {
                host.beginTimeslice();
                if (halted || !host.hasSessions()) {
                    break;
                }
                if (!display.readAndDispatch()) {
                    display.sleep();
                }
            }
        } finally {
            halted = false;
        }
    }

    @Override
    public void halt() {
        halted = true;
        if (!display.isDisposed()) {
            display.wake();
        }
    }

    @Override
    public List<String> registrations() {
        return List.of();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!display.isDisposed() && inLoopThread()) {
            cancelTimer();
            if (ownsDisplay) {
                display.dispose();
            }
        }
    }

    private void dispatch() {
        if (host == null || closed) {
            return;
        }
        host.beginTimeslice();
        host.dispatchDue();
    }

    private boolean asyncExec(Runnable task) {
        try {
            display.asyncExec(task);
            return true;
        } catch (SWTException disposed) {
            return false;
        }
    }

    private void requireDisplayThread(String method) {
        if (!inLoopThread()) {
            throw new IllegalStateException(method + "() of the swt loop must be called on the Display thread ("
                    + display.getThread().getName() + "), not on " + Thread.currentThread().getName()
                    + "; use display.syncExec(...) or create the kernel on the Display thread");
        }
    }
}
