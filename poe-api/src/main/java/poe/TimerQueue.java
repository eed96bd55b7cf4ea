package poe;

/**
 * What {@link Timers} ask of the dispatcher, as {@link SessionRefs} is what the other
 * resources ask: a context for a timer's event, word that a timer was added (posts then
 * read the clock, and the loop's wait is re-armed), the counts of a timer that will not
 * fire undone, and a session marked once its last timer is gone. The timers resource gets
 * this narrow view, not the dispatcher. Loop thread only.
 *
 * <pre>{@code
 * EventContext ev = queue.context(session, session, "tick", args, EventContext.TIMER);
 * queue.timerAdded();
 * }</pre>
 */
interface TimerQueue {

    /** A context for a queued event (shared with the session's previous one where it can be). */
    EventContext context(Session dest, Target sender, String event, Object[] args, byte kind);

    /** A timer was added: posts read the clock while it is pending; the loop's wait is re-armed. */
    void timerAdded();

    /** A queue entry that will not be dispatched: its reference counts are undone. */
    void unqueued(EventContext ev);

    /** The session is marked for collection if nothing keeps it. */
    void markIfDone(Session s);

    /** Re-arms the loop's wait for the next due time, unless a timeslice is dispatching. */
    void armIfIdle();

    /** Whether the caller is the kernel's thread: for {@code assert}s (not a check). */
    boolean onLoopThread();
}
