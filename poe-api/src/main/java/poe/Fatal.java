package poe;

/**
 * Carries a handler's exception past the catch that would turn it into a DIE signal: thrown
 * when exceptions are not caught ({@code poe.catch.exceptions=false}), it leaves every
 * dispatch wrapper on the way out, and {@code run()} rethrows its cause.
 *
 * <pre>{@code
 * try {
 *     handler.invoke(ev);
 * } catch (Fatal f) {
 *     throw f;                       // not a DIE: on its way out of run()
 * } catch (Throwable t) {
 *     handlerFailed(ev, t);
 * }
 * }</pre>
 */
final class Fatal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fatal(Throwable cause) {
        super(cause.toString(), cause, false, false);
    }

    /** Throws {@code t} as it is, checked or not, without wrapping it. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
