package poe;

/**
 * An event handler with no value to return: the common case.
 *
 * <pre>{@code
 * Session.builder()
 *     .on("_start", ev -> ev.kernel().yield("tick", 1))
 *     .on("tick", ev -> System.out.println("tick " + ev.arg(0)))
 *     .create(kernel);
 * }</pre>
 *
 * <p>A handler may throw: with exception catching on (the default) the exception becomes
 * a DIE signal to the session (see {@link Kernel#sig}).
 */
@FunctionalInterface
public interface Handler {

    /**
     * Handles one event.
     *
     * @param ev the event: its name, arguments, session, heap and sender
     * @throws Exception anything; see the class documentation
     */
    void handle(EventContext ev) throws Exception;
}
