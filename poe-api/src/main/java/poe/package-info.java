/**
 * POE for Java: the kernel ({@link poe.Kernel}), sessions ({@link poe.Session}) and state
 * machines ({@link poe.Nfa}), events ({@link poe.EventContext}), postbacks and callbacks.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create();
 * Session.builder()
 *     .on("_start", ev -> ev.kernel().yield("hello", "world"))
 *     .on("hello", ev -> System.out.println("hello, " + ev.arg(0)))
 *     .create(kernel);
 * kernel.run();
 * }</pre>
 */
package poe;
