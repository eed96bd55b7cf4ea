package poe;

/**
 * What a resource may do to a session's lifetime (POE's {@code _data_ses_refcount_inc} and
 * {@code _dec}): the narrow view of the kernel's collection that resources are given
 * instead of the kernel. Loop thread only.
 *
 * <pre>{@code
 * refs.increment(session);   // an alias, a watcher, a child watch keeps it alive
 * refs.decrement(session);   // gone: the session is marked if nothing else keeps it
 * }</pre>
 */
interface SessionRefs {

    /** One more thing keeps the session alive. */
    void increment(Session s);

    /** One thing less keeps it alive: it is marked for collection if nothing is left. */
    void decrement(Session s);

    /**
     * A name or a session stopped resolving as before (an alias was removed, a session
     * freed): memos of where a post went are void.
     */
    void routesChanged();

    /** Whether the caller is the kernel's thread: for {@code assert}s in loop-thread-only code (not a check). */
    boolean onLoopThread();
}
