package poe;

/**
 * What {@link SignalDelivery} asks of the dispatcher: the active session, resolving a
 * destination, queueing a signal, running a watcher's handler, and recording what a DIE
 * leaves unhandled. The delivery gets this narrow view, not the dispatcher. Loop thread
 * only.
 *
 * <pre>{@code
 * dispatch.enqueue(session, dispatch.active(), "INT", new Object[] {"INT"}, EventContext.SIGNAL);
 * }</pre>
 */
interface SignalDispatch {

    /** The session whose handler runs now, or the kernel outside handlers. */
    Target active();

    /** The live session a reference names (session, ID or alias), or null. */
    Session resolve(Object ref);

    /** Queues an event (a signal: {@code kind} {@code EventContext.SIGNAL}). */
    void enqueue(Session dest, Target sender, String event, Object[] args, byte kind);

    /** A context for an event from {@code sender} to {@code s} (a signal to its watcher: the kernel). */
    EventContext newEvent(Session s, Target sender, String event, Object[] args, byte kind, String from);

    /** Runs the session's handler for the event now; its value. */
    Object invoke(Session s, EventContext ev);

    /** Keeps an exception for run() to rethrow (after any kept before). */
    void recordFailure(Throwable t);

    /** Keeps an exception for run() to rethrow, ahead of any kept before. */
    void recordFailureFirst(Throwable t);
}
