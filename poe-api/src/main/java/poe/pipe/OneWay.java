package poe.pipe;

import java.io.IOException;
import java.nio.channels.Pipe;

/**
 * A one-way pipe (POE::Pipe::OneWay): bytes written to {@link #write()} are read from
 * {@link #read()}. Both ends are selectable and non-blocking, ready for a kernel watcher or
 * a {@code ReadWrite} wheel.
 *
 * <pre>{@code
 * OneWay pipe = OneWay.open();
 * ReadWrite reader = ReadWrite.builder()
 *     .inputHandle(pipe.read()).outputHandle(somewhereElse)
 *     .inputEvent("got").create(ev.kernel());
 * }</pre>
 *
 * @param read  the reading end
 * @param write the writing end
 */
public record OneWay(Pipe.SourceChannel read, Pipe.SinkChannel write) implements AutoCloseable {

    /**
     * Opens a pipe with both ends non-blocking.
     *
     * @return the pipe
     * @throws IOException if the system has no descriptors left
     */
    public static OneWay open() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        return new OneWay(pipe.source(), pipe.sink());
    }

    /** Closes both ends. */
    @Override
    public void close() throws IOException {
        try {
            read.close();
        } finally {
            write.close();
        }
    }
}
