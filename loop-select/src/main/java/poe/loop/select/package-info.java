/**
 * The default loop: {@link poe.loop.select.SelectLoop}, on a {@link java.nio.channels.Selector}.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create("select");
 * }</pre>
 */
package poe.loop.select;
