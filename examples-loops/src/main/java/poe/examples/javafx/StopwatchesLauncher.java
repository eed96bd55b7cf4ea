package poe.examples.javafx;

import javafx.application.Application;

/**
 * Starts {@link Stopwatches} from the class path. The {@code java} launcher refuses a main
 * class that extends {@link Application} unless JavaFX is on the module path ("JavaFX
 * runtime components are missing"); a main class that does not extend it may launch the
 * application from the class path, as Maven's {@code exec} and most IDE run configurations
 * do.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples-loops -am compile -Pstopwatches
 * }</pre>
 */
public final class StopwatchesLauncher {

    private StopwatchesLauncher() {
    }

    /**
     * Launches the stopwatches window; returns when it is closed.
     *
     * @param args passed to the application
     */
    public static void main(String[] args) {
        Application.launch(Stopwatches.class, args);
    }
}
