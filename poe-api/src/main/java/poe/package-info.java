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
 *
 * <p>The kernel's internals live here too, package-private and so absent from this index: {@code Kernel} is a
 * facade over a {@code Dispatcher} (the queue, the batch loop, the one dispatch wrapper) and one class per POE
 * resource ({@code Aliases}, {@code Extrefs}, {@code Watchers}, {@code Signals}, {@code Sessions},
 * {@code SessionTable}, {@code Timers}, {@code Clock}), each owning its tables and its fields of {@code Session}
 * (compat-tests' {@code LayeringTest} checks that). They stay in this package because the dispatch path reads
 * {@code Session} and {@code EventContext} fields directly; {@code poe.internal} holds the data structures that
 * need nothing of the kind.
 */
package poe;
