package poe.compat;

import java.time.Duration;
import java.util.Set;
import java.time.Instant;

import poe.Kernel;

/**
 * How the conformance harness runs a scenario on one loop: the per-loop SPI of
 * {@code compat-tests}. Each loop contributes one implementation, listed in
 * {@code META-INF/services/poe.compat.LoopFixture}; {@link LoopTest} runs every test once
 * per fixture found on the class path and per {@link DriveMode}.
 *
 * <p>A fixture decides on which thread a scenario (create the kernel, create sessions,
 * drive, assert) runs: {@code select} runs it on the test thread; a GUI loop runs it on
 * its toolkit thread and blocks the test thread until it is done.
 *
 * <pre>{@code
 * public final class SelectLoopFixture implements LoopFixture {
 *     public String loopName() { return "select"; }
 *     public void execute(ScenarioBody body) throws Throwable { body.run(); }   // test thread
 * }
 * }</pre>
 *
 * <p>A toolkit fixture, sketched:
 *
 * <pre>{@code
 * public void execute(ScenarioBody body) throws Throwable {
 *     CompletableFuture<Void> done = new CompletableFuture<>();
 *     Platform.runLater(() -> {
 *         try { body.run(); done.complete(null); } catch (Throwable t) { done.completeExceptionally(t); }
 *     });
 *     try { done.get(); } catch (ExecutionException e) { throw e.getCause(); }  // interruptible
 * }
 * }</pre>
 */
public interface LoopFixture {

    /** The loop's name, as {@code Kernel.create(name)} and {@code -Dpoe.loop} know it. */
    String loopName();

    /**
     * Runs a scenario body on the thread this loop wants, blocks until it is done and
     * rethrows whatever it threw. When the calling thread is interrupted (the harness's
     * timeout does that), stop waiting and throw {@link InterruptedException}.
     *
     * @param body the scenario: creates the kernel, runs the test method, checks for leaks
     * @throws Throwable what the body threw
     */
    void execute(ScenarioBody body) throws Throwable;

    /**
     * Makes the kernel under test. Called inside {@link #execute}, on the scenario thread.
     * The harness checks that the kernel really runs on this loop.
     *
     * @return a new kernel on this loop
     */
    default Kernel createKernel() {
        return Kernel.create(loopName());
    }

    /**
     * Drives a kernel until no session is left, in the given mode, on the scenario thread.
     * The harness stops the kernel (thread-safe {@code kernel.stop()}) when the deadline
     * passes, so this only has to return once the kernel says it is done. Override only if
     * the loop needs another way to drive (the default is what POE programs do).
     *
     * @param kernel   the kernel
     * @param mode     run or timeslice
     * @param deadline when the harness gives up (for loops that must poll)
     */
    default void drive(Kernel kernel, DriveMode mode, Instant deadline) {
        if (mode == DriveMode.RUN) {
            kernel.run();
        } else {
            while (kernel.runOneTimeslice()) {
                // the external driver: one slice at a time until no session is left
            }
        }
    }

    /**
     * Whether a thread that is still alive after a scenario belongs to the loop's toolkit
     * and may outlive the kernel (e.g. the JavaFX Application Thread). Other threads the
     * scenario started and left running fail the leak check.
     *
     * @param thread a thread started during the scenario
     * @return true if it is the toolkit's own
     */
    default boolean isToolkitThread(Thread thread) {
        return false;
    }

    /**
     * Extra time this loop needs over the test's own timeout (a toolkit's first start, for
     * example). Zero by default.
     */
    default Duration extraTimeout() {
        return Duration.ZERO;
    }

    /**
     * What this loop can do beyond the kernel's contract; scenarios that need one of these
     * ({@link LoopTest#requires()}) run only where it is listed. None by default.
     *
     * @return the loop's capabilities
     */
    default Set<Capability> capabilities() {
        return Set.of();
    }

    /**
     * Opens a new top-level window of the loop's toolkit and shows it (a JavaFX
     * {@code Stage}, an SWT {@code Shell}): what {@code kernel.signalUiDestroy} takes. Called
     * on the scenario thread; only for loops with {@link Capability#WINDOWS}.
     *
     * @param title the window's title
     * @return the window
     */
    default Object openWindow(String title) {
        throw new UnsupportedOperationException("the " + loopName() + " loop has no windows");
    }

    /**
     * Closes a window from {@link #openWindow} as a user would (the window manager's close
     * request), on the scenario thread.
     *
     * @param window the window
     */
    default void closeWindow(Object window) {
        throw new UnsupportedOperationException("the " + loopName() + " loop has no windows");
    }
}
