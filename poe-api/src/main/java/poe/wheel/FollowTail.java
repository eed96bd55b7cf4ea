package poe.wheel;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

import poe.EventContext;
import poe.Kernel;
import poe.driver.Driver;
import poe.driver.SysRW;
import poe.filter.Filter;
import poe.filter.FilterException;
import poe.filter.Line;
import poe.pipe.OneWay;

/**
 * Follows a file as it grows (POE::Wheel::FollowTail), like {@code tail -F}: by name,
 * across truncation and rotation, or a stream (a FIFO, a socket, a pipe) until its end.
 *
 * <pre>{@code
 * FollowTail tail = FollowTail.builder()
 *     .filename(Path.of("/var/log/app.log"))
 *     .inputEvent("got_line")                     // (line, wheel ID)
 *     .resetEvent("rotated")                      // (wheel ID): the file was replaced or truncated
 *     .create(ev.kernel());
 * }</pre>
 *
 * <h2>By name</h2>
 * The file is polled every {@code pollInterval} seconds (1 by default) and read at once
 * again after any data, one chunk per event. When the name stops leading to the file it
 * was reading (another file identity, fewer links, or a smaller size), the rest of the
 * old file has already been read: the wheel reopens the name from its start and sends
 * ResetEvent; a missing file is retried at each poll (IdleEvent meanwhile). By default it
 * starts at the end of the file; {@code seek(offset)} starts at an offset,
 * {@code seekBack(bytes)} that many bytes before the end.
 *
 * <h2>A stream</h2>
 * A {@link SelectableChannel} is watched for input; at its end, a socket is an ErrorEvent
 * {@code ("read", "0", ...)}, any other stream an IdleEvent, and the wheel stops reading.
 * A {@link FileChannel} of a regular file is polled like a name, without reopening.
 * Blocking streams (a FIFO opened as an {@link InputStream}) are read through
 * {@link OneWay#from}.
 *
 * <p>Events: InputEvent (record, wheel ID), ErrorEvent (operation, errno name, message,
 * wheel ID), ResetEvent (wheel ID), IdleEvent (wheel ID: a poll found nothing new).
 * <b>Limit:</b> a file rotated away and replaced twice between two polls is followed to
 * its newest generation; what only the middle one held is not seen, as in POE.
 */
public final class FollowTail extends AbstractWheel {

    /** InputEvent: the record. */
    public static final int ARG_INPUT = 0;
    /** InputEvent: the wheel ID. */
    public static final int ARG_INPUT_WHEEL_ID = 1;

    private static final List<String> EVENT_KINDS = List.of("InputEvent", "ErrorEvent", "ResetEvent", "IdleEvent");

    private final Path filename;
    private final Driver driver;
    private final Filter<byte[], Object> filter;
    private final double pollInterval;
    private final boolean ownsHandle;
    private ReadableByteChannel handle;
    private Identity last;
    private String inputEvent;
    private String errorEvent;
    private String resetEvent;
    private String idleEvent;
    private final String readState;

    private FollowTail(Builder b, Kernel kernel) throws IOException {
        super(kernel, "FollowTail");
        this.filename = b.filename;
        this.driver = b.driver != null ? b.driver : new SysRW();
        this.filter = b.filter != null ? b.filter : cast(Line.create());
        this.pollInterval = b.pollInterval;
        this.inputEvent = b.inputEvent;
        this.errorEvent = b.errorEvent;
        this.resetEvent = b.resetEvent;
        this.idleEvent = b.idleEvent;
        this.readState = stateName("read");
        this.ownsHandle = b.ownsHandle || b.stream != null || filename != null;
        ReadableByteChannel given = b.handle;
        if (b.stream != null) {
            given = OneWay.from(b.stream, "poe-followtail-" + id).read();
        }
        if (filename != null && Files.exists(filename) && !Files.isRegularFile(filename)) {
            // a FIFO or device by name: opening it may block until a writer comes, so it is
            // opened and read on a thread of its own, and followed as a stream to its end
            Path fifo = filename;
            handle = OneWay.from(() -> Files.newInputStream(fifo), "poe-followtail-" + id).read();
        } else if (filename != null) {
            handle = open(filename);
            last = handle == null ? Identity.MISSING : Identity.of(filename);
        } else {
            handle = given;
        }
        if (handle instanceof SelectableChannel ch) {
            defineState(readState, this::onReadable);
            kernel.selectRead(ch, readState);
        } else {
            if (handle instanceof FileChannel file) {
                seek(file, b);
            }
            defineState(readState, this::onPoll);
            kernel.delay(readState, 0);
        }
        tie();
    }

    @SuppressWarnings("unchecked")
    private static Filter<byte[], Object> cast(Filter<byte[], ?> filter) {
        return (Filter<byte[], Object>) filter;
    }

    /** A builder for a FollowTail wheel. */
    public static Builder builder() {
        return new Builder();
    }

    private static FileChannel open(Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            return null;
        }
    }

    /** Where reading starts: POE's Seek / SeekBack, by default the end (a partial last line is kept). */
    private void seek(FileChannel file, Builder b) throws IOException {
        long end = file.size();
        if (b.seek != null) {
            file.position(Math.min(b.seek, end));
        } else if (b.seekBack != null) {
            file.position(Math.max(0, end - b.seekBack));
        } else {
            file.position(Math.max(0, end - 4096));       // POE: read the last 4 KiB into the filter, discard its records
            for (List<byte[]> raw = readQuietly(file); raw != null && !raw.isEmpty(); raw = readQuietly(file)) {
                try {
                    filter.get(raw);
                } catch (FilterException e) {
                    // discarding what precedes the start: a bad frame there does not matter
                }
            }
        }
    }

    private List<byte[]> readQuietly(FileChannel file) {
        try {
            return driver.get(file);
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ polling

    private void onPoll(EventContext ev) {
        if (isClosed()) {
            return;
        }
        if (handle == null) {                                   // by name, and nothing there yet
            handle = open(filename);
            if (handle == null) {
                emit(idleEvent, id);
                schedule(pollInterval);
                return;
            }
            last = Identity.of(filename);
            emit(resetEvent, id);
            if (isClosed()) {
                return;
            }
        }
        List<byte[]> raw;
        try {
            raw = driver.get(handle);
        } catch (EOFException e) {
            raw = List.of();
        } catch (IOException e) {
            emitError(errorEvent, "read", ErrnoNames.of(e), message(e));
            return;
        }
        if (!raw.isEmpty()) {
            deliver(raw);
            schedule(0);                                       // more may be there: read again at once
            return;
        }
        if (filename == null) {                                 // a FileChannel given: truncation only
            checkTruncated();
            return;
        }
        Identity now = Identity.of(filename);
        if (!now.sameFileAs(last)) {
            closeQuietly(handle);                               // all of the old file has been read
            handle = null;
            last = now;
            schedule(0);
            return;
        }
        emit(idleEvent, id);
        last = now;
        schedule(pollInterval);
    }

    private void checkTruncated() {
        FileChannel file = (FileChannel) handle;
        try {
            if (file.size() < file.position()) {
                file.position(0);
                emit(resetEvent, id);
            } else {
                emit(idleEvent, id);
            }
        } catch (IOException e) {
            emitError(errorEvent, "stat", ErrnoNames.of(e), message(e));
            return;
        }
        schedule(pollInterval);
    }

    private void schedule(double seconds) {
        if (!isClosed()) {
            kernel.delay(readState, seconds);
        }
    }

    private void onReadable(EventContext ev) {
        if (isClosed()) {
            return;
        }
        List<byte[]> raw;
        try {
            raw = driver.get(handle);
        } catch (EOFException e) {
            kernel.selectRead((SelectableChannel) handle);
            if (handle instanceof java.nio.channels.SocketChannel) {
                emitError(errorEvent, "read", ErrnoNames.EOF, "end of input");
            } else {
                emit(idleEvent, id);
            }
            return;
        } catch (IOException e) {
            kernel.selectRead((SelectableChannel) handle);
            emitError(errorEvent, "read", ErrnoNames.of(e), message(e));
            return;
        }
        if (!raw.isEmpty()) {
            deliver(raw);
        }
    }

    private void deliver(List<byte[]> raw) {
        frame(filter, raw, errorEvent);
        deliverRecords(() -> filter, () -> inputEvent, () -> errorEvent);
    }

    // ------------------------------------------------------------------ API

    /**
     * Renames events at run time: pairs of {@code InputEvent}, {@code ErrorEvent},
     * {@code ResetEvent} or {@code IdleEvent} and the new name (null turns the event off,
     * except InputEvent).
     *
     * @param kindsAndNames kind, name, ...
     */
    public void event(String... kindsAndNames) {
        checkUse("event");
        checkEventPairs(EVENT_KINDS, kindsAndNames);
        for (int i = 0; i < kindsAndNames.length; i += 2) {
            if (kindsAndNames[i].equals("InputEvent") && kindsAndNames[i + 1] == null) {
                throw new IllegalArgumentException(this + ": InputEvent cannot be turned off; close() the wheel");
            }
        }
        for (int i = 0; i < kindsAndNames.length; i += 2) {
            String name = kindsAndNames[i + 1];
            switch (kindsAndNames[i]) {
                case "InputEvent" -> inputEvent = name;
                case "ErrorEvent" -> errorEvent = name;
                case "ResetEvent" -> resetEvent = name;
                default -> idleEvent = name;
            }
        }
    }

    /**
     * The position reached in the file (POE's {@code tell}), or -1 when following a stream
     * or while the named file is missing.
     *
     * @return the offset of the next byte to read
     */
    public long tell() {
        if (handle instanceof FileChannel file) {
            try {
                return file.position();
            } catch (IOException e) {
                return -1;
            }
        }
        return -1;
    }

    @Override
    void removeFromOwner() {
        if (handle instanceof SelectableChannel ch) {
            kernel.selectRead(ch);
        } else {
            kernel.delay(readState);
        }
        kernel.state(readState, null);
    }

    @Override
    void releaseResources() {
        if (ownsHandle) {
            closeQuietly(handle);
        }
        handle = null;
    }

    /** What identifies a file behind a name: POE compares device, inode, links and size. */
    private record Identity(Object key, long links, long size) {
        static final Identity MISSING = new Identity(null, -1, -1);

        static Identity of(Path path) {
            try {
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
                long links = 1;
                try {
                    links = ((Number) Files.getAttribute(path, "unix:nlink")).longValue();
                } catch (UnsupportedOperationException | IllegalArgumentException e) {
                    // no link counts here: identity and size decide
                }
                return new Identity(a.fileKey(), links, a.size());
            } catch (NoSuchFileException e) {
                return MISSING;
            } catch (IOException e) {
                return MISSING;
            }
        }

        boolean sameFileAs(Identity before) {
            return Objects.equals(key, before.key) && links == before.links && size >= before.size;
        }
    }

    /** Builds a {@link FollowTail}. */
    public static final class Builder {
        private Path filename;
        private ReadableByteChannel handle;
        private InputStream stream;
        private boolean ownsHandle = true;
        private Driver driver;
        private Filter<byte[], Object> filter;
        private double pollInterval = 1.0;
        private Long seek;
        private Long seekBack;
        private String inputEvent;
        private String errorEvent;
        private String resetEvent;
        private String idleEvent;

        private Builder() {
        }

        /** Follows the file by this name (POE's {@code Filename}), across rotation and truncation. */
        public Builder filename(Path path) {
            this.filename = Objects.requireNonNull(path, "filename");
            return this;
        }

        /**
         * Follows a channel (POE's {@code Handle}): a selectable stream until its end, or a
         * file's channel, polled.
         */
        public Builder handle(ReadableByteChannel channel) {
            this.handle = Objects.requireNonNull(channel, "handle");
            return this;
        }

        /** Follows a blocking stream (a FIFO, a process's output) through a pipe and a daemon thread. */
        public Builder handle(InputStream in) {
            this.stream = Objects.requireNonNull(in, "handle");
            return this;
        }

        /** Whether close() closes a given channel (default true). */
        public Builder ownsHandle(boolean owns) {
            this.ownsHandle = owns;
            return this;
        }

        /** The driver (default a new SysRW). */
        public Builder driver(Driver driver) {
            this.driver = Objects.requireNonNull(driver, "driver");
            return this;
        }

        /** The filter (default a new Line). */
        @SuppressWarnings("unchecked")
        public Builder filter(Filter<byte[], ?> filter) {
            this.filter = (Filter<byte[], Object>) Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** Seconds between polls of a file (default 1). */
        public Builder pollInterval(double seconds) {
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("FollowTail: pollInterval must be a finite number of seconds"
                        + " greater than 0, got " + seconds);
            }
            this.pollInterval = seconds;
            return this;
        }

        /** Starts this many bytes from the start of the file. */
        public Builder seek(long offset) {
            if (offset < 0) {
                throw new IllegalArgumentException("FollowTail: seek must be 0 or more, got " + offset);
            }
            this.seek = offset;
            return this;
        }

        /** Starts this many bytes before the end of the file. */
        public Builder seekBack(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("FollowTail: seekBack must be 0 or more, got " + bytes);
            }
            this.seekBack = bytes;
            return this;
        }

        /** The event for each record (required). */
        public Builder inputEvent(String event) {
            this.inputEvent = event;
            return this;
        }

        /** The event for errors. */
        public Builder errorEvent(String event) {
            this.errorEvent = event;
            return this;
        }

        /** The event when the file was replaced or truncated, or appeared. */
        public Builder resetEvent(String event) {
            this.resetEvent = event;
            return this;
        }

        /** The event for a poll that found nothing new. */
        public Builder idleEvent(String event) {
            this.idleEvent = event;
            return this;
        }

        /**
         * Creates the wheel for the active session.
         *
         * @param kernel the kernel
         * @return the wheel
         * @throws IllegalArgumentException for missing or clashing parameters
         * @throws java.io.UncheckedIOException if a given stream cannot be piped
         */
        public FollowTail create(Kernel kernel) {
            int sources = (filename != null ? 1 : 0) + (handle != null ? 1 : 0) + (stream != null ? 1 : 0);
            if (sources != 1) {
                throw new IllegalArgumentException("FollowTail needs filename(...) or handle(...), and only one");
            }
            if (inputEvent == null) {
                throw new IllegalArgumentException("FollowTail needs inputEvent(...)");
            }
            if (seek != null && seekBack != null) {
                throw new IllegalArgumentException("FollowTail: seek(...) and seekBack(...) do not go together");
            }
            if (filename != null && Files.isDirectory(filename, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("FollowTail does not follow directories: " + filename);
            }
            try {
                return new FollowTail(this, kernel);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("FollowTail: " + e.getMessage(), e);
            }
        }
    }
}
