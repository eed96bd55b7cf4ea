package poe.wheel;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import poe.EventContext;
import poe.Kernel;
import poe.driver.Driver;
import poe.driver.SysRW;
import poe.filter.Filter;
import poe.filter.Line;

/**
 * Buffered, filtered, non-blocking I/O on a channel or a pair of channels
 * (POE::Wheel::ReadWrite): input is read with a {@link Driver} (SysRW by default), framed
 * by the input {@link Filter} (Line by default) and delivered record by record as
 * InputEvent; output given to {@link #put} is encoded by the output filter, queued in the
 * driver and written as the channel takes it, with FlushedEvent once all is written.
 *
 * <pre>{@code
 * Session.builder()
 *     .on("_start", ev -> {
 *         ReadWrite wheel = ReadWrite.builder()
 *             .handle(socket)                       // any SelectableChannel, or a FileChannel
 *             .inputEvent("got_line")
 *             .errorEvent("got_error")
 *             .create(ev.kernel());
 *         ev.<Map<String, Object>>heap().put("wheel", wheel);
 *     })
 *     .on("got_line", ev -> {
 *         String line = ev.arg(ReadWrite.ARG_INPUT);
 *         ReadWrite wheel = (ReadWrite) ev.<Map<String, Object>>heap().get("wheel");
 *         wheel.put("echo: " + line);
 *     })
 *     .on("got_error", ev -> ((ReadWrite) ev.<Map<String, Object>>heap().get("wheel")).close())
 *     .heap(new HashMap<String, Object>())
 *     .create(kernel);
 * }</pre>
 *
 * <h2>Events</h2>
 * <table>
 *   <caption>ReadWrite's events and their arguments</caption>
 *   <tr><th>event</th><th>arguments</th></tr>
 *   <tr><td>InputEvent</td><td>the record, the wheel ID</td></tr>
 *   <tr><td>FlushedEvent</td><td>the wheel ID: everything put has been written</td></tr>
 *   <tr><td>ErrorEvent</td><td>operation ({@code read}, {@code write}), errno name
 *       ({@code ECONNRESET}, {@code EPIPE}, ...; {@link ErrnoNames#EOF "0"} at end of input),
 *       message, wheel ID</td></tr>
 *   <tr><td>HighEvent</td><td>the wheel ID: queued output reached the high mark</td></tr>
 *   <tr><td>LowEvent</td><td>the wheel ID: queued output fell back to the low mark</td></tr>
 * </table>
 *
 * <p>A read error or end of input stops reading (the wheel can still write); a write error
 * stops writing. A record the input filter cannot frame (a line longer than the Line
 * filter's {@code maxLength}, for example) is an ErrorEvent {@code ("read", "EMSGSIZE",
 * message naming the limit)}, and reading goes on with what the filter kept.
 *
 * <h2>Differences from POE, on purpose</h2>
 * <ul>
 *   <li>{@link #shutdownOutput()} waits until queued output is written, then half-closes:
 *       POE 1.370 half-closes at once and loses what was still queued.</li>
 *   <li>HighEvent fires when a {@link #put} takes the queue to the high mark: POE 1.370 sets
 *       the high-water state in {@code put()} and so never sends HighEvent.</li>
 *   <li>{@link #close()} closes the channels the wheel was given (POE closes them when the
 *       last reference goes, which is usually the wheel); {@link Builder#ownsHandles(boolean)}
 *       keeps them open.</li>
 * </ul>
 *
 * <p>Channels that cannot be selected ({@link java.nio.channels.FileChannel}) are treated as
 * always ready, as POSIX {@code select()} treats regular files: the wheel reads them until
 * end of file, one chunk per event. Standard input and output, and a {@link Process}'s
 * streams, are blocking streams Java cannot select: {@link poe.pipe.OneWay#from} and
 * {@link poe.pipe.OneWay#to} turn them into selectable pipes (one daemon thread each).
 */
public final class ReadWrite extends AbstractWheel {

    /** InputEvent: the record. */
    public static final int ARG_INPUT = 0;
    /** InputEvent: the wheel ID. */
    public static final int ARG_INPUT_WHEEL_ID = 1;
    /** ErrorEvent: the operation ({@code read} or {@code write}). */
    public static final int ARG_OPERATION = 0;
    /** ErrorEvent: the errno name; {@link ErrnoNames#EOF} at end of input. */
    public static final int ARG_ERRNO = 1;
    /** ErrorEvent: the message. */
    public static final int ARG_MESSAGE = 2;
    /** ErrorEvent: the wheel ID. */
    public static final int ARG_ERROR_WHEEL_ID = 3;

    private static final List<String> EVENT_KINDS =
            List.of("InputEvent", "FlushedEvent", "ErrorEvent", "HighEvent", "LowEvent");

    private final ReadableByteChannel in;
    private final WritableByteChannel out;
    private final boolean ownsHandles;
    private final Driver driver;
    private Filter<byte[], Object> inputFilter;
    private Filter<byte[], Object> outputFilter;

    private String inputEvent;
    private String flushedEvent;
    private String errorEvent;
    private String highEvent;
    private String lowEvent;
    private long highMark;
    private long lowMark;
    private boolean highWater;

    private final String readState;
    private final String writeState;
    private final String drainState;

    /** Reading: watched (possibly paused); input shut down or ended. */
    private boolean reading;
    private boolean inputPaused;
    private boolean inputDone;
    /** Writing: the watcher is resumed while output is queued. */
    private boolean writeResumed;
    private boolean outputDone;
    private boolean shutdownOutputWhenFlushed;
    /** Inside the read handler's delivery loop; a filter switch needs no drain event then. */
    private boolean delivering;
    private boolean drainQueued;
    /** For channels that cannot be selected: a read or write event is queued. */
    private boolean readQueued;
    private boolean writeQueued;

    private ReadWrite(Builder b, Kernel kernel) {
        super(kernel, "ReadWrite");
        this.in = b.in;
        this.out = b.out;
        this.ownsHandles = b.ownsHandles;
        this.driver = b.driver != null ? b.driver : new SysRW();
        this.inputFilter = b.inputFilter != null ? b.inputFilter : lineFilter();
        this.outputFilter = b.outputFilter != null ? b.outputFilter : inputFilter;
        this.inputEvent = b.inputEvent;
        this.flushedEvent = b.flushedEvent;
        this.errorEvent = b.errorEvent;
        this.highEvent = b.highEvent;
        this.lowEvent = b.lowEvent;
        this.highMark = b.highMark == null ? 0 : b.highMark;
        this.lowMark = b.lowMark == null ? 0 : b.lowMark;
        this.readState = stateName("read");
        this.writeState = stateName("write");
        this.drainState = stateName("drain");
        defineState(readState, this::onReadable);
        defineState(writeState, this::onWritable);
        defineState(drainState, ev -> {
            drainQueued = false;
            deliver();
        });
        if (out instanceof SelectableChannel ch) {
            kernel.selectWrite(ch, writeState);          // registered, paused until output is queued
            kernel.selectPauseWrite(ch);
        }
        if (inputEvent != null) {
            startReading();
        }
        tie();
    }

    @SuppressWarnings("unchecked")
    private static Filter<byte[], Object> lineFilter() {
        return (Filter<byte[], Object>) (Filter<byte[], ?>) Line.create();
    }

    /** A builder for a ReadWrite wheel. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ output

    /**
     * Encodes one record with the output filter and queues it for writing. A record that is
     * a {@code List} is one record too; {@link #putAll} takes a list of records.
     *
     * @param record the record (a string for the Line filter)
     * @return true when the queued output is at or above the high mark (stop producing
     *     until LowEvent); always false without marks
     */
    public boolean put(Object record) {
        return putAll(List.of(record));
    }

    /**
     * Encodes records with the output filter and queues them for writing, in order.
     *
     * @param first the first record
     * @param more  the others
     * @return true when the queued output is at or above the high mark
     */
    public boolean put(Object first, Object... more) {
        List<Object> records = new ArrayList<>(1 + more.length);
        records.add(first);
        records.addAll(Arrays.asList(more));
        return putAll(records);
    }

    /**
     * Encodes records with the output filter and queues them for writing, in order.
     *
     * @param records the records
     * @return true when the queued output is at or above the high mark
     */
    public boolean putAll(List<?> records) {
        checkUse("put");
        if (outputDone || shutdownOutputWhenFlushed) {
            throw new IllegalStateException(this + ": put() after shutdownOutput(); the output is closed");
        }
        long queued = driver.put(outputFilter.put(records));
        if (queued > 0) {
            resumeWriting();
        }
        if (highMark > 0 && queued >= highMark) {
            if (!highWater) {
                highWater = true;
                emit(highEvent, id);
            }
            return true;
        }
        return false;
    }

    /**
     * Writes what the channel takes now, as when it reports write readiness: FlushedEvent
     * if everything went, ErrorEvent if writing failed (POE's {@code flush}).
     */
    public void flush() {
        checkUse("flush");
        if (!outputDone) {
            writeStep();
        }
    }

    private void onWritable(EventContext ev) {
        writeQueued = false;
        if (!isClosed() && !outputDone) {
            writeStep();
        }
    }

    private void writeStep() {
        long left;
        try {
            left = driver.flush(out);
        } catch (IOException e) {
            stopWriting();
            emitError(errorEvent, "write", ErrnoNames.of(e), message(e));
            return;
        }
        if (highWater) {
            if (left <= lowMark) {
                highWater = false;
                emit(lowEvent, id);
            }
        } else if (highMark > 0 && left >= highMark) {
            highWater = true;
            emit(highEvent, id);
        }
        if (isClosed() || outputDone) {
            return;
        }
        // a High or Low handler may have put more (or flushed): go by what is queued now
        left = driver.getOutOctets();
        if (left == 0) {
            pauseWriting();
            emit(flushedEvent, id);
            if (shutdownOutputWhenFlushed && !isClosed() && driver.getOutOctets() == 0) {
                halfCloseOutput();
            }
        } else if (!(out instanceof SelectableChannel)) {
            queueWrite();
        }
    }

    private void resumeWriting() {
        if (out instanceof SelectableChannel ch) {
            if (!writeResumed) {
                writeResumed = true;
                kernel.selectResumeWrite(ch);
            }
        } else {
            queueWrite();
        }
    }

    private void pauseWriting() {
        if (out instanceof SelectableChannel ch && writeResumed) {
            writeResumed = false;
            kernel.selectPauseWrite(ch);
        }
    }

    private void queueWrite() {
        if (!writeQueued) {
            writeQueued = true;
            kernel.yield(writeState);
        }
    }

    private void stopWriting() {
        outputDone = true;
        writeResumed = false;
        if (out instanceof SelectableChannel ch) {
            kernel.selectWrite(ch);
        }
    }

    // ------------------------------------------------------------------ input

    private void startReading() {
        if (reading || inputDone) {
            return;
        }
        reading = true;
        if (in instanceof SelectableChannel ch) {
            kernel.selectRead(ch, readState);
            if (inputPaused) {
                kernel.selectPauseRead(ch);
            }
        } else if (!inputPaused) {
            queueRead();
        }
    }

    private void stopReading() {
        if (reading && in instanceof SelectableChannel ch) {
            kernel.selectRead(ch);
        }
        reading = false;
    }

    private void queueRead() {
        if (!readQueued) {
            readQueued = true;
            kernel.yield(readState);
        }
    }

    private void onReadable(EventContext ev) {
        readQueued = false;
        if (isClosed() || !reading || inputPaused && !(in instanceof SelectableChannel)) {
            return;
        }
        List<byte[]> raw;
        try {
            raw = driver.get(in);
        } catch (EOFException e) {
            inputDone = true;
            stopReading();
            emitError(errorEvent, "read", ErrnoNames.EOF, "end of input");
            return;
        } catch (IOException e) {
            inputDone = true;
            stopReading();
            emitError(errorEvent, "read", ErrnoNames.of(e), message(e));
            return;
        }
        if (!raw.isEmpty()) {
            frame(inputFilter, raw, errorEvent);
            deliver();
        }
        if (!isClosed() && reading && !inputPaused && !(in instanceof SelectableChannel)) {
            queueRead();
        }
    }

    /** Delivers every record the input filter can frame now; the filter may change meanwhile. */
    private void deliver() {
        delivering = true;
        try {
            deliverRecords(() -> inputFilter, () -> inputEvent, () -> errorEvent);
        } finally {
            delivering = false;
        }
    }

    /**
     * Stops reading until {@link #resumeInput()}; records already read and framed are still
     * delivered. The watcher stays, so the session stays alive.
     */
    public void pauseInput() {
        checkUse("pauseInput");
        if (inputPaused) {
            return;
        }
        inputPaused = true;
        if (reading && in instanceof SelectableChannel ch) {
            kernel.selectPauseRead(ch);
        }
    }

    /** Resumes reading after {@link #pauseInput()}. */
    public void resumeInput() {
        checkUse("resumeInput");
        if (!inputPaused) {
            return;
        }
        inputPaused = false;
        if (!reading) {
            return;
        }
        if (in instanceof SelectableChannel ch) {
            kernel.selectResumeRead(ch);
        } else {
            queueRead();
        }
    }

    /**
     * Stops reading for good: a socket's input is shut down (the peer's further data is
     * discarded), a separate input channel is closed when the wheel owns it.
     */
    public void shutdownInput() {
        checkUse("shutdownInput");
        inputDone = true;
        stopReading();
        if (in instanceof SocketChannel socket) {
            try {
                socket.shutdownInput();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, this + ": shutdownInput", e);
            }
        } else if (in != out && ownsHandles) {
            closeQuietly(in);
        }
    }

    /**
     * Half-closes the output once what is queued has been written: a socket's output is
     * shut down (the peer reads end of stream and can still send), a separate output
     * channel is closed when the wheel owns it. {@link #put} is refused afterwards.
     */
    public void shutdownOutput() {
        checkUse("shutdownOutput");
        if (outputDone) {
            return;
        }
        if (driver.getOutOctets() > 0) {
            shutdownOutputWhenFlushed = true;
        } else {
            halfCloseOutput();
        }
    }

    private void halfCloseOutput() {
        shutdownOutputWhenFlushed = false;
        stopWriting();
        if (out instanceof SocketChannel socket) {
            try {
                socket.shutdownOutput();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, this + ": shutdownOutput", e);
            }
        } else if (in != out && ownsHandles) {
            closeQuietly(out);
        }
    }

    // ------------------------------------------------------------------ changing it

    /**
     * Renames events at run time (POE's {@code event}): pairs of an event kind
     * ({@code InputEvent}, {@code FlushedEvent}, {@code ErrorEvent}, {@code HighEvent},
     * {@code LowEvent}) and the new name, or null to stop sending it.
     *
     * <pre>{@code
     * wheel.event("InputEvent", "got_command", "ErrorEvent", "lost_client");
     * }</pre>
     *
     * @param kindsAndNames kind, name, kind, name, ...
     * @throws IllegalArgumentException for an odd count or an unknown kind
     */
    public void event(String... kindsAndNames) {
        checkUse("event");
        checkEventPairs(EVENT_KINDS, kindsAndNames);
        for (int i = 0; i < kindsAndNames.length; i += 2) {
            String name = kindsAndNames[i + 1];
            switch (kindsAndNames[i]) {
                case "InputEvent" -> {
                    inputEvent = name;
                    if (name == null) {
                        stopReading();
                    } else {
                        startReading();
                    }
                }
                case "FlushedEvent" -> flushedEvent = name;
                case "ErrorEvent" -> errorEvent = name;
                case "HighEvent" -> highEvent = name;
                default -> lowEvent = name;
            }
        }
    }

    /**
     * Replaces both filters; input the old one buffered is framed by the new one.
     *
     * @param filter the new filter for input and output
     */
    public void setFilter(Filter<byte[], ?> filter) {
        checkUse("setFilter");
        switchInput(filter);
        outputFilter = cast(filter);
    }

    /**
     * Replaces the input filter; input the old one buffered is framed by the new one.
     *
     * @param filter the new input filter
     */
    public void setInputFilter(Filter<byte[], ?> filter) {
        checkUse("setInputFilter");
        switchInput(filter);
    }

    /**
     * Replaces the output filter; what was put before is already encoded and queued.
     *
     * @param filter the new output filter
     */
    public void setOutputFilter(Filter<byte[], ?> filter) {
        checkUse("setOutputFilter");
        outputFilter = cast(filter);
    }

    private void switchInput(Filter<byte[], ?> filter) {
        Filter<byte[], Object> next = cast(filter);
        if (next == inputFilter) {
            return;
        }
        List<byte[]> pending = inputFilter.getPending();
        inputFilter = next;
        if (!pending.isEmpty()) {
            frame(next, pending, errorEvent);
            if (!delivering && !drainQueued) {
                drainQueued = true;
                kernel.yield(drainState);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Filter<byte[], Object> cast(Filter<byte[], ?> filter) {
        return (Filter<byte[], Object>) Objects.requireNonNull(filter, "filter");
    }

    /**
     * Changes the high mark.
     *
     * @param octets above the low mark
     * @throws IllegalStateException if the wheel was built without marks
     * @throws IllegalArgumentException if not above the low mark
     */
    public void setHighMark(long octets) {
        checkUse("setHighMark");
        requireMarks("setHighMark");
        if (octets <= lowMark) {
            throw new IllegalArgumentException(this + ": the high mark must be above the low mark (" + lowMark
                    + "), got " + octets);
        }
        highMark = octets;
    }

    /**
     * Changes the low mark.
     *
     * @param octets at least 1, below the high mark
     * @throws IllegalStateException if the wheel was built without marks
     * @throws IllegalArgumentException if not between 1 and the high mark
     */
    public void setLowMark(long octets) {
        checkUse("setLowMark");
        requireMarks("setLowMark");
        if (octets < 1 || octets >= highMark) {
            throw new IllegalArgumentException(this + ": the low mark must be at least 1 and below the high mark ("
                    + highMark + "), got " + octets);
        }
        lowMark = octets;
    }

    private void requireMarks(String method) {
        if (highMark == 0) {
            throw new IllegalStateException(this + ": " + method + "() needs marks; build the wheel with"
                    + " highMark(...) and lowMark(...)");
        }
    }

    // ------------------------------------------------------------------ accessors

    /** Octets queued for writing (POE's {@code get_driver_out_octets}). */
    public long getDriverOutOctets() {
        return driver.getOutOctets();
    }

    /** Chunks queued for writing (POE's {@code get_driver_out_messages}). */
    public int getDriverOutMessages() {
        return driver.getOutMessages();
    }

    /** The channel read from. */
    public ReadableByteChannel getInputHandle() {
        return in;
    }

    /** The channel written to. */
    public WritableByteChannel getOutputHandle() {
        return out;
    }

    /** The input filter now in use. */
    public Filter<byte[], ?> getInputFilter() {
        return inputFilter;
    }

    /** The output filter now in use. */
    public Filter<byte[], ?> getOutputFilter() {
        return outputFilter;
    }

    /** The driver. */
    public Driver getDriver() {
        return driver;
    }

    /** The high mark in octets, 0 without marks. */
    public long highMark() {
        return highMark;
    }

    /** The low mark in octets, 0 without marks. */
    public long lowMark() {
        return lowMark;
    }

    @Override
    void removeFromOwner() {
        if (in instanceof SelectableChannel ch) {
            kernel.selectRead(ch);
        }
        if (out instanceof SelectableChannel ch) {
            kernel.selectWrite(ch);
        }
        kernel.state(readState, null);
        kernel.state(writeState, null);
        kernel.state(drainState, null);
    }

    @Override
    void releaseResources() {
        if (ownsHandles) {
            closeQuietly(in);
            if (out != in) {
                closeQuietly(out);
            }
        }
    }

    /**
     * Builds a {@link ReadWrite} (POE's constructor parameters, one method each).
     *
     * <pre>{@code
     * ReadWrite wheel = ReadWrite.builder()
     *     .inputHandle(pipe.source()).outputHandle(otherPipe.sink())
     *     .filter(Line.literal("\n"))
     *     .driver(new SysRW(4096))
     *     .inputEvent("got").errorEvent("failed").flushedEvent("sent")
     *     .highMark(64 * 1024).highEvent("slow_down").lowMark(8 * 1024).lowEvent("go_on")
     *     .create(ev.kernel());
     * }</pre>
     */
    public static final class Builder {
        ReadableByteChannel in;
        WritableByteChannel out;
        boolean handleGiven;
        private boolean ownsHandles = true;
        private Driver driver;
        Filter<byte[], Object> inputFilter;
        Filter<byte[], Object> outputFilter;
        boolean filterGiven;
        private String inputEvent;
        private String flushedEvent;
        private String errorEvent;
        String highEvent;
        String lowEvent;
        Long highMark;
        Long lowMark;

        private Builder() {
        }

        /**
         * One channel for both directions (a socket). POE's {@code Handle}.
         *
         * @param channel readable and writable; selectable ones are made non-blocking
         * @param <C>     a channel that reads and writes
         * @return this builder
         */
        public <C extends ReadableByteChannel & WritableByteChannel> Builder handle(C channel) {
            this.in = Objects.requireNonNull(channel, "handle");
            this.out = channel;
            this.handleGiven = true;
            return this;
        }

        /**
         * The channel to read (POE's {@code InputHandle}); needs {@link #outputHandle}.
         *
         * @param channel a pipe's source, a socket, a file ...
         * @return this builder
         */
        public Builder inputHandle(ReadableByteChannel channel) {
            this.in = Objects.requireNonNull(channel, "inputHandle");
            return this;
        }

        /**
         * The channel to write (POE's {@code OutputHandle}); needs {@link #inputHandle}.
         *
         * @param channel a pipe's sink, a socket, a file ...
         * @return this builder
         */
        public Builder outputHandle(WritableByteChannel channel) {
            this.out = Objects.requireNonNull(channel, "outputHandle");
            return this;
        }

        /**
         * Whether {@link ReadWrite#close()} closes the channels (default true); false for
         * channels that outlive the wheel.
         *
         * @param owns true to close them with the wheel
         * @return this builder
         */
        public Builder ownsHandles(boolean owns) {
            this.ownsHandles = owns;
            return this;
        }

        /**
         * The driver (default: a new {@link SysRW}).
         *
         * @param driver a driver of this wheel's own
         * @return this builder
         */
        public Builder driver(Driver driver) {
            this.driver = Objects.requireNonNull(driver, "driver");
            return this;
        }

        /**
         * One filter for input and output (default: a new {@link Line}).
         *
         * @param filter a filter of this wheel's own
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public Builder filter(Filter<byte[], ?> filter) {
            this.inputFilter = (Filter<byte[], Object>) Objects.requireNonNull(filter, "filter");
            this.outputFilter = inputFilter;
            this.filterGiven = true;
            return this;
        }

        /**
         * The input filter (with {@link #outputFilter}, instead of {@link #filter}).
         *
         * @param filter the filter for what is read
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public Builder inputFilter(Filter<byte[], ?> filter) {
            this.inputFilter = (Filter<byte[], Object>) Objects.requireNonNull(filter, "inputFilter");
            return this;
        }

        /**
         * The output filter (with {@link #inputFilter}, instead of {@link #filter}).
         *
         * @param filter the filter for what is put
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public Builder outputFilter(Filter<byte[], ?> filter) {
            this.outputFilter = (Filter<byte[], Object>) Objects.requireNonNull(filter, "outputFilter");
            return this;
        }

        /** The event for each input record: (record, wheel ID). Without it the wheel does not read. */
        public Builder inputEvent(String event) {
            this.inputEvent = event;
            return this;
        }

        /** The event when all output has been written: (wheel ID). */
        public Builder flushedEvent(String event) {
            this.flushedEvent = event;
            return this;
        }

        /** The event for errors and end of input: (operation, errno name, message, wheel ID). */
        public Builder errorEvent(String event) {
            this.errorEvent = event;
            return this;
        }

        /** The event when queued output reaches the high mark: (wheel ID); needs {@link #highMark}. */
        public Builder highEvent(String event) {
            this.highEvent = event;
            return this;
        }

        /** The event when queued output falls back to the low mark: (wheel ID); needs {@link #lowMark}. */
        public Builder lowEvent(String event) {
            this.lowEvent = event;
            return this;
        }

        /**
         * The high water mark in octets (with {@link #lowMark}).
         *
         * @param octets greater than 0
         * @return this builder
         */
        public Builder highMark(long octets) {
            this.highMark = octets;
            return this;
        }

        /**
         * The low water mark in octets (with {@link #highMark} and {@link #lowEvent}).
         *
         * @param octets greater than 0, below the high mark
         * @return this builder
         */
        public Builder lowMark(long octets) {
            this.lowMark = octets;
            return this;
        }

        /**
         * Checks the parameters and creates the wheel for the active session.
         *
         * @param kernel the kernel; call this in a handler of the session that will own the wheel
         * @return the wheel, reading at once when an InputEvent was given
         * @throws IllegalArgumentException when parameters are missing or do not fit together
         * @throws IllegalStateException outside a handler or off the kernel's thread
         */
        public ReadWrite create(Kernel kernel) {
            ReadWriteChecks.validate(this);
            return new ReadWrite(this, kernel);
        }
    }
}
