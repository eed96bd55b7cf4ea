package poe.wheel;

/**
 * A wheel (POE::Wheel): a bundle of handlers and watchers that one session owns and that
 * turns a recurring I/O pattern into events for that session.
 *
 * <p>What every wheel shares, as in POE:
 * <ul>
 *   <li>it is created inside a handler of the session that will own it, and adds its own
 *       handlers to that session under unique names;</li>
 *   <li>it delivers its events to the owner with {@code call()}, synchronously, inside the
 *       I/O handler, each with the wheel's {@link #id()} as the last argument;</li>
 *   <li>{@link #close()} (POE's "drop the wheel") removes its watchers and handlers at
 *       once; a session that stops closes the wheels it still owns;</li>
 *   <li>it is used only from its owner's handlers, on the kernel's thread: anything else
 *       is an {@link IllegalStateException} that says so.</li>
 * </ul>
 *
 * <pre>{@code
 * .on("got_line", ev -> {
 *     ReadWrite wheel = ev.heap();
 *     wheel.put("echo: " + ev.arg(ReadWrite.ARG_INPUT));
 * })
 * .on("got_error", ev -> ((Wheel) ev.heap()).close())   // drop it
 * }</pre>
 */
public interface Wheel extends AutoCloseable {

    /** This wheel's ID, unique among the wheels of this JVM (POE's {@code ID}). */
    long id();

    /** Whether {@link #close()} has run (by hand, or because the owner stopped). */
    boolean isClosed();

    /**
     * Drops the wheel: its watchers and handlers go at once; what it owns is closed.
     * Closing again does nothing.
     */
    @Override
    void close();
}
