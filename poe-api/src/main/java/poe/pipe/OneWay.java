package poe.pipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.Objects;
import java.util.concurrent.Callable;

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

    /**
     * A pipe fed from a blocking stream, such as {@code System.in} or a child process's
     * output, which Java cannot select: a daemon thread ({@code threadName}) copies the
     * stream into the pipe and closes the writing end at the stream's end, so a reader
     * of {@link #read()} sees end of input. The thread ends with the stream, or when the
     * reading end is closed.
     *
     * <pre>{@code
     * OneWay stdin = OneWay.from(System.in, "stdin");
     * ReadWrite console = ReadWrite.builder()
     *     .inputHandle(stdin.read()).outputHandle(OneWay.to(System.out, "stdout").write())
     *     .inputEvent("typed").create(ev.kernel());
     * }</pre>
     *
     * @param in         the stream; closed when the copy ends
     * @param threadName the copying thread's name
     * @return the pipe; use only {@link #read()}
     * @throws IOException if no pipe could be made
     */
    public static OneWay from(InputStream in, String threadName) throws IOException {
        Objects.requireNonNull(in, "in");
        return from(() -> in, threadName);
    }

    /**
     * As {@link #from(InputStream, String)}, but the stream is opened on the copying
     * thread: for a source whose opening blocks, such as a FIFO that no writer has opened
     * yet. If opening fails, the pipe simply ends.
     *
     * @param opener     opens the stream, on the copying thread
     * @param threadName the copying thread's name
     * @return the pipe; use only {@link #read()}
     * @throws IOException if no pipe could be made
     */
    public static OneWay from(Callable<? extends InputStream> opener, String threadName) throws IOException {
        Objects.requireNonNull(opener, "opener");
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        Pipe.SinkChannel sink = pipe.sink();                   // blocking: the thread waits for the reader
        Thread t = new Thread(() -> {
            try (sink; InputStream in = opener.call()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                    while (b.hasRemaining()) {
                        sink.write(b);
                    }
                }
            } catch (Exception e) {
                // the reader closed its end, or the stream failed: either way the copy is over
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return new OneWay(pipe.source(), sink);
    }

    /**
     * A pipe that drains into a blocking stream, such as {@code System.out} or a child
     * process's input: a daemon thread ({@code threadName}) copies what is written to
     * {@link #write()} into the stream, flushing after each chunk, and closes the stream
     * when the writing end is closed.
     *
     * @param out        the stream
     * @param threadName the copying thread's name
     * @return the pipe; use only {@link #write()}, which is non-blocking
     * @throws IOException if no pipe could be made
     */
    public static OneWay to(OutputStream out, String threadName) throws IOException {
        Pipe pipe = Pipe.open();
        pipe.sink().configureBlocking(false);
        Pipe.SourceChannel source = pipe.source();             // blocking: the thread waits for the writer
        Thread t = new Thread(() -> {
            try (out; source) {
                ByteBuffer buf = ByteBuffer.allocate(8192);
                while (source.read(buf) >= 0) {
                    out.write(buf.array(), 0, buf.position());
                    out.flush();
                    buf.clear();
                }
            } catch (IOException e) {
                // the stream failed or the pipe went away: the copy is over
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return new OneWay(source, pipe.sink());
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
