package poe;

/**
 * The reasons a kernel operation fails, named after the POSIX error codes POE sets.
 *
 * <pre>{@code
 * try {
 *     kernel.aliasSet("server");
 * } catch (KernelException e) {
 *     if (e.errno() == Errno.EEXIST) { ... }   // another session has that alias
 * }
 * }</pre>
 */
public enum Errno {
    /** No such session, alias, timer or process. */
    ESRCH,
    /** The thing exists but belongs to another session. */
    EPERM,
    /** The name is taken by another session. */
    EEXIST,
    /** An argument is missing or malformed. */
    EINVAL
}
