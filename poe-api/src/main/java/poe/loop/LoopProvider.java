package poe.loop;

/**
 * Makes a {@link Loop} known to {@link Loops}: a {@link java.util.ServiceLoader} service.
 *
 * <p>A loop module lists its provider in
 * {@code META-INF/services/poe.loop.LoopProvider}:
 *
 * <pre>{@code
 * public final class SelectLoopProvider implements LoopProvider {
 *     public String name() { return "select"; }
 *     public Loop create() { return new SelectLoop(); }
 * }
 * }</pre>
 *
 * <p>{@link Loops} finds the providers once per JVM and shares them: a provider keeps no
 * state of its own; {@link #create()} makes each loop.
 */
public interface LoopProvider {

    /** The name users pick the loop by ({@code -Dpoe.loop=NAME}). Lower case. */
    String name();

    /**
     * Whether the loop can run in this JVM (its toolkit's classes and natives load, a
     * display is present, ...). An unavailable loop is reported, never silently replaced.
     *
     * @return null when available, otherwise the reason it is not
     */
    default String unavailableReason() {
        return null;
    }

    /**
     * Whether the loop's toolkit is already running here (a JavaFX toolkit started, an
     * SWT Display on this thread, a Vert.x context on this thread): {@link Loops} then
     * picks it without being asked.
     */
    default boolean detectRunning() {
        return false;
    }

    /** Makes a new loop. Called once per kernel. */
    Loop create();
}
