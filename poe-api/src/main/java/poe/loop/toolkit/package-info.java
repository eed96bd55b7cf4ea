/**
 * Building blocks for loops whose thread cannot select: GUI toolkits (JavaFX, SWT) and the
 * fallback of the Vert.x loop.
 *
 * <ul>
 *   <li>{@link poe.loop.toolkit.ChannelBridge}: one daemon thread with a
 *       {@link java.nio.channels.Selector} that watches channels and keeps the kernel's one
 *       timer, and hands readiness and timer expiry to the loop thread in batches
 *       ({@link poe.loop.toolkit.ReadyBatch}), one executor hop per batch.</li>
 *   <li>{@link poe.loop.toolkit.ToolkitLoop}: a complete {@link poe.loop.Loop} on top of the
 *       bridge; a GUI loop subclasses it and supplies the toolkit's few primitives.</li>
 * </ul>
 *
 * <pre>{@code
 * public final class JavaFxLoop extends ToolkitLoop {
 *     public JavaFxLoop() { super("javafx"); }
 *     protected boolean isToolkitThread() { return Platform.isFxApplicationThread(); }
 *     protected void executeOnToolkit(Runnable task) { Platform.runLater(task); }
 *     // ... canPump(), pumpUntil(...) with a nested event loop
 * }
 * }</pre>
 */
package poe.loop.toolkit;
