package poe;

/**
 * What a DIE signal carries: a handler threw. The DIE handler gets the signal name as
 * {@code arg(0)} and this record as {@code arg(1)}.
 *
 * <pre>{@code
 * .on("_start", ev -> ev.kernel().sig("DIE", "oops"))
 * .on("oops", ev -> {
 *     DieInfo die = ev.arg(1);
 *     log.warn("handler " + die.event() + " failed", die.error());
 *     ev.kernel().sigHandled();          // the program goes on
 * })
 * }</pre>
 *
 * @param error       what was thrown
 * @param destination the session whose handler threw
 * @param event       the event it was handling
 * @param source      who sent that event
 * @param fromState   the event the sender was handling when it sent it, or null
 * @param file        the source file where the exception was thrown, or null
 * @param line        the line there, or -1
 */
public record DieInfo(Throwable error, Target destination, String event, Target source, String fromState,
                      String file, int line) {

    static DieInfo of(Throwable error, Session destination, EventContext ev) {
        StackTraceElement[] trace = error.getStackTrace();
        StackTraceElement top = trace.length > 0 ? trace[0] : null;
        return new DieInfo(error, destination, ev.state, ev.sender, ev.fromState,
                top == null ? null : top.getFileName(), top == null ? -1 : top.getLineNumber());
    }

    /** The exception's message (POE's {@code error_str}). */
    public String message() {
        return String.valueOf(error.getMessage());
    }
}
