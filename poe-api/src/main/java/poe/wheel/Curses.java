package poe.wheel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;

import poe.EventContext;
import poe.Kernel;

/**
 * Keystrokes of a full-screen terminal program as events (POE::Wheel::Curses), on Lanterna:
 * the wheel takes the terminal (alternate screen, no echo, keys one by one) and sends each
 * key to its owner, arrows and function keys included; the program draws on
 * {@link #screen()} with Lanterna's screen API on the kernel's thread, between events.
 *
 * <pre>{@code
 * .on("_start", ev -> {
 *     Curses curses = Curses.builder().inputEvent("key").create(ev.kernel());
 *     ev.<Map<String, Object>>heap().put("curses", curses);
 *     curses.screen().newTextGraphics().putString(0, 0, "press q to quit");
 *     curses.refresh();
 * })
 * .on("key", ev -> {
 *     Curses curses = (Curses) ev.<Map<String, Object>>heap().get("curses");
 *     KeyStroke key = ev.arg(Curses.ARG_INPUT);           // null: the terminal was resized
 *     if (key != null && key.getCharacter() != null && key.getCharacter() == 'q') {
 *         curses.close();                                 // the terminal is as it was
 *     }
 * })
 * }</pre>
 *
 * <p>InputEvent carries (the {@link KeyStroke}, or null when the terminal was resized; the
 * terminal's size; the wheel ID). After a resize the screen has been resized already (draw
 * it all again). Resizes come from Lanterna: on SIGWINCH it measures the terminal by moving
 * the cursor far down and right and asking where it is (ESC [ 6 n), so the terminal must
 * answer that query (every xterm-like terminal does). Watching {@code WINCH} with
 * {@link Kernel#sig} too would take SIGWINCH from Lanterna (the JVM has one handler per
 * signal): a program on this wheel gets its resizes as InputEvents instead. A known race
 * (Lanterna 3.1's): that query is written from Lanterna's signal thread, so a frame being
 * drawn on the kernel's thread at that moment can move the cursor between the two, and
 * Lanterna then takes a wrong size (one or two columns) until the next resize.
 * While the wheel is open its session stays alive (POE's wheel watches STDIN).
 *
 * <h2>The terminal is given back</h2>
 * {@link #close()} (or the owner's stop, after a DIE too) leaves the alternate screen and
 * restores the terminal's modes; so does the JVM's exit while the wheel is open. ^C, read
 * as a key, closes the wheel and then sends the kernel SIGINT ({@code kernel.signal(kernel,
 * "INT")}), as a terminal's ^C would: a program that handles INT goes on without the
 * screen; otherwise its sessions stop. With {@code trapCtrlC(true)} ^C is an InputEvent
 * like any key.
 *
 * <h2>Threads</h2>
 * A daemon thread of the wheel's ({@code poe-curses-N}) polls the terminal for keys (every
 * 20 ms while none come) and hands them to the kernel with the thread-safe
 * {@link Kernel#post}; it ends within one poll of {@link #close()}. Lanterna is an optional
 * dependency of poe-api: add {@code com.googlecode.lanterna:lanterna} to use this wheel.
 */
public final class Curses extends AbstractWheel {

    /** InputEvent: the key, or null for a resize. */
    public static final int ARG_INPUT = 0;
    /** InputEvent: the terminal's size ({@link TerminalSize}). */
    public static final int ARG_SIZE = 1;
    /** InputEvent: the wheel ID. */
    public static final int ARG_WHEEL_ID = 2;

    private static final List<String> EVENT_KINDS = List.of("InputEvent");
    private static final long POLL_MILLIS = 20;

    private final Terminal terminal;
    private final TerminalScreen screen;
    private final boolean trapCtrlC;
    private final String keyState;
    private final String holdTag;
    private final Thread thread;
    private final Thread restoreAtExit;
    private String inputEvent;
    private volatile boolean stopping;
    private boolean restored;

    private Curses(Builder b, Kernel kernel) {
        super(kernel, "Curses");
        this.inputEvent = b.inputEvent;
        this.trapCtrlC = b.trapCtrlC;
        try {
            this.terminal = b.terminal != null ? b.terminal
                    : new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                            .setForceTextTerminal(true)
                            .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                            .createTerminal();
            this.screen = new TerminalScreen(terminal);
            screen.startScreen();
        } catch (IOException e) {
            throw new UncheckedIOException("Curses: cannot take the terminal: " + message(e), e);
        }
        this.keyState = stateName("key");
        this.holdTag = keyState;
        defineState(keyState, this::onKey);
        kernel.refcountIncrement(owner.id(), holdTag);        // an open terminal keeps its session, as in POE
        terminal.addResizeListener((t, size) -> {
            if (!stopping) {
                kernel.post(owner, keyState, (Object) null);
            }
        });
        this.restoreAtExit = new Thread(this::restore, "poe-curses-restore-" + id);
        Runtime.getRuntime().addShutdownHook(restoreAtExit);
        this.thread = new Thread(this::pollKeys, "poe-curses-" + id);
        thread.setDaemon(true);
        thread.start();
        tie();
    }

    /** A builder for a Curses wheel. */
    public static Builder builder() {
        return new Builder();
    }

    /** The screen to draw on (on the kernel's thread); {@link #refresh()} shows what changed. */
    public TerminalScreen screen() {
        checkUse("screen");
        return screen;
    }

    /** Shows what was drawn since the last refresh (Lanterna's {@code screen.refresh()}). */
    public void refresh() {
        checkUse("refresh");
        try {
            screen.refresh();
        } catch (IOException e) {
            throw new UncheckedIOException("Curses: cannot draw: " + message(e), e);
        }
    }

    /**
     * Shows what was drawn, Lanterna's way: {@code DELTA} (only what changed),
     * {@code COMPLETE} (the whole screen again) or {@code AUTOMATIC}.
     *
     * @param type how to refresh
     */
    public void refresh(com.googlecode.lanterna.screen.Screen.RefreshType type) {
        checkUse("refresh");
        try {
            screen.refresh(type);
        } catch (IOException e) {
            throw new UncheckedIOException("Curses: cannot draw: " + message(e), e);
        }
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

    private void pollKeys() {
        try {
            while (!stopping) {
                KeyStroke key = terminal.pollInput();
                if (key == null) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                if (key.getKeyType() == KeyType.EOF) {
                    return;
                }
                kernel.post(owner, keyState, key);
            }
        } catch (InterruptedException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            if (!stopping) {
                LOG.log(System.Logger.Level.WARNING, this + ": reading the terminal failed", e);
            }
        }
    }

    private void onKey(EventContext ev) {
        if (isClosed()) {
            return;
        }
        KeyStroke key = ev.arg(0);
        if (key == null) {
            TerminalSize size = screen.doResizeIfNecessary();
            emit(inputEvent, null, size != null ? size : screen.getTerminalSize(), id);
            return;
        }
        if (!trapCtrlC && key.isCtrlDown() && key.getCharacter() != null
                && Character.toLowerCase(key.getCharacter()) == 'c') {
            close();
            kernel.signal(kernel, "INT");
            return;
        }
        emit(inputEvent, key, screen.getTerminalSize(), id);
    }

    /** Leaves the alternate screen and restores the terminal's modes, once. */
    private synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        stopping = true;
        try {
            screen.stopScreen();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, this + ": stopping the screen failed", e);
        }
        closeQuietly(terminal);
    }

    @Override
    void removeFromOwner() {
        kernel.refcountDecrement(owner.id(), holdTag);
        kernel.state(keyState, null);
    }

    @Override
    void releaseResources() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreAtExit);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook runs and finds the terminal restored
        }
    }

    /** Builds a {@link Curses}. */
    public static final class Builder {
        private String inputEvent;
        private Terminal terminal;
        private boolean trapCtrlC;

        private Builder() {
        }

        /**
         * The event for each key (required): (key or null for a resize, size, wheel ID).
         *
         * @param event the event name
         * @return this builder
         */
        public Builder inputEvent(String event) {
            this.inputEvent = Objects.requireNonNull(event, "inputEvent");
            return this;
        }

        /**
         * A Lanterna terminal of the caller's; by default the process's own (standard input
         * and output), with ^C read as a key.
         *
         * @param terminal the terminal, which the wheel closes
         * @return this builder
         */
        public Builder terminal(Terminal terminal) {
            this.terminal = Objects.requireNonNull(terminal, "terminal");
            return this;
        }

        /**
         * Whether ^C is an InputEvent like any key (true), or closes the wheel and sends the
         * kernel SIGINT (false, the default).
         *
         * @param trap whether to
         * @return this builder
         */
        public Builder trapCtrlC(boolean trap) {
            this.trapCtrlC = trap;
            return this;
        }

        /**
         * Creates the wheel for the active session: it takes the terminal at once.
         *
         * @param kernel the kernel
         * @return the wheel
         * @throws IllegalArgumentException without an inputEvent
         * @throws IllegalStateException    without Lanterna on the class path, or outside a handler
         * @throws UncheckedIOException     if the terminal cannot be taken
         */
        public Curses create(Kernel kernel) {
            if (inputEvent == null) {
                throw new IllegalArgumentException("Curses needs inputEvent(...): the event each key is sent as");
            }
            try {
                Class.forName("com.googlecode.lanterna.screen.TerminalScreen", false, Curses.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Curses needs Lanterna 3 on the class path: add the dependency"
                        + " com.googlecode.lanterna:lanterna (it is optional in poe-api)", e);
            }
            return new Curses(this, Objects.requireNonNull(kernel, "kernel"));
        }
    }
}
