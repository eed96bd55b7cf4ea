package poe;

import java.util.function.Consumer;

/**
 * A postback (POE's {@code $session->postback}): invoking it posts an event to its session
 * with two arguments: the values fixed when it was made, and the values given now (both
 * as lists). Thread-safe: GUI widgets, other threads and other frameworks may invoke it.
 * It keeps its session alive until {@linkplain #close() closed}.
 *
 * <pre>{@code
 * Postback clicked = ev.session().postback("clicked", "ok-button");
 * button.setOnAction(clicked::accept);        // JavaFX; SWT: addListener(SWT.Selection, clicked::accept)
 * ...
 * .on("clicked", ev -> {
 *     List<Object> made = ev.arg(0);          // ["ok-button"]
 *     List<Object> given = ev.arg(1);         // [the ActionEvent]
 * })
 * }</pre>
 */
public final class Postback extends SessionHold implements Runnable, Consumer<Object> {

    Postback(Kernel kernel, Session session, String event, Object[] args) {
        super(kernel, session, event, args);
    }

    /**
     * Posts the event with these values.
     *
     * @param values the values given now
     * @return false if the session is known to be gone
     */
    public boolean post(Object... values) {
        return kernel.post(sessionId, event, fixedArgs, listOf(values));
    }

    /** Posts the event with no values. */
    @Override
    public void run() {
        post();
    }

    /** Posts the event with one value (a GUI event, a result). */
    @Override
    public void accept(Object value) {
        post(value);
    }

    @Override
    public String toString() {
        return "Postback[" + event + " -> session " + sessionId + "]";
    }
}
