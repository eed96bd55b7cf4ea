package poe.filter;

/**
 * The input given to a {@link Filter} cannot be turned into records: a malformed frame,
 * a length prefix that is not a number, a serialized object that cannot be read.
 *
 * <p>Thrown from {@link Filter#getOneStart} or {@link Filter#getOne()}. Each filter says
 * what it discarded before throwing; the filter stays usable, but on a byte stream whose
 * framing is lost the usual answer is to close the connection.
 *
 * <pre>{@code
 * try {
 *     records = filter.get(chunks);
 * } catch (FilterException e) {
 *     log.warning("peer sent garbage: " + e.getMessage());
 *     channel.close();
 * }
 * }</pre>
 */
public class FilterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong with the input
     */
    public FilterException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong with the input
     * @param cause the underlying failure, e.g. from a serializer
     */
    public FilterException(String message, Throwable cause) {
        super(message, cause);
    }
}
