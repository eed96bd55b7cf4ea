package poe;

/**
 * POE's warning when sessions were created but the kernel was never run (K3-RUN-6):
 * logged when the kernel is closed, or when the JVM exits, whichever comes first. Running
 * the kernel in any way ({@code run()}, {@code runOneTimeslice()}, {@code runWhile()}),
 * with or without sessions, counts as having run it, so the embedding idiom of calling
 * {@code run()} with no sessions silences it, as in POE.
 *
 * <pre>{@code
 * Kernel k = Kernel.create();
 * Session.builder().on("_start", ev -> {}).create(k);
 * k.close();        // WARNING: Sessions were started, but the kernel's run() was never called...
 * }</pre>
 */
final class RunWarning {

    static final String TEXT = "Sessions were started, but the kernel''s run() method was never called to execute them."
            + " This usually happens because an error occurred before run() could be called. Please fix any errors"
            + " above this notice, and be sure that run() is called (kernel {0}).";

    private static final System.Logger LOG = System.getLogger("poe.Kernel");

    private final java.util.function.Supplier<String> kernelId;
    /** Written on the kernel's thread, read by the shutdown hook. */
    private volatile boolean ran;
    private volatile boolean sessionsCreated;
    private boolean warned;
    private Thread hook;

    RunWarning(java.util.function.Supplier<String> kernelId) {
        this.kernelId = kernelId;
    }

    /** A session was created before the kernel ran: watch for the JVM's exit. */
    void sessionCreated() {
        if (ran || sessionsCreated) {
            return;
        }
        sessionsCreated = true;
        Thread h = new Thread(this::warnIfNeverRan, "poe-run-warning");
        try {
            Runtime.getRuntime().addShutdownHook(h);
            hook = h;
        } catch (IllegalStateException shuttingDown) {
            // too late for a hook: close() may still warn
        }
    }

    /** The kernel ran: no warning, ever. */
    void ran() {
        if (!ran) {
            ran = true;
            removeHook();
        }
    }

    /** The kernel is closed: warn now if it never ran. */
    void closed() {
        removeHook();
        warnIfNeverRan();
    }

    private synchronized void warnIfNeverRan() {
        if (!ran && sessionsCreated && !warned) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, TEXT, kernelId.get());
        }
    }

    private void removeHook() {
        Thread h = hook;
        if (h != null) {
            hook = null;
            try {
                Runtime.getRuntime().removeShutdownHook(h);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
        }
    }
}
