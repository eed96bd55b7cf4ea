package poe.wheel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What starts a {@link Run}'s child, apart from the wheel: the direct pipes or the pty, and
 * the {@link Process}. Touches no kernel state, so it runs on the kernel's thread for
 * {@link Run.Builder#create} and on a spawner thread for {@link Run.Builder#createInBackground}.
 *
 * <pre>{@code
 * RunLaunch launched = RunLaunch.start(builder, command, wheelId);   // blocks until the child has exec'd
 * new Run(builder, kernel, launched, wheelId);                        // the kernel's thread
 * }</pre>
 */
final class RunLaunch {

    final Process process;
    /** The terminal of the pty conduits, else null. */
    final PtyConduit pty;
    /** The pipe conduit's stdout and stderr when the child writes into them itself (Linux), else null. */
    final DirectPipe outPipe;
    final DirectPipe errPipe;
    final boolean wantOut;
    final boolean wantErr;

    private RunLaunch(Process process, PtyConduit pty, DirectPipe outPipe, DirectPipe errPipe, boolean wantOut,
            boolean wantErr) {
        this.process = process;
        this.pty = pty;
        this.outPipe = outPipe;
        this.errPipe = errPipe;
        this.wantOut = wantOut;
        this.wantErr = wantErr;
    }

    /**
     * Starts the child as the builder says; blocks until it runs (ProcessBuilder waits for
     * the exec). Nothing is left behind when it fails.
     *
     * @throws UncheckedIOException when the program cannot be started, with the reason
     */
    static RunLaunch start(Run.Builder b, List<String> command, long wheelId) {
        boolean isPty = !"pipe".equals(b.conduit);
        boolean wantOut = isPty || b.redirectStdout == null && (b.stdoutEvent != null || b.closeEvent != null);
        boolean wantErr = !"pty".equals(b.conduit) && b.redirectStderr == null
                && (b.stderrEvent != null || b.closeEvent != null);
        if (isPty) {
            try {
                PtyConduit pty = PtyConduit.start(command, b.env, b.clearEnv, b.directory,
                        "pty-pipe".equals(b.conduit) && wantErr, "pty-pipe".equals(b.conduit) && !wantErr,
                        b.winsize, wheelId);
                return new RunLaunch(pty.process, pty, null, null, wantOut, wantErr);
            } catch (IOException e) {
                throw new UncheckedIOException("Run: cannot start " + command + " on a pty: "
                        + AbstractWheel.message(e), e);
            }
        }
        DirectPipe out = wantOut ? DirectPipe.open() : null;
        DirectPipe err = wantErr ? DirectPipe.open() : null;
        try {
            return new RunLaunch(RunSupport.startPiped(b, command, wantOut, wantErr, out, err), null, out, err,
                    wantOut, wantErr);
        } catch (UncheckedIOException e) {
            close(out, err);
            if (out == null && err == null || !(e.getCause() instanceof java.io.FileNotFoundException f)
                    || f.getMessage() == null || !f.getMessage().contains("/proc/self/fd/")) {
                throw e;                                     // the command's own failure
            }
            // a redirect through /proc did not open: direct pipes off for the JVM, the pump's instead
            AbstractWheel.LOG.log(System.Logger.Level.DEBUG, "direct pipes off: " + f.getMessage());
            DirectPipe.disable();
            return new RunLaunch(RunSupport.startPiped(b, command, wantOut, wantErr, null, null), null, null, null,
                    wantOut, wantErr);
        }
    }

    /** Closes the direct pipes (closing twice does no harm). */
    void closePipes() {
        close(outPipe, errPipe);
    }

    /** Undoes a start nobody will take: the child is killed, its pipes or terminal closed. */
    void abandon() {
        process.destroyForcibly();
        closePipes();
        if (pty != null) {
            pty.close();
        }
    }

    private static void close(DirectPipe out, DirectPipe err) {
        if (out != null) {
            out.close();
        }
        if (err != null) {
            err.close();
        }
    }
}
