package poe.filter;

/**
 * The input crossed one of a filter's size limits: a line longer than its maximum
 * length, a block larger than its maximum, a buffer that would grow past its bound.
 *
 * <p>Every limit a peer can grow has a default bound, so a hostile peer cannot make a
 * filter buffer without end. The message names the limit and the filter's setting to
 * raise it.
 *
 * <pre>{@code
 * Line lines = Line.builder().maxLength(80).build();
 * try {
 *     lines.get(List.of(longLine));
 * } catch (FrameTooLargeException e) {
 *     long limit = e.limit();   // 80
 * }
 * }</pre>
 */
public class FrameTooLargeException extends FilterException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    /**
     * @param message which limit was crossed and how to raise it
     * @param limit the limit that was crossed, in bytes (or records)
     */
    public FrameTooLargeException(String message, long limit) {
        super(message);
        this.limit = limit;
    }

    /** The limit that was crossed. */
    public long limit() {
        return limit;
    }
}
