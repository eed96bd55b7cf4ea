package poe.wheel;

import java.io.IOError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;

import poe.EventContext;
import poe.Kernel;

/**
 * A line editor whose input arrives as events (POE::Wheel::ReadLine), on JLine 3: the user
 * edits a line with emacs keys and history while the kernel goes on dispatching timers and
 * network events; {@link #put} prints above the prompt without garbling what is being typed.
 *
 * <pre>{@code
 * .on("_start", ev -> {
 *     ReadLine console = ReadLine.builder().inputEvent("got_line").create(ev.kernel());
 *     ev.<Map<String, Object>>heap().put("console", console);
 *     console.get("> ");                                  // ask for one line
 * })
 * .on("got_line", ev -> {
 *     ReadLine console = (ReadLine) ev.<Map<String, Object>>heap().get("console");
 *     String line = ev.arg(ReadLine.ARG_INPUT);
 *     if (line == null) {                                 // "interrupt" (^C) or "eof" (^D)
 *         console.put("bye (" + ev.arg(ReadLine.ARG_EXCEPTION) + ")");
 *         console.close();
 *         return;
 *     }
 *     console.addHistory(line);
 *     console.put("you said " + line);
 *     console.get("> ");                                  // POE's one-shot style: ask again
 * })
 * }</pre>
 *
 * <p>InputEvent carries (the line or null, the exception word or null, wheel ID). The words
 * are {@code interrupt} (^C while a line is asked for), {@code eof} (^D on an empty line,
 * or the end of a non-terminal input) and {@code cancel} (the terminal failed under the
 * reader). Each {@link #get} asks for one line; while a line is asked for, the session is
 * kept alive. Lines are not added to the history by themselves (as in POE): call
 * {@link #addHistory}, or {@code autoAddHistory(true)} on the builder.
 *
 * <h2>Threads</h2>
 * JLine reads the terminal on a daemon thread of the wheel's ({@code poe-readline-N}),
 * which hands each line to the kernel with the thread-safe {@link Kernel#post}; the
 * kernel's thread never waits for the user. Every method here runs on the kernel's thread,
 * in a handler of the owner. {@link #close()} stops that thread and restores the terminal.
 * While a line is read, ^C is the InputEvent's {@code interrupt}, not a SIGINT for the
 * kernel (POE's ReadLine reads the terminal raw, too).
 *
 * <h2>Terminals</h2>
 * By default the system's terminal (a tty: line editing, history keys, completion, resize
 * followed) or, when standard input is not a terminal, a plain one that reads line by line.
 * A known limit, JLine's (3.26): keys that arrive while JLine is still redrawing for a
 * window-size change can leave the line drawn for the old width until the next redraw
 * (^L, or the next key that changes the line); what was typed is intact.
 * JLine is an optional dependency of poe-api: add {@code org.jline:jline} to use this wheel.
 */
public final class ReadLine extends AbstractWheel {

    /** InputEvent: the line, or null with an exception word. */
    public static final int ARG_INPUT = 0;
    /** InputEvent: {@code interrupt}, {@code eof} or {@code cancel}; null with a line. */
    public static final int ARG_EXCEPTION = 1;
    /** InputEvent: the wheel ID. */
    public static final int ARG_WHEEL_ID = 2;

    private static final List<String> EVENT_KINDS = List.of("InputEvent");

    private final Terminal terminal;
    private final boolean ownsTerminal;
    private final WheelLineReader reader;
    private final WheelHistory history;
    private final String resultState;
    private final String holdTag;
    private final Thread thread;
    private final Object lock = new Object();
    private final List<String> pendingHistory = new ArrayList<>();   // kernel thread: added while reading
    private String inputEvent;
    private String askedPrompt;            // guarded by lock: the prompt the reader thread is to read with
    private boolean asking;                // kernel thread: a get() waits for its line
    private volatile boolean stopping;

    private ReadLine(Builder b, Kernel kernel) {
        super(kernel, "ReadLine");
        this.inputEvent = b.inputEvent;
        this.ownsTerminal = b.terminal == null;
        this.terminal = b.terminal != null ? b.terminal : systemTerminal(b.appName);
        this.history = new WheelHistory(b.autoAddHistory);
        WheelLineReader rb = new WheelLineReader(terminal, b.appName, new LinkedHashMap<>(b.variables));
        rb.setHistory(history);
        if (b.completion != null) {
            Function<String, List<String>> complete = b.completion;
            rb.setCompleter((r, line, candidates) -> {
                for (String c : complete.apply(line.word())) {
                    candidates.add(new Candidate(c));
                }
            });
        }
        b.options.forEach(rb::option);
        this.reader = rb;
        history.attach(reader);
        this.resultState = stateName("line");
        this.holdTag = resultState;
        defineState(resultState, this::onLine);
        this.thread = new Thread(this::readLoop, "poe-readline-" + id);
        thread.setDaemon(true);
        thread.start();
        tie();
    }

    private static Terminal systemTerminal(String appName) {
        try {
            // dumb(true): a plain line-by-line terminal when standard input is not a tty
            return TerminalBuilder.builder().name(appName).system(true).dumb(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException("ReadLine: cannot open the terminal: " + message(e), e);
        }
    }

    /** A builder for a ReadLine wheel. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Asks for one line with this prompt; InputEvent follows when the user has entered it
     * (or pressed ^C or ^D). Asking again before the answer changes nothing.
     *
     * @param prompt the prompt, e.g. {@code "> "}
     */
    public void get(String prompt) {
        checkUse("get");
        Objects.requireNonNull(prompt, "prompt");
        if (asking) {
            return;
        }
        asking = true;
        kernel.refcountIncrement(owner.id(), holdTag);          // waiting for the user keeps the session
        synchronized (lock) {
            askedPrompt = prompt;
            lock.notifyAll();
        }
    }

    /**
     * Prints one line above the prompt; see {@link #put(String...)}. (A handler's
     * {@code put(ev.arg(0))} binds here, to a String, rather than to an array.)
     *
     * @param line the line (without a line end)
     */
    public void put(String line) {
        put(new String[] {line});
    }

    /**
     * Prints lines above the prompt and the line being edited, which are drawn again below
     * them; when no line is asked for, prints them plainly.
     *
     * @param lines the lines (without line ends)
     */
    public void put(String... lines) {
        checkUse("put");
        for (String line : lines) {
            reader.printAbove(line);       // JLine: thread-safe, redraws the prompt if it is reading
        }
    }

    /** Clears the screen (and draws the prompt again if a line is being read). */
    public void clear() {
        checkUse("clear");
        reader.clearFromOutside();
    }

    /**
     * Adds a line to the history (POE's {@code add_history}). While a line is being read the
     * addition waits until that line is entered.
     *
     * @param line the line
     */
    public void addHistory(String line) {
        checkUse("addHistory");
        Objects.requireNonNull(line, "line");
        if (asking) {
            pendingHistory.add(line);
        } else {
            history.addByHand(line);
        }
    }

    /** The history, oldest first (POE's {@code get_history}). */
    public List<String> getHistory() {
        checkUse("getHistory");
        List<String> lines = new ArrayList<>();
        reader.lockReader();             // the reader thread adds a line entered (autoAddHistory) under it
        try {
            for (History.Entry e : history) {
                lines.add(e.line());
            }
        } finally {
            reader.unlockReader();
        }
        lines.addAll(pendingHistory);
        return lines;
    }

    /**
     * Writes the whole history to a file, one line each (POE's {@code write_history}).
     *
     * @param file the file, created or replaced
     * @throws UncheckedIOException if it cannot be written
     */
    public void writeHistory(Path file) {
        checkUse("writeHistory");
        applyPendingHistory();
        reader.lockReader();
        try {
            history.write(file, false);
        } catch (IOException e) {
            throw new UncheckedIOException("ReadLine: cannot write the history to " + file + ": " + message(e), e);
        } finally {
            reader.unlockReader();
        }
    }

    /**
     * Adds the lines of a history file written by {@link #writeHistory} (POE's
     * {@code read_history}); a missing file adds nothing.
     *
     * @param file the file
     * @throws UncheckedIOException if it cannot be read
     * @throws IllegalStateException while a line is being read (call it before {@link #get})
     */
    public void readHistory(Path file) {
        checkUse("readHistory");
        if (asking) {
            throw new IllegalStateException(this + ": readHistory() while a line is being read; read the"
                    + " history before get(), or in the InputEvent handler");
        }
        if (!java.nio.file.Files.exists(file)) {
            return;
        }
        try {
            history.read(file, false);
        } catch (IOException e) {
            throw new UncheckedIOException("ReadLine: cannot read the history from " + file + ": " + message(e), e);
        }
    }

    /** The terminal's size now, {columns, rows}; JLine follows its changes (SIGWINCH). */
    public int[] terminalSize() {
        checkUse("terminalSize");
        return new int[] {terminal.getWidth(), terminal.getHeight()};
    }

    /**
     * Renames events (POE's {@code event(InputEvent => ...)}); the only kind is
     * {@code InputEvent}.
     *
     * @param kindsAndNames pairs of kind and name
     */
    public void event(String... kindsAndNames) {
        checkUse("event");
        checkEventPairs(EVENT_KINDS, kindsAndNames);
        for (int i = 0; i < kindsAndNames.length; i += 2) {
            inputEvent = Objects.requireNonNull(kindsAndNames[i + 1], "InputEvent");
        }
    }

    /** The JLine reader, for settings this wheel does not wrap (key maps, widgets, variables). */
    public LineReader lineReader() {
        checkUse("lineReader");
        return reader;
    }

    // ------------------------------------------------------------------ the reader thread

    private void readLoop() {
        while (!stopping) {
            String prompt;
            synchronized (lock) {
                while (askedPrompt == null && !stopping) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        if (stopping) {
                            return;
                        }
                    }
                }
                prompt = askedPrompt;
                askedPrompt = null;
            }
            if (stopping) {
                return;
            }
            String line = null;
            String exception = null;
            try {
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                exception = "interrupt";
            } catch (EndOfFileException e) {
                exception = "eof";
            } catch (RuntimeException | IOError e) {
                exception = "cancel";
                if (!stopping) {
                    LOG.log(System.Logger.Level.WARNING, this + ": reading the terminal failed", e);
                }
            }
            if (stopping) {
                return;
            }
            kernel.post(owner, resultState, line, exception);
        }
    }

    private void onLine(EventContext ev) {
        if (isClosed() || !asking) {
            return;
        }
        asking = false;
        kernel.refcountDecrement(owner.id(), holdTag);
        applyPendingHistory();
        emit(inputEvent, ev.arg(0), ev.arg(1), id);
    }

    private void applyPendingHistory() {
        if (!asking) {
            for (String line : pendingHistory) {
                history.addByHand(line);
            }
            pendingHistory.clear();
        }
    }

    @Override
    void removeFromOwner() {
        if (asking) {
            asking = false;
            kernel.refcountDecrement(owner.id(), holdTag);
        }
        kernel.state(resultState, (poe.Handler) null);
    }

    @Override
    void releaseResources() {
        stopping = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        thread.interrupt();                  // JLine turns an interrupted read into the end of readLine
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsTerminal) {
            closeQuietly(terminal);          // restores the terminal's settings and signal handlers
        }
    }

    /**
     * JLine's reader, drawing only under the reader's lock from the other threads too: a
     * window-size change (SIGWINCH, on the JVM's signal thread) and {@link #clear()} (on the
     * kernel's) redraw under it, as JLine's own redraws do. JLine 3.26's own SIGWINCH handler
     * writes its carriage-return and clear-to-end outside that lock, so when the signal
     * came while the reader was drawing a prompt, the two threads' escape sequences were
     * interleaved character by character ({@code ESC ESC [ [ J ? 1 h}) and the screen was
     * garbled. A size change that comes between two lines is left to the next
     * {@code readLine}, which takes the terminal's size when it starts.
     */
    private static final class WheelLineReader extends org.jline.reader.impl.LineReaderImpl {
        WheelLineReader(Terminal terminal, String appName, Map<String, Object> variables) {
            super(terminal, appName, variables);
        }

        /** Takes the reader's lock, under which the reader thread changes its state (the history too). */
        void lockReader() {
            lock.lock();
        }

        void unlockReader() {
            lock.unlock();
        }

        /**
         * Clears the screen under the reader's lock, so that a prompt the reader thread is
         * starting to draw comes after it, whole; while a line is read, the prompt and the
         * input are drawn again at the top.
         */
        void clearFromOutside() {
            lock.lock();
            try {
                if (reading) {
                    callWidget(LineReader.CLEAR_SCREEN);        // clears, and forgets what the display showed
                    callWidget(LineReader.REDISPLAY);           // draws the prompt and the input again, and flushes:
                } else {                                        // from outside the reader, nothing else would
                    terminal.puts(InfoCmp.Capability.clear_screen);
                    terminal.flush();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        protected void handleSignal(Terminal.Signal signal) {
            lock.lock();
            try {
                if (reading) {
                    super.handleSignal(signal);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** JLine's history, where lines entered are added only by hand unless asked to. */
    private static final class WheelHistory extends org.jline.reader.impl.history.DefaultHistory {
        private final boolean auto;
        private boolean byHand;

        WheelHistory(boolean auto) {
            this.auto = auto;
        }

        void addByHand(String line) {
            byHand = true;
            try {
                add(java.time.Instant.now(), line);
            } finally {
                byHand = false;
            }
        }

        @Override
        public void add(java.time.Instant time, String line) {
            if (auto || byHand) {
                super.add(time, line);
            }
        }
    }

    /** Builds a {@link ReadLine}. */
    public static final class Builder {
        private String inputEvent;
        private String appName = "poe";
        private Terminal terminal;
        private Function<String, List<String>> completion;
        private boolean autoAddHistory;
        private final Map<String, Object> variables = new LinkedHashMap<>();
        private final Map<LineReader.Option, Boolean> options = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The event for each line (required): (line or null, exception word or null, wheel ID).
         *
         * @param event the event name
         * @return this builder
         */
        public Builder inputEvent(String event) {
            this.inputEvent = Objects.requireNonNull(event, "inputEvent");
            return this;
        }

        /**
         * The application name (POE's {@code AppName}; JLine's inputrc sections).
         *
         * @param name the name
         * @return this builder
         */
        public Builder appName(String name) {
            this.appName = Objects.requireNonNull(name, "appName");
            return this;
        }

        /**
         * A terminal of the caller's, which the wheel does not close; by default the
         * system's, or a line-by-line one when standard input is not a terminal.
         *
         * @param terminal the JLine terminal
         * @return this builder
         */
        public Builder terminal(Terminal terminal) {
            this.terminal = Objects.requireNonNull(terminal, "terminal");
            return this;
        }

        /**
         * Tab completion (POE's {@code attribs->{completion_function}}): given the word under
         * the cursor, the candidates. It runs on the reading thread: keep it to data it may
         * read there.
         *
         * @param completion a function of the word
         * @return this builder
         */
        public Builder completion(Function<String, List<String>> completion) {
            this.completion = Objects.requireNonNull(completion, "completion");
            return this;
        }

        /**
         * The characters that belong to words for word moves and kills (POE's
         * {@code attribs}; JLine's {@code WORDCHARS}, by default {@code *?_-.[]~=/&;!#$%^(){}<>}).
         *
         * @param wordChars the characters besides letters and digits
         * @return this builder
         */
        public Builder wordChars(String wordChars) {
            return variable(LineReader.WORDCHARS, Objects.requireNonNull(wordChars, "wordChars"));
        }

        /**
         * Sets one of JLine's {@link LineReader} variables (e.g. {@code LineReader.HISTORY_SIZE}).
         *
         * @param name  the variable
         * @param value its value
         * @return this builder
         */
        public Builder variable(String name, Object value) {
            variables.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * Sets one of JLine's {@link LineReader.Option}s.
         *
         * @param option the option
         * @param value  on or off
         * @return this builder
         */
        public Builder option(LineReader.Option option, boolean value) {
            options.put(Objects.requireNonNull(option, "option"), value);
            return this;
        }

        /**
         * Adds each line entered to the history by itself (off by default, as in POE).
         *
         * @param on whether to
         * @return this builder
         */
        public Builder autoAddHistory(boolean on) {
            this.autoAddHistory = on;
            return this;
        }

        /**
         * Creates the wheel for the active session; it asks for nothing until {@link #get}.
         *
         * @param kernel the kernel
         * @return the wheel
         * @throws IllegalArgumentException without an inputEvent
         * @throws IllegalStateException    without JLine on the class path, or outside a handler
         */
        public ReadLine create(Kernel kernel) {
            if (inputEvent == null) {
                throw new IllegalArgumentException("ReadLine needs inputEvent(...): the event each line is sent as");
            }
            try {
                Class.forName("org.jline.reader.LineReader", false, ReadLine.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("ReadLine needs JLine 3 on the class path: add the dependency"
                        + " org.jline:jline (it is optional in poe-api)", e);
            }
            return new ReadLine(this, Objects.requireNonNull(kernel, "kernel"));
        }
    }
}
