package poe;

import java.util.function.Consumer;

/**
 * A callback (POE's {@code $session->callback}): the synchronous twin of {@link Postback}.
 * Invoking it calls the event's handler at once and returns its value. Valid on the
 * kernel's thread only. It keeps its session alive until {@linkplain #close() closed}.
 *
 * <pre>{@code
 * Callback answer = ev.session().callback("sync_response", cookie);
 * Object value = answer.call(42);   // runs sync_response now with args [[cookie], [42]]
 * }</pre>
 */
public final class Callback extends SessionHold implements Runnable, Consumer<Object> {

    Callback(Kernel kernel, Session session, String event, Object[] args) {
        super(kernel, session, event, args);
    }

    /**
     * Calls the handler with these values.
     *
     * @param values the values given now
     * @return the handler's value
     */
    public Object call(Object... values) {
        return kernel.call(sessionId, event, fixedArgs, listOf(values));
    }

    @Override
    public void run() {
        call();
    }

    @Override
    public void accept(Object value) {
        call(value);
    }

    @Override
    public String toString() {
        return "Callback[" + event + " -> session " + sessionId + "]";
    }
}
