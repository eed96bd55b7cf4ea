package poe;

/**
 * A kernel operation that could not be done, with POE's error code.
 *
 * <pre>{@code
 * try {
 *     kernel.call("no-such-alias", "ping");
 * } catch (KernelException e) {
 *     assert e.errno() == Errno.ESRCH;
 * }
 * }</pre>
 */
public final class KernelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /**
     * @param errno   the error code
     * @param message what was wrong and what to do
     */
    public KernelException(Errno errno, String message) {
        super(errno + ": " + message);
        this.errno = errno;
    }

    /** The error code. */
    public Errno errno() {
        return errno;
    }
}
