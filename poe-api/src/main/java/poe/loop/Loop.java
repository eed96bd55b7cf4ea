package poe.loop;

import java.nio.channels.SelectableChannel;
import java.util.List;

/**
 * The loop bridge (POE::Loop): the small interface between the kernel and an event loop.
 *
 * <p>The kernel keeps its own queue of events and timers; a loop only has to provide
 * <em>one</em> timer (the kernel's next due event), channel readiness, a cross-thread
 * wakeup, and a way to wait. Everything else (ordering, sessions, signals) stays in the
 * kernel, so every loop behaves the same. See the package documentation for a guide to
 * writing a loop.
 *
 * <p>Threading: the kernel calls every method but {@link #wakeup()} and
 * {@link #inLoopThread()} on the loop thread. {@link #wakeup()} may be called from any
 * thread.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create(new SelectLoop());   // or Kernel.create("select")
 * }</pre>
 */
public interface Loop extends AutoCloseable {

    /** The loop's name as used by {@code -Dpoe.loop=NAME}, e.g. {@code "select"}. */
    String name();

    /**
     * Binds the loop to its kernel. Called once, before any other method.
     *
     * @param host the kernel's callbacks
     */
    void initialize(LoopHost host);

    /**
     * Whether the calling thread is the one the kernel's handlers run on. The kernel
     * refuses most calls from other threads.
     */
    boolean inLoopThread();

    /**
     * Names the thread the kernel's handlers run on, for error messages (e.g.
     * {@code "main"} or {@code "JavaFX Application Thread"}).
     */
    default String loopThreadName() {
        return "the " + name() + " loop's thread";
    }

    /**
     * Makes the loop thread call {@link LoopHost#dispatchDue()} soon: work was handed
     * over by another thread. Thread-safe, cheap, and idempotent while a wakeup is pending.
     */
    void wakeup();

    /**
     * Arms the loop's one timer: call {@link LoopHost#dispatchDue()} once
     * {@code System.nanoTime()} reaches {@code dueNanos} (at once if it already has).
     * Replaces any earlier arming.
     *
     * @param dueNanos due time on the {@link System#nanoTime()} scale
     */
    void armTimer(long dueNanos);

    /** Disarms the timer: nothing is queued. */
    void disarmTimer();

    /**
     * Starts watching a channel for one mode. The kernel has already made the channel
     * non-blocking and checked that the mode is among its valid operations.
     */
    void watchChannel(SelectableChannel channel, IoMode mode);

    /** Stops watching a channel in one mode. Unknown registrations are ignored. */
    void ignoreChannel(SelectableChannel channel, IoMode mode);

    /** Keeps the registration but stops reporting readiness for one mode. */
    void pauseChannel(SelectableChannel channel, IoMode mode);

    /** Reports readiness again for a paused mode. */
    void resumeChannel(SelectableChannel channel, IoMode mode);

    /**
     * Links a GUI window's destruction to the kernel's UIDESTROY signal
     * (POE's {@code signal_ui_destroy}): when the window goes, the loop calls
     * {@code onDestroy} on the loop thread.
     *
     * @param widget    the toolkit's window (a JavaFX {@code Stage}, an SWT {@code Shell})
     * @param onDestroy what to run when it is destroyed
     * @throws UnsupportedOperationException if this loop has no GUI toolkit
     * @throws IllegalArgumentException      if the widget is not one of this toolkit's windows
     */
    default void attachUiDestroy(Object widget, Runnable onDestroy) {
        throw new UnsupportedOperationException(
                "the " + name() + " loop has no GUI toolkit, so it has no windows to watch;"
                        + " use a GUI loop (javafx, swt) for signalUiDestroy");
    }

    /**
     * Runs one timeslice: begin, wait until the next due time, ready I/O or a wakeup,
     * then hand readiness and due work to the host (see {@link LoopHost}). A loop whose
     * thread must not block at this point may return without waiting.
     */
    void doTimeslice();

    /**
     * Runs timeslices until the kernel has no sessions left or {@link #halt()} is called.
     * Loops whose work happens on another thread block the caller until then.
     */
    void run();

    /** Makes {@link #run()} return after the current timeslice. Called on the loop thread. */
    void halt();

    /**
     * Describes every channel registration still in place: a leak check for tests and
     * for {@link #close()}. Empty when the kernel cleaned up after itself.
     */
    List<String> registrations();

    /**
     * Releases what the loop holds (selectors, helper threads, toolkit resources it
     * created). Registrations still in place are released too.
     */
    @Override
    void close();
}
