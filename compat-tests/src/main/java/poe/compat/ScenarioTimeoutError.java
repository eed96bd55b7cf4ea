package poe.compat;

import org.opentest4j.AssertionFailedError;

/**
 * A scenario ran out of time: the harness stopped its kernel. The message holds a dump
 * of every thread taken at that moment.
 *
 * <pre>{@code
 * try { ctx.drive(Duration.ofSeconds(5)); }
 * catch (ScenarioTimeoutError e) { System.err.println(e.getMessage()); }  // the thread dump
 * }</pre>
 */
public final class ScenarioTimeoutError extends AssertionFailedError {

    private static final long serialVersionUID = 1L;

    ScenarioTimeoutError(String message) {
        super(message);
    }
}
