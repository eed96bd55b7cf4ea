package poe;

/**
 * Something events can be sent to and come from: a {@link Session} or the {@link Kernel}
 * itself. POE lets the kernel stand in for a session: it has an ID, it is the sender of
 * signals and of events posted from outside any handler, and the new parent of a
 * detached session.
 *
 * <pre>{@code
 * Target from = ev.sender();
 * if (from instanceof Kernel) { ... }           // posted from outside any session
 * long id = from.id();
 * }</pre>
 */
public sealed interface Target permits Kernel, Session {

    /** The ID: positive for sessions, {@link Kernel#KERNEL_ID} for the kernel. */
    long id();
}
