package poe.wheel;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import com.pty4j.unix.UnixPtyProcess;

import poe.pipe.OneWay;

/**
 * The {@code pty} and {@code pty-pipe} conduits of {@link Run}, on pty4j. Only this class
 * names pty4j, so poe-api works without it until a pty is asked for.
 *
 * <p>The child starts as {@code /bin/sh -c WRAPPER}: the wrapper puts the terminal into raw
 * mode without echo (as POE's {@code set_raw} on the slave side), for {@code pty-pipe}
 * points its stderr at a FIFO the parent reads, writes a random marker and waits for one
 * byte on the terminal; then it {@code exec}s the program, so the pid stays the program's.
 * The parent drops everything before the marker, sets the window size, sends the byte and
 * only then lets what was {@link Run#put} through: the program never sees a cooked or
 * echoing terminal, nor a window size other than the one asked for.
 */
final class PtyConduit {

    private static final String WRAPPER = "STTY raw -echo 2>/dev/null; printf %s \"$1\"; shift;"
            + " DD bs=1 count=1 >/dev/null 2>&1; exec \"$@\"";
    private static final String FIFO_PREFIX = "exec 2>\"$1\"; shift; ";

    /** A {@link PtyProcess}; typed {@link Process} so that Run's code never names pty4j. */
    final Process process;
    private final PtyProcess ptyProcess;
    /** The terminal's output (the child's stdout, and stderr for {@code pty}). */
    OneWay stdout;
    /** The child's stderr for {@code pty-pipe}, else null: non-blocking. */
    java.nio.channels.ReadableByteChannel stderr;
    /** Writes to the terminal once the child is ready; closing it does not close the terminal. */
    final OutputStream stdin;

    private final CountDownLatch ready = new CountDownLatch(1);

    private PtyConduit(PtyProcess process) {
        this.process = process;
        this.ptyProcess = process;
        OutputStream ptyOut = process.getOutputStream();
        this.stdin = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                awaitReady();
                ptyOut.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                ptyOut.flush();
            }

            @Override
            public void close() {
                // the terminal stays open: closing the master would hang up the child
            }
        };
    }

    static PtyConduit start(List<String> command, Map<String, String> env, boolean clearEnv, Path directory,
            boolean separateStderr, boolean discardStderr, int[] winsize, long wheelId) throws IOException {
        Map<String, String> environment = new HashMap<>(clearEnv ? Map.of() : System.getenv());
        env.forEach((k, v) -> {
            if (v == null) {
                environment.remove(k);
            } else {
                environment.put(k, v);
            }
        });
        String path = environment.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        String program = command.get(0);
        if (resolve(program, path, directory) == null) {
            throw new IOException("Cannot run program \"" + program + "\": error=2, No such file or directory");
        }
        String systemPath = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        String stty = resolve("stty", systemPath, null);
        String dd = resolve("dd", systemPath, null);
        if (stty == null || dd == null) {
            throw new IOException("the pty conduits need stty and dd on this JVM's PATH");
        }
        String marker = "<poe-pty-ready-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ">";
        Path fifoDir = null;
        Path fifo = null;
        List<String> argv = new ArrayList<>();
        argv.add("/bin/sh");
        argv.add("-c");
        String script = WRAPPER.replace("STTY", sh(stty)).replace("DD", sh(dd));
        if (separateStderr) {
            fifoDir = Files.createTempDirectory("poe-run-pty");
            fifo = fifoDir.resolve("stderr");
            mkfifo(fifo);
            script = FIFO_PREFIX + script;
        }
        if (discardStderr) {
            script = "exec 2>/dev/null; " + script;
        }
        argv.add(script);
        argv.add("sh");
        if (fifo != null) {
            argv.add(fifo.toString());
        }
        argv.add(marker);
        argv.addAll(command);

        java.nio.channels.ReadableByteChannel err = null;
        PtyProcess p;
        try {
            if (fifo != null) {
                err = fifoReader(fifo, fifoDir, "poe-run-pty-stderr-" + wheelId);
            }
            PtyProcessBuilder pb = new PtyProcessBuilder(argv.toArray(String[]::new))
                    .setEnvironment(environment)
                    .setRedirectErrorStream(true)
                    .setConsole(false);
            if (directory != null) {
                pb.setDirectory(directory.toString());
            }
            Pty4jNatives.beforeStart();
            p = pb.start();
            Pty4jNatives.afterStart();
        } catch (IOException | RuntimeException e) {
            if (fifo != null) {
                unblockFifo(fifo);                                // ends the FIFO reader's open()
                deleteQuietly(fifo, fifoDir);
            }
            throw e;
        }
        PtyProcess proc = p;
        if (fifo != null) {
            Path f = fifo;
            Path d = fifoDir;
            proc.onExit().thenRun(() -> {                          // a child that never opened it
                unblockFifo(f);
                deleteQuietly(f, d);
            });
        }
        PtyConduit c = new PtyConduit(proc);
        c.stderr = err;
        OutputStream ptyOut = proc.getOutputStream();
        InputStream afterMarker = new MarkerStream(proc.getInputStream(), marker.getBytes(StandardCharsets.US_ASCII),
                () -> {
                    if (winsize != null) {
                        c.setWinsize(winsize[0], winsize[1], winsize[2], winsize[3]);
                    }
                    ptyOut.write('\n');                            // the wrapper's dd goes on to exec
                    ptyOut.flush();
                    c.ready.countDown();
                }, c.ready::countDown);
        try {
            c.stdout = OneWay.from(afterMarker, "poe-run-pty-" + wheelId);
        } catch (IOException e) {
            proc.destroyForcibly();
            throw e;
        }
        return c;
    }

    private void awaitReady() throws IOException {
        try {
            while (!ready.await(1, TimeUnit.SECONDS)) {
                if (!process.isAlive()) {
                    throw new IOException("the child exited before its terminal was ready");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the child's terminal", e);
        }
    }

    /** Linux's TIOCSWINSZ (the same on x86, x86-64, ARM and AArch64). */
    private static final long TIOCSWINSZ_LINUX = 0x5414;

    /**
     * Sets the terminal's window size (rows, columns, x pixels, y pixels). pty4j's WinSize
     * carries no pixels, so on Linux the four values go to the master with
     * {@code ioctl(TIOCSWINSZ)} through JNA; elsewhere pty4j sets rows and columns only.
     */
    void setWinsize(int rows, int cols, int xpixel, int ypixel) {
        String arch = System.getProperty("os.arch", "");
        if (System.getProperty("os.name", "").startsWith("Linux") && ptyProcess instanceof UnixPtyProcess u
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86") || arch.equals("i386")
                    || arch.equals("aarch64") || arch.startsWith("arm"))) {
            int fd = u.getPty().getMasterFD();
            short[] ws = {(short) rows, (short) cols, (short) xpixel, (short) ypixel};
            int rc = com.sun.jna.Function.getFunction("c", "ioctl")
                    .invokeInt(new Object[] {fd, new com.sun.jna.NativeLong(TIOCSWINSZ_LINUX), ws});
            if (rc == 0) {
                return;
            }
        }
        ptyProcess.setWinSize(new WinSize(cols, rows));
    }

    /** Closes the terminal (the parent's side); the reader thread ends. */
    void close() {
        try {
            process.getInputStream().close();
        } catch (IOException e) {
            // already closed
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
    }

    // ------------------------------------------------------------------ helpers

    private static java.nio.channels.ReadableByteChannel fifoReader(Path fifo, Path dir, String threadName)
            throws IOException {
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        pipe.source().configureBlocking(false);
        java.nio.channels.Pipe.SinkChannel sink = pipe.sink();  // blocking: the thread waits for the reader
        Thread t = new Thread(() -> {
            try (sink; InputStream in = new FileInputStream(fifo.toFile())) {   // blocks until the child opens it
                deleteQuietly(fifo, dir);
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf, 0, n);
                    while (b.hasRemaining()) {
                        sink.write(b);
                    }
                }
            } catch (IOException e) {
                // the wheel closed its end, or the FIFO went away: the copy is over
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return pipe.source();
    }

    /** Opens and closes the FIFO for writing, so a reader blocked in open() goes on (and reads EOF). */
    private static void unblockFifo(Path fifo) {
        if (Files.exists(fifo)) {
            try (RandomAccessFile f = new RandomAccessFile(fifo.toFile(), "rw")) {
                // O_RDWR never blocks on Linux
            } catch (IOException e) {
                // gone meanwhile
            }
        }
    }

    private static void deleteQuietly(Path fifo, Path dir) {
        try {
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // left in the temporary directory
        }
    }

    private static void mkfifo(Path fifo) throws IOException {
        Process m = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString())
                .redirectErrorStream(true).start();
        try {
            String msg = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!m.waitFor(60, TimeUnit.SECONDS) || m.exitValue() != 0) {
                throw new IOException("mkfifo " + fifo + " failed: " + msg);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted in mkfifo", e);
        }
    }

    private static String resolve(String program, String path, Path directory) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            if (!p.isAbsolute() && directory != null) {
                p = directory.resolve(p);
            }
            return Files.isExecutable(p) && !Files.isDirectory(p) ? p.toString() : null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static String sh(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Passes a stream on after dropping everything up to and including a marker. */
    private static final class MarkerStream extends InputStream {
        interface Action {
            void run() throws IOException;
        }

        private final InputStream in;
        private final byte[] marker;
        private final Action onMarker;
        private final Runnable onEnd;
        private final AtomicBoolean ended = new AtomicBoolean();
        private boolean seen;

        MarkerStream(InputStream in, byte[] marker, Action onMarker, Runnable onEnd) {
            this.in = in;
            this.marker = marker;
            this.onMarker = onMarker;
            this.onEnd = onEnd;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = read(b, 0, 1);
            return n < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                if (!seen) {
                    skipToMarker();
                    if (!seen) {
                        return -1;
                    }
                }
                int n = in.read(b, off, len);
                if (n < 0) {
                    end();
                }
                return n;
            } catch (IOException e) {
                end();
                throw e;
            }
        }

        private void skipToMarker() throws IOException {
            int matched = 0;
            while (matched < marker.length) {
                int c = in.read();
                if (c < 0) {
                    end();
                    return;
                }
                if (c == (marker[matched] & 0xff)) {
                    matched++;
                } else {
                    matched = c == (marker[0] & 0xff) ? 1 : 0;
                }
            }
            seen = true;
            onMarker.run();
        }

        private void end() {
            if (ended.compareAndSet(false, true)) {
                onEnd.run();
            }
        }

        @Override
        public void close() throws IOException {
            end();
            in.close();
        }
    }
}
