package poe.loop.javafx;

import java.util.Locale;

import poe.loop.Loop;
import poe.loop.LoopProvider;

/**
 * Makes the {@code javafx} loop known to {@link poe.loop.Loops}. It is picked without being
 * asked for when the JavaFX toolkit already runs in the JVM.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create("javafx");     // or -Dpoe.loop=javafx, or POE_LOOP=javafx
 * }</pre>
 */
public final class JavaFxLoopProvider implements LoopProvider {

    @Override
    public String name() {
        return "javafx";
    }

    /** Null when JavaFX is on the class path and has a display (or Monocle) to use. */
    @Override
    public String unavailableReason() {
        ClassLoader loader = JavaFxLoopProvider.class.getClassLoader();
        try {
            Class.forName("javafx.application.Platform", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "JavaFX (org.openjfx:javafx-controls) is not on the class path";
        }
        if ("monocle".equalsIgnoreCase(System.getProperty("glass.platform", ""))) {
            try {
                Class.forName("com.sun.glass.ui.monocle.MonocleApplication", false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return "-Dglass.platform=Monocle was given but Monocle (org.testfx:openjfx-monocle)"
                        + " is not on the class path";
            }
            return null;
        }
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if (linux && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"))
                && !toolkitRunning()) {
            return "there is no display (DISPLAY is not set); " + displayAdvice();
        }
        return null;
    }

    /** Whether the JavaFX toolkit already runs in this JVM. */
    @Override
    public boolean detectRunning() {
        return toolkitRunning();
    }

    @Override
    public Loop create() {
        return new JavaFxLoop();
    }

    static String displayAdvice() {
        return "run under a display (or xvfb-run), or headless with Monocle:"
                + " org.testfx:openjfx-monocle on the class path and -Dglass.platform=Monocle"
                + " -Dmonocle.platform=Headless -Dprism.order=sw";
    }

    private static boolean toolkitRunning() {
        try {
            return FxToolkit.running();
        } catch (LinkageError e) {
            return false;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
