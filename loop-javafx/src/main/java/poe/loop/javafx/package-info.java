/**
 * The JavaFX loop: a POE kernel whose handlers run on the FX Application Thread.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create("javafx");
 * Session.builder().on("_start", ev -> ev.kernel().delay("tick", 1)).create(kernel);
 * kernel.run();    // handlers run on the FX thread; returns when the kernel is done
 * }</pre>
 */
package poe.loop.javafx;
