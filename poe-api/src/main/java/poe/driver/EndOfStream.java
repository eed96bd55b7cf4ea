package poe.driver;

import java.io.EOFException;

/**
 * The end of a stream, as {@link Driver#get} reports it: an {@link EOFException} without a
 * stack trace. It is thrown at every end of input (each closed connection, each child's
 * stdout) and caught by the wheel that read, which never looks at the trace, and filling
 * it in cost more than the read.
 *
 * <pre>{@code
 * if (channel.read(buffer) < 0) {
 *     throw new EndOfStream();
 * }
 * }</pre>
 */
final class EndOfStream extends EOFException {
    private static final long serialVersionUID = 1L;

    EndOfStream() {
        super("end of stream");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
