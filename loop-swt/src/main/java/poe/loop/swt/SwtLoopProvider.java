package poe.loop.swt;

import java.util.Locale;
import org.eclipse.swt.widgets.Display;
import poe.loop.Loop;
import poe.loop.LoopProvider;

/**
 * Makes the {@code swt} loop known to {@link poe.loop.Loops}.
 *
 * <p>The loop is available when SWT's classes and natives load and, on X11/Wayland
 * systems, a display is named by {@code DISPLAY} or {@code WAYLAND_DISPLAY}. It is picked
 * without being asked when an SWT {@link Display} already exists on the calling thread.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create("swt");   // or -Dpoe.loop=swt, or just Kernel.create() on a Display thread
 * }</pre>
 */
public final class SwtLoopProvider implements LoopProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public SwtLoopProvider() {
    }

    @Override
    public String name() {
        return SwtLoop.NAME;
    }

    @Override
    public String unavailableReason() {
        try {
            if (Display.getCurrent() != null) {
                return null;   // loads SWT's natives as a side effect
            }
        } catch (LinkageError e) {
            return "SWT's classes or natives do not load (" + e + "); put the SWT artifact for this"
                    + " platform (org.eclipse.platform:org.eclipse.swt.<ws>.<os>.<arch>) on the class path";
        }
        return missingDisplay(System.getProperty("os.name", ""), System.getenv("DISPLAY"),
                System.getenv("WAYLAND_DISPLAY"));
    }

    @Override
    public boolean detectRunning() {
        try {
            return Display.getCurrent() != null;
        } catch (LinkageError e) {
            return false;
        }
    }

    @Override
    public Loop create() {
        return new SwtLoop();
    }

    /** Why no display can be opened on an X11/Wayland system, or null when one is named. */
    static String missingDisplay(String osName, String x11Display, String waylandDisplay) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") || os.startsWith("mac")) {
            return null;
        }
        if (isBlank(x11Display) && isBlank(waylandDisplay)) {
            return "no display to open: neither DISPLAY nor WAYLAND_DISPLAY is set"
                    + " (on a headless machine run under a virtual X server: xvfb-run -a ...)";
        }
        return null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
