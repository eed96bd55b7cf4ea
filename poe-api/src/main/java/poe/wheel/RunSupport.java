package poe.wheel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What {@link Run} needs besides the wheel itself: starting a piped child, the command line
 * of a child JVM, the check for the optional pty4j dependency, and the null side of its
 * one-way ReadWrites.
 *
 * <pre>{@code
 * List<String> cmd = RunSupport.javaCommand(Worker.class, "--jobs", "3");
 * }</pre>
 */
final class RunSupport {

    private RunSupport() {
    }

    /** A channel that is never read from or written to: the unused side of a one-way ReadWrite. */
    static final class NullChannel implements ReadableByteChannel, WritableByteChannel {
        private boolean open = true;

        @Override
        public int read(ByteBuffer dst) {
            return -1;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            throw new IOException("not writable");
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    /**
     * Fails with a message naming the dependency when pty4j is not on the class path. Here,
     * not in PtyConduit: loading PtyConduit already needs pty4j's classes.
     */
    static void checkPty4j(String conduit) {
        try {
            Class.forName("com.pty4j.PtyProcessBuilder", false, RunSupport.class.getClassLoader());
            Class.forName("com.sun.jna.Native", false, RunSupport.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UnsupportedOperationException("Run: conduit '" + conduit + "' needs pty4j on the class path"
                    + " (Maven: org.jetbrains.pty4j:pty4j:0.13.4, with its JNA); it was not found", e);
        }
    }

    /**
     * The class path for a child JVM: where {@code mainClass} came from, the URLs of its
     * class loader (a plugin's or a container's loader, e.g. {@code exec:java}), then this
     * JVM's {@code java.class.path}.
     */
    static String classPath(Class<?> mainClass) {
        java.util.LinkedHashSet<String> parts = new java.util.LinkedHashSet<>();
        try {
            java.security.CodeSource cs = mainClass.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                parts.add(Path.of(cs.getLocation().toURI()).toString());
            }
            for (ClassLoader l = mainClass.getClassLoader(); l != null; l = l.getParent()) {
                if (l instanceof java.net.URLClassLoader u) {
                    for (java.net.URL url : u.getURLs()) {
                        if ("file".equals(url.getProtocol())) {
                            parts.add(Path.of(url.toURI()).toString());
                        }
                    }
                }
            }
        } catch (java.net.URISyntaxException | SecurityException | IllegalArgumentException e) {
            AbstractWheel.LOG.log(System.Logger.Level.DEBUG, "class path of " + mainClass, e);
        }
        for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    /** The command that runs {@code mainClass} in a JVM like this one. */
    static List<String> javaCommand(Class<?> mainClass, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> c = new ArrayList<>();
        c.add(java);
        c.add("-cp");
        c.add(classPath(mainClass));
        c.add(mainClass.getName());
        c.addAll(List.of(args));
        return c;
    }

    /**
     * Starts the child of the pipe conduit: environment, directory, discarded or redirected
     * streams. A stream captured through a {@link DirectPipe} ({@code out}, {@code err}; null:
     * through the JDK's pipe and the pump) goes to that pipe's writing end, which this JVM
     * closes once the child has it.
     */
    static Process startPiped(Run.Builder b, List<String> command, boolean wantOut, boolean wantErr,
            DirectPipe out, DirectPipe err) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (b.clearEnv) {
            pb.environment().clear();
        }
        b.env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        if (b.directory != null) {
            pb.directory(b.directory.toFile());
        }
        if (b.redirectStdout != null && b.redirectStdout.equals(b.redirectStderr)) {
            pb.redirectOutput(b.redirectStdout.toFile()).redirectErrorStream(true);   // one open file: order kept
        } else {
            if (b.redirectStdout != null) {
                pb.redirectOutput(b.redirectStdout.toFile());
            } else if (!wantOut) {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            } else if (out != null) {
                pb.redirectOutput(out.childEnd());
            }
            if (b.redirectStderr != null) {
                pb.redirectError(b.redirectStderr.toFile());
            } else if (!wantErr) {
                pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            } else if (err != null) {
                pb.redirectError(err.childEnd());
            }
        }
        if (b.redirectStdin != null) {
            pb.redirectInput(b.redirectStdin.toFile());
        } else if (b.noStdin) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        try {
            Process p = pb.start();
            if (out != null) {
                out.started();
            }
            if (err != null) {
                err.started();
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("Run: cannot start " + command + ": " + AbstractWheel.message(e), e);
        }
    }

    /**
     * Sends a signal to the child ({@link Run#kill(String)}): TERM and KILL through its
     * {@link ProcessHandle}, others through {@code kill -NAME pid}.
     */
    static boolean signal(Process process, String signal) {
        String name = signal.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        if (!process.isAlive()) {
            return false;
        }
        switch (name) {
            case "TERM", "15" -> {
                // by pid: a pty conduit's process (pty4j) has no toHandle()
                return ProcessHandle.of(process.pid()).map(ProcessHandle::destroy).orElse(false);
            }
            case "KILL", "9" -> {
                return ProcessHandle.of(process.pid()).map(ProcessHandle::destroyForcibly).orElse(false);
            }
            default -> {
                try {
                    Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    return k.waitFor(10, TimeUnit.SECONDS) && k.exitValue() == 0;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** {@link Run.Builder#create}'s checks of the parameters together. */
    static void check(Run.Builder b) {
        if (b.command == null) {
            throw new IllegalArgumentException("Run needs a program: command(...), shell(...) or javaMain(...)");
        }
        if (b.redirectStdin != null && b.stdinEvent != null || b.redirectStdout != null && b.stdoutEvent != null
                || b.redirectStderr != null && b.stderrEvent != null) {
            throw new IllegalArgumentException("Run: a redirect and its stream's event are mutually exclusive"
                    + " (redirectStdin/stdinEvent, redirectStdout or redirectOutput/stdoutEvent,"
                    + " redirectStderr or redirectOutput/stderrEvent)");
        }
        boolean redirected = b.redirectStdin != null || b.redirectStdout != null || b.redirectStderr != null;
        if (redirected && !"pipe".equals(b.conduit)) {
            throw new IllegalArgumentException("Run: redirection with conduit '" + b.conduit + "' is unsupported"
                    + " (as in POE); use the pipe conduit");
        }
        switch (b.conduit) {
            case "pipe" -> {
                if (b.winsize != null) {
                    throw new IllegalArgumentException("Run: winsize(...) needs conduit pty or pty-pipe");
                }
            }
            case "pty", "pty-pipe" -> checkPty4j(b.conduit);
            default -> throw new IllegalArgumentException("Run: unknown conduit '" + b.conduit
                    + "'; known: pipe, pty, pty-pipe");
        }
    }

    /** A copy of a builder whose settings nobody changes, for a start on another thread. */
    static Run.Builder copy(Run.Builder b) {
        Run.Builder c = Run.builder();
        c.command = b.command;
        c.env.putAll(b.env);
        c.clearEnv = b.clearEnv;
        c.directory = b.directory;
        c.conduit = b.conduit;
        c.winsize = b.winsize;
        c.stdinFilter = b.stdinFilter;
        c.stdoutFilter = b.stdoutFilter;
        c.stderrFilter = b.stderrFilter;
        c.stdinDriver = b.stdinDriver;
        c.stdoutDriver = b.stdoutDriver;
        c.stderrDriver = b.stderrDriver;
        c.stdoutEvent = b.stdoutEvent;
        c.stderrEvent = b.stderrEvent;
        c.stdinEvent = b.stdinEvent;
        c.errorEvent = b.errorEvent;
        c.closeEvent = b.closeEvent;
        c.noStdin = b.noStdin;
        c.redirectStdin = b.redirectStdin;
        c.redirectStdout = b.redirectStdout;
        c.redirectStderr = b.redirectStderr;
        return c;
    }
}
