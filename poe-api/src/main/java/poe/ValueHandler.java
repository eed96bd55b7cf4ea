package poe;

/**
 * An event handler whose value reaches the caller: {@link Kernel#call} returns it, and the
 * value of {@code _start} reaches the parent's {@code _child} event.
 *
 * <pre>{@code
 * Session.builder()
 *     .onValue("next_count", ev -> ++counter)
 *     .create(kernel);
 * int n = (Integer) kernel.call(session, "next_count");
 * }</pre>
 */
@FunctionalInterface
public interface ValueHandler {

    /**
     * Handles one event.
     *
     * @param ev the event
     * @return the value for the caller, may be null
     * @throws Exception anything; see {@link Handler}
     */
    Object handle(EventContext ev) throws Exception;
}
