package poe.bench.loop;

import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;

/**
 * Keeps one SWT {@link Display} for a benchmark trial: making a Display costs tens of
 * milliseconds, which a GUI program pays once, not per kernel. Loaded only for the swt loop.
 */
final class SwtDisplay {

    private SwtDisplay() {
    }

    /**
     * The Display current on this thread, or a new one, which SWT makes current on the
     * thread that creates it. (Should JMH move to another thread, a Display kept on the old
     * one stays until the forked JVM exits.)
     *
     * @return the Display to keep
     */
    static Object keepCurrent() {
        Display current = Display.getCurrent();
        return current != null ? current : new Display();
    }

    /** Disposes the kept Display if this thread may; otherwise the forked JVM's exit does. */
    static void dispose(Object kept) {
        if (kept instanceof Display d && !d.isDisposed()) {
            try {
                d.dispose();
            } catch (SWTException wrongThread) {
                // JMH may tear down on another thread than the one that ran the benchmark
            }
        }
    }
}
