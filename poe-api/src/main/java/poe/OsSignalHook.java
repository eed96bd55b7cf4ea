package poe;

/**
 * One OS signal hooked through {@code sun.misc.Signal} (module {@code jdk.unsupported}),
 * with the handler it replaced, restored on {@link #restore()}.
 */
final class OsSignalHook {

    private final sun.misc.Signal signal;
    private final sun.misc.SignalHandler previous;

    private OsSignalHook(sun.misc.Signal signal, sun.misc.SignalHandler previous) {
        this.signal = signal;
        this.previous = previous;
    }

    static OsSignalHook install(String name, Runnable onSignal) {
        sun.misc.Signal signal;
        try {
            signal = new sun.misc.Signal(name);
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, s -> onSignal.run());
            return new OsSignalHook(signal, previous);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("the JVM does not let programs handle SIG" + name + " here ("
                    + e.getMessage() + "); watch another signal, or send it as a user signal with"
                    + " kernel.signal(...)", e);
        }
    }

    void restore() {
        try {
            sun.misc.Signal.handle(signal, previous);
        } catch (IllegalArgumentException ignored) {
            // the JVM took it back; nothing to restore
        }
    }
}
