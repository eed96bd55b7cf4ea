package poe;

import java.util.List;

/**
 * The three hooks every kernel resource has, as POE's {@code POE::Resource::*} modules do:
 * it initializes itself when the kernel is made (its constructor), forgets a session's part
 * when that session is freed ({@link #clear}), and reports what it still holds when the
 * kernel is finalized ({@link #leaks}). The kernel calls {@link #clear} of each resource in
 * turn, in POE's order ({@code _data_ses_free}): see {@code Sessions#free}. The calls are
 * made on the concrete classes (no dispatch through this interface), so it documents the
 * shape rather than adding a call per resource.
 *
 * <p>A resource owns its tables and its per-session state (fields of {@link Session} that
 * only it writes, checked by compat-tests' {@code LayeringTest}), and is given narrow
 * interfaces ({@link SessionRefs}, {@link Mailbox}), never the {@link Kernel}. Loop thread
 * only, unless a method says otherwise.
 *
 * <pre>{@code
 * aliases.clear(session);            // the session is being freed
 * List<String> left = aliases.leaks();   // at finalize: should be empty
 * }</pre>
 */
interface Resource {

    /**
     * Forgets a session being freed: its entries in this resource's tables and its
     * per-session state. Reference counts are not adjusted (the freeing zeroes them).
     *
     * @param s the session, still alive (stopping)
     */
    void clear(Session s);

    /**
     * What this resource still holds, as descriptions; empty once every session is gone.
     *
     * @return the leaks, empty if none
     */
    List<String> leaks();
}
