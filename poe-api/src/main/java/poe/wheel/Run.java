package poe.wheel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import poe.EventContext;
import poe.Kernel;
import poe.driver.Driver;
import poe.filter.Filter;
import poe.filter.Line;
import poe.pipe.OneWay;

/**
 * Runs a child process and talks to it through filtered events (POE::Wheel::Run): what the
 * child writes to stdout and stderr arrives record by record as StdoutEvent and
 * StderrEvent; {@link #put} sends records to its stdin.
 *
 * <pre>{@code
 * Session.builder()
 *     .on("_start", ev -> {
 *         Run run = Run.builder()
 *             .command("sort", "-n")                  // or shell("..."), javaMain(Worker.class, "x")
 *             .stdoutEvent("got_line").closeEvent("child_closed")
 *             .create(ev.kernel());
 *         ev.kernel().sigChild(run.pid(), "reaped"); // later: reaped("CHLD", pid, exit status)
 *         run.put("3", "1", "2");
 *         run.shutdownStdin();
 *         ev.<Map<String, Object>>heap().put("run", run);
 *     })
 *     .on("got_line", ev -> System.out.println(ev.<String>arg(Run.ARG_OUTPUT)))
 *     .on("child_closed", ev -> ((Run) ev.<Map<String, Object>>heap().get("run")).close())
 *     .on("reaped", ev -> System.out.println("exit " + ev.arg(2)))
 *     .heap(new HashMap<String, Object>())
 *     .create(kernel);
 * }</pre>
 *
 * <h2>Events</h2>
 * <table>
 *   <caption>Run's events and their arguments</caption>
 *   <tr><th>event</th><th>arguments</th></tr>
 *   <tr><td>StdoutEvent</td><td>the record, the wheel ID</td></tr>
 *   <tr><td>StderrEvent</td><td>the record, the wheel ID</td></tr>
 *   <tr><td>StdinEvent</td><td>the wheel ID: everything put has been handed on</td></tr>
 *   <tr><td>ErrorEvent</td><td>operation ({@code read}, {@code write}), errno name
 *       ({@link ErrnoNames#EOF "0"} when an output ends), message, wheel ID, stream
 *       ({@code STDIN}, {@code STDOUT}, {@code STDERR})</td></tr>
 *   <tr><td>CloseEvent</td><td>the wheel ID: every output of the child is closed, and all
 *       of it was delivered before</td></tr>
 *   <tr><td>started ({@link Builder#createInBackground} only)</td><td>the {@link Run}, its
 *       pid, the wheel ID: before any other event of the wheel</td></tr>
 *   <tr><td>failed ({@link Builder#createInBackground} only)</td><td>{@code spawn}, errno
 *       name, message, wheel ID: the child could not be started</td></tr>
 * </table>
 *
 * <p>The exit status comes from the kernel: {@code kernel.sigChild(run.pid(), "reaped")}
 * (the wheel gives its {@link Process} to {@link Kernel#watchProcess}, so the status is
 * the real one). A program that cannot be started makes {@link Builder#create} throw an
 * {@link UncheckedIOException} with the system's reason (e.g. {@code error=2, No such file
 * or directory}); nothing is left behind.
 *
 * <h2>Starting in the background</h2>
 * {@link Builder#create} returns once the child runs, as POE's constructor returns after
 * the fork, so {@link #pid()} is known at once. A Java {@link ProcessBuilder} takes 1-3 ms
 * for that (it waits for the child's exec), and the kernel serves no other session
 * meanwhile. A program that starts many children, or must stay responsive while it does,
 * uses {@link Builder#createInBackground}: the start runs on a spawner thread, and the wheel
 * arrives in an event. Spawner threads ({@code poe-run-spawn-N}) are shared by the JVM, as
 * many as it has processors (at least four, or {@code -Dpoe.run.spawners=N}), and end when
 * idle for a second.
 *
 * <h2>Threads</h2>
 * On Linux the child writes its stdout and stderr into pipes the kernel selects, as POE
 * does: no thread reads them, 200 children cost 400 descriptors in the kernel's selector
 * and no thread of their own, and a flood is read as fast as a plain {@code Process}
 * read (the package-private {@code DirectPipe} says how: {@link ProcessBuilder} redirects
 * the stream to the pipe's {@code /proc/self/fd} path). {@code -Dpoe.run.directPipes=false}
 * turns that off. Elsewhere, Java cannot select a {@link Process}'s pipes. Instead of a
 * pump thread per stream, one
 * thread ({@code poe-run-pump}) polls every child's stdout and stderr for the JVM and hands
 * what it reads to the wheel, ringing a selectable pipe as a doorbell (see the
 * package-private {@code ChildPump}); it waits while the wheel is behind, and is woken
 * when a child exits. A stream that
 * floods (256 KiB without a pause) is handed to a thread of its own that reads it with
 * blocking reads, as fast as a plain {@code Process} read, for at most as many streams at
 * once as the machine has processors (at least two); the others stay with the pump. The
 * end of a stream is read by such a thread too, once the child has exited. Stdin gets a
 * writer thread ({@link OneWay#to}) only once something is {@link #put} to it. The JDK
 * itself keeps a "process reaper" thread per running child to wait for its exit; that
 * cannot be avoided with {@link Process}. So N children that only write cost N reaper
 * threads plus a few, not 3N. NuProcess was considered and not used (see the project's
 * notes): it reports exit statuses its own way (127 and signals folded into other
 * values), reaps children with its own {@code waitpid} (no {@link Process}, so the
 * kernel's {@code sigChild} could not give the status), offers no way to stop reading
 * stdout for back-pressure other than blocking its shared event thread, and brings JNA.
 *
 * <h2>Conduits: pipes and ptys</h2>
 * {@link Builder#conduit(Conduit) conduit(PIPE)} (the default) gives the child three pipes.
 * {@code PTY} gives it one pseudo-terminal for stdin, stdout and stderr: stderr arrives as
 * StdoutEvent and there is no StderrEvent (POE's {@code pty}). {@code PTY_PIPE} puts stdin
 * and stdout on the terminal and stderr on its own pipe (POE's {@code pty-pipe}). The child
 * sees a terminal ({@code tty}, {@code test -t 0}) in raw mode without echo, as POE's
 * {@code set_raw} leaves it, with the window size of {@link Builder#winsize} (rows,
 * columns and optional pixels; {@link #setWinsize} changes it later and the child gets
 * SIGWINCH). {@code pid()}, {@code kill()} and the exit status through {@code sigChild}
 * work as with pipes.
 *
 * <pre>{@code
 * Run run = Run.builder().conduit(Run.Conduit.PTY).winsize(24, 80)
 *     .command("top", "-b", "-n", "1")
 *     .stdoutEvent("line").closeEvent("closed")
 *     .create(ev.kernel());
 * }</pre>
 *
 * <p>Ptys come from <a href="https://github.com/JetBrains/pty4j">pty4j</a>
 * ({@code org.jetbrains.pty4j:pty4j:0.13.4}, which brings JNA, kotlin-stdlib and slf4j-api).
 * It is an <em>optional</em> dependency of poe-api: an application that uses the pty
 * conduits declares it; without it, {@link Builder#create} refuses them with an
 * {@link UnsupportedOperationException} naming the artifact, and the pipe conduit needs
 * none of it. How it works: the child starts as {@code /bin/sh} running a short wrapper
 * that sets the terminal raw ({@code stty}), for {@code pty-pipe} sends stderr into a FIFO
 * the parent reads, prints a marker and waits for one byte; the parent drops what came
 * before the marker, sets the window size (Linux: {@code ioctl(TIOCSWINSZ)} through JNA,
 * so the pixels too), sends the byte and only then lets {@link #put} data through; the
 * wrapper then {@code exec}s the program, so {@link #pid()} is the program's. A program
 * that cannot be found is refused at {@code create} with {@code error=2}, as for pipes.
 * A pty costs a reader thread ({@code poe-run-pty-N}), and for {@code pty-pipe} a stderr
 * thread; the pump thread is for pipes only.
 *
 * <h2>Redirects</h2>
 * {@link Builder#redirectStdin}, {@link Builder#redirectStdout}, {@link Builder#redirectStderr}
 * and {@link Builder#redirectOutput} (both, in order, into one file) connect the child's
 * streams to files instead of the wheel, as POE's Redirect* with file names; a redirected
 * stream has no event (it is an error to ask for both) and, for stdin, no {@link #put}.
 * POE's Redirect* with a filehandle the parent made has no Java form: a {@link Process}
 * can only be given files, not the parent's pipes.
 *
 * <h2>Back-pressure</h2>
 * With direct pipes (Linux), nothing is held between the child and the session but the
 * pipe itself (64 KiB) and one read: when the session is slow or has called
 * {@link #pauseStdout()}, the kernel stops reading the pipe, it fills, and the child blocks
 * in its write. Through the pump, at most 320 KiB per stream (four 64 KiB chunks waiting and
 * one being read) is held: the pump stops reading that child and its pipe fills. The
 * chunks the pump reads reach the filter as they are, not copied
 * through a pipe (with the default driver; a {@code stdoutDriver} of the user's reads the
 * bytes from a pipe, with one chunk held).
 *
 * <h2>Differences from POE</h2>
 * <ul>
 *   <li>POE's code-reference Program becomes {@link Builder#javaMain}: a class's
 *       {@code main} in a child JVM with this JVM's class path.</li>
 *   <li>On a pty, {@link #shutdownStdin()} only stops {@link #put}: the terminal stays
 *       open and the child reads no end of input (in POE, too, the shutdown of a pty
 *       handle fails and the handle is kept). {@link Builder#noStdin(boolean) noStdin} likewise refuses puts but
 *       the child's stdin is still the terminal. Closing the wheel closes the terminal,
 *       which hangs up a child still running on it (SIGHUP).</li>
 *   <li>With {@code pty-pipe} and neither StderrEvent nor CloseEvent, the child's stderr
 *       goes to the null device.</li>
 *   <li>An output without an event (neither its own event nor CloseEvent) goes to the
 *       null device, as POE creates no parent side for it.</li>
 *   <li>StdinEvent means the records were handed to the child's stdin writer (a pipe away
 *       from the child), not that the child read them.</li>
 * </ul>
 */
public final class Run extends AbstractWheel {

    /** StdoutEvent, StderrEvent: the record. */
    public static final int ARG_OUTPUT = 0;
    /** StdoutEvent, StderrEvent: the wheel ID. */
    public static final int ARG_OUTPUT_WHEEL_ID = 1;
    /** ErrorEvent: the operation. */
    public static final int ARG_OPERATION = 0;
    /** ErrorEvent: the errno name; {@link ErrnoNames#EOF} when an output ended. */
    public static final int ARG_ERRNO = 1;
    /** ErrorEvent: the message. */
    public static final int ARG_MESSAGE = 2;
    /** ErrorEvent: the wheel ID. */
    public static final int ARG_ERROR_WHEEL_ID = 3;
    /** ErrorEvent: the stream, {@code STDIN}, {@code STDOUT} or {@code STDERR}. */
    public static final int ARG_HANDLE = 4;

    private static final List<String> EVENT_KINDS =
            List.of("StdoutEvent", "StderrEvent", "StdinEvent", "ErrorEvent", "CloseEvent");

    private final Process process;
    /** The terminal of the pty conduits, else null. */
    private final PtyConduit pty;
    private final ReadWrite stdout;
    private final ReadWrite stderr;
    /** The pump's feeds of the pipe conduit's stdout and stderr (null when not captured, on a pty or direct). */
    private final ChildPump.Feed stdoutFeed;
    private final ChildPump.Feed stderrFeed;
    private ReadWrite stdin;
    private boolean stdinShut;
    private final boolean noStdin;
    private final Filter<byte[], ?> stdinFilter;
    private final Driver stdinDriver;

    private String stdoutEvent;
    private String stderrEvent;
    private String stdinEvent;
    private String errorEvent;
    private String closeEvent;
    private int openOutputs;

    private final String outState;
    private final String outErrState;
    private final String errState;
    private final String errErrState;
    private final String inFlushedState;
    private final String inErrState;

    Run(Builder b, Kernel kernel, RunLaunch launch, long id) {
        super(kernel, "Run", id);
        this.stdoutEvent = b.stdoutEvent;
        this.stderrEvent = b.stderrEvent;
        this.stdinEvent = b.stdinEvent;
        this.errorEvent = b.errorEvent;
        this.closeEvent = b.closeEvent;
        this.noStdin = b.noStdin || b.redirectStdin != null;
        this.stdinFilter = b.stdinFilter != null ? b.stdinFilter : Line.create();
        this.stdinDriver = b.stdinDriver;
        this.pty = launch.pty;
        this.process = launch.process;
        DirectPipe outPipe = launch.outPipe;
        DirectPipe errPipe = launch.errPipe;
        boolean wantOut = launch.wantOut;
        boolean wantErr = launch.wantErr;
        kernel.watchProcess(process);
        this.outState = stateName("stdout");
        this.outErrState = stateName("stdout error");
        this.errState = stateName("stderr");
        this.errErrState = stateName("stderr error");
        this.inFlushedState = stateName("stdin flushed");
        this.inErrState = stateName("stdin error");
        defineState(outState, ev -> emit(stdoutEvent, ev.arg(0), id));
        defineState(errState, ev -> emit(stderrEvent, ev.arg(0), id));
        defineState(outErrState, ev -> onOutputError(ev, "STDOUT"));
        defineState(errErrState, ev -> onOutputError(ev, "STDERR"));
        defineState(inFlushedState, ev -> emit(stdinEvent, id));
        defineState(inErrState, ev -> emit(errorEvent, ev.arg(0), ev.arg(1), ev.arg(2), id, "STDIN"));

        ChildPump pump = ChildPump.get();
        ReadWrite out = null;
        ReadWrite err = null;
        ChildPump.Feed outFeed = null;
        ChildPump.Feed errFeed = null;
        try {
            if (wantOut) {
                // a pumped stream's driver: the user's, or the relay (chunks go on without a copy)
                outFeed = pty != null || outPipe != null ? null
                        : pump.register(process.getInputStream(), process, b.stdoutDriver == null);
                out = reader(pty != null ? pty.stdout.read() : outPipe != null ? outPipe.source() : outFeed.source,
                        b.stdoutFilter, outFeed == null || b.stdoutDriver != null ? b.stdoutDriver : outFeed.relay,
                        outState, outErrState);
                openOutputs++;
            }
            if (wantErr) {
                errFeed = pty != null || errPipe != null ? null
                        : pump.register(process.getErrorStream(), process, b.stderrDriver == null);
                err = reader(pty != null ? pty.stderr : errPipe != null ? errPipe.source() : errFeed.source,
                        b.stderrFilter, errFeed == null || b.stderrDriver != null ? b.stderrDriver : errFeed.relay,
                        errState, errErrState);
                openOutputs++;
            }
        } catch (IOException e) {
            process.destroyForcibly();
            if (out != null) {
                out.close();
            }
            launch.closePipes();                             // closing twice does no harm
            removeStates();
            throw new UncheckedIOException("Run: no pipe for the child's output: " + message(e), e);
        }
        if (outFeed != null || errFeed != null) {
            pump.wakeOnExit(process);
        }
        this.stdout = out;
        this.stderr = err;
        this.stdoutFeed = outFeed;
        this.stderrFeed = errFeed;
        tie();
    }

    private ReadWrite reader(ReadableByteChannel source, Filter<byte[], ?> filter, Driver driver,
            String inputState, String errorState) {
        ReadWrite.Builder rb = ReadWrite.builder()
                .inputHandle(source).outputHandle(new RunSupport.NullChannel())
                .filter(filter != null ? filter : Line.create())
                .inputEvent(inputState).errorEvent(errorState);
        if (driver != null) {
            rb.driver(driver);
        }
        return rb.create(kernel);
    }

    private void onOutputError(EventContext ev, String handle) {
        String op = ev.arg(0);
        String errno = ev.arg(1);
        emit(errorEvent, op, errno, ev.arg(2), id, handle);
        if (isClosed()) {
            return;                                          // the error handler closed the wheel
        }
        if ("read".equals(op)) {
            ReadWrite rw = "STDOUT".equals(handle) ? stdout : stderr;
            if (rw != null && !rw.isClosed() && !ErrnoNames.EOF.equals(errno)
                    && !"EMSGSIZE".equals(errno) && !"EBADMSG".equals(errno)) {
                rw.close();                                   // a real read failure ends the stream too
            }
            if (ErrnoNames.EOF.equals(errno) || (rw != null && rw.isClosed())) {
                if (rw != null && !rw.isClosed()) {
                    rw.close();
                }
                if (--openOutputs == 0) {
                    emit(closeEvent, id);
                }
            }
        }
    }

    /** The ways the child's standard streams are connected (POE's Conduit). */
    public enum Conduit {
        /** Three pipes (the default). */
        PIPE("pipe"),
        /** One terminal for stdin and stdout; stderr is merged into it. */
        PTY("pty"),
        /** A terminal for stdin and stdout, a pipe for stderr. */
        PTY_PIPE("pty-pipe");

        final String poeName;

        Conduit(String poeName) {
            this.poeName = poeName;
        }
    }

    /**
     * Changes the terminal's window size of a pty conduit; the child gets SIGWINCH.
     *
     * @throws IllegalStateException with the pipe conduit
     */
    public void setWinsize(int rows, int cols, int xpixel, int ypixel) {
        checkUse("setWinsize");
        if (pty == null) {
            throw new IllegalStateException(this + ": setWinsize() needs conduit pty or pty-pipe");
        }
        pty.setWinsize(rows, cols, xpixel, ypixel);
    }

    /** Changes the terminal's window size in characters (pixels as POE guesses: 9 × 16 a cell). */
    public void setWinsize(int rows, int cols) {
        setWinsize(rows, cols, cols * 9, rows * 16);
    }

    /** A builder for a Run wheel. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ stdin

    /**
     * Encodes records with the stdin filter and queues them for the child's stdin.
     *
     * @param records one or more records (strings for the Line filter)
     * @throws IllegalStateException after {@link #shutdownStdin()} or with noStdin
     */
    public void put(Object... records) {
        checkUse("put");
        stdinWheel("put").putAll(List.of(records));
    }

    /**
     * Queues a list of records for the child's stdin.
     *
     * @param records the records
     */
    public void putAll(List<?> records) {
        checkUse("putAll");
        stdinWheel("putAll").putAll(records);
    }

    private ReadWrite stdinWheel(String method) {
        if (noStdin) {
            throw new IllegalStateException(this + ": " + method + "() but the wheel was made with noStdin()"
                    + " or redirectStdin()");
        }
        if (stdinShut) {
            throw new IllegalStateException(this + ": " + method + "() after shutdownStdin(): the child's stdin"
                    + " is closed");
        }
        if (stdin == null) {
            OneWay pipe;
            try {
                pipe = OneWay.to(pty != null ? pty.stdin : process.getOutputStream(), "poe-run-stdin-" + id);
            } catch (IOException e) {
                throw new UncheckedIOException(this + ": no pipe for the child's stdin: " + message(e), e);
            }
            ReadWrite.Builder rb = ReadWrite.builder()
                    .inputHandle(new RunSupport.NullChannel()).outputHandle(pipe.write())
                    .filter(stdinFilter)
                    .flushedEvent(inFlushedState).errorEvent(inErrState);
            if (stdinDriver != null) {
                rb.driver(stdinDriver);
            }
            stdin = rb.create(kernel);
        }
        return stdin;
    }

    /**
     * Closes the child's stdin once what was put is written, so the child reads end of
     * input. {@link #put} is refused afterwards.
     */
    public void shutdownStdin() {
        checkUse("shutdownStdin");
        if (stdinShut || noStdin) {
            stdinShut = true;
            return;
        }
        stdinShut = true;
        if (stdin != null) {
            stdin.shutdownOutput();
        } else if (pty == null) {
            closeQuietly(process.getOutputStream());
        }
    }

    // ------------------------------------------------------------------ output flow

    /** Stops delivering stdout until {@link #resumeStdout()}; the child blocks once the pipes fill. */
    public void pauseStdout() {
        checkUse("pauseStdout");
        if (stdout != null && !stdout.isClosed()) {
            stdout.pauseInput();
        }
    }

    /** Resumes stdout after {@link #pauseStdout()}. */
    public void resumeStdout() {
        checkUse("resumeStdout");
        if (stdout != null && !stdout.isClosed()) {
            stdout.resumeInput();
        }
    }

    /** Stops delivering stderr until {@link #resumeStderr()}. */
    public void pauseStderr() {
        checkUse("pauseStderr");
        if (stderr != null && !stderr.isClosed()) {
            stderr.pauseInput();
        }
    }

    /** Resumes stderr after {@link #pauseStderr()}. */
    public void resumeStderr() {
        checkUse("resumeStderr");
        if (stderr != null && !stderr.isClosed()) {
            stderr.resumeInput();
        }
    }

    // ------------------------------------------------------------------ the process

    /** The child's process ID (POE's {@code PID}). */
    public long pid() {
        return process.pid();
    }

    /** The child as a {@link Process}. */
    public Process process() {
        return process;
    }

    /**
     * Sends TERM to the child.
     *
     * @return true if the signal was sent
     */
    public boolean kill() {
        return kill("TERM");
    }

    /**
     * Sends a signal to the child: any name the OS knows, with or without {@code SIG}, or a
     * number. TERM and KILL go through the child's {@link ProcessHandle} (as POE's
     * {@code kill}, only the signal: the pipes stay open, so what the child writes before it
     * ends still arrives, and a child that handles TERM sees no early end of its input;
     * {@link Process#destroy()} would close them); others through {@code kill -NAME pid}.
     *
     * @param signal the signal
     * @return true if the signal was sent (false when the child is gone or the name unknown)
     */
    public boolean kill(String signal) {
        return RunSupport.signal(process, Objects.requireNonNull(signal, "signal"));
    }

    // ------------------------------------------------------------------ accessors

    /** The stdin filter. */
    public Filter<byte[], ?> getStdinFilter() {
        return stdin != null ? stdin.getOutputFilter() : stdinFilter;
    }

    /** The stdout filter, or null when stdout is not captured. */
    public Filter<byte[], ?> getStdoutFilter() {
        return stdout != null ? stdout.getInputFilter() : null;
    }

    /** The stderr filter, or null when stderr is not captured. */
    public Filter<byte[], ?> getStderrFilter() {
        return stderr != null ? stderr.getInputFilter() : null;
    }

    /** Replaces the stdout filter; buffered input goes on with the new one. */
    public void setStdoutFilter(Filter<byte[], ?> filter) {
        checkUse("setStdoutFilter");
        if (stdout != null && !stdout.isClosed()) {
            stdout.setInputFilter(filter);
        }
    }

    /** Replaces the stderr filter. */
    public void setStderrFilter(Filter<byte[], ?> filter) {
        checkUse("setStderrFilter");
        if (stderr != null && !stderr.isClosed()) {
            stderr.setInputFilter(filter);
        }
    }

    /** Octets queued for the child's stdin and not yet written (POE's get_driver_out_octets). */
    public long getDriverOutOctets() {
        return stdin != null && !stdin.isClosed() ? stdin.getDriverOutOctets() : 0;
    }

    /** Messages queued for the child's stdin (POE's get_driver_out_messages). */
    public int getDriverOutMessages() {
        return stdin != null && !stdin.isClosed() ? stdin.getDriverOutMessages() : 0;
    }

    /**
     * Renames events at run time: pairs of kind ({@code StdoutEvent}, {@code StderrEvent},
     * {@code StdinEvent}, {@code ErrorEvent}, {@code CloseEvent}) and the new name, or null
     * to stop sending it. An output captured at creation stays captured.
     *
     * @param kindsAndNames kind, name, kind, name, ...
     */
    public void event(String... kindsAndNames) {
        checkUse("event");
        checkEventPairs(EVENT_KINDS, kindsAndNames);
        for (int i = 0; i < kindsAndNames.length; i += 2) {
            String name = kindsAndNames[i + 1];
            switch (kindsAndNames[i]) {
                case "StdoutEvent" -> stdoutEvent = name;
                case "StderrEvent" -> stderrEvent = name;
                case "StdinEvent" -> stdinEvent = name;
                case "ErrorEvent" -> errorEvent = name;
                default -> closeEvent = name;
            }
        }
    }

    // ------------------------------------------------------------------ closing

    @Override
    void removeFromOwner() {
        for (ReadWrite rw : new ReadWrite[] {stdout, stderr, stdin}) {
            if (rw != null && !rw.isClosed()) {
                rw.close();
            }
        }
        removeStates();
    }

    private void removeStates() {
        for (String s : List.of(outState, outErrState, errState, errErrState, inFlushedState, inErrState)) {
            kernel.state(s, null);
        }
    }

    @Override
    void releaseResources() {
        // the ReadWrites closed the pipes (or the owner's stop did); the pump then closes the
        // child's streams. A stdin never written to is closed here.
        if (pty != null) {
            pty.close();
        } else {
            for (ChildPump.Feed f : new ChildPump.Feed[] {stdoutFeed, stderrFeed}) {
                if (f != null) {
                    ChildPump.get().cancel(f);                // an owner thread waiting for room ends
                }
            }
            if (stdin == null) {
                closeQuietly(process.getOutputStream());
            }
        }
    }

    // ------------------------------------------------------------------ builder

    /**
     * Builds a {@link Run} (POE's constructor parameters, one method each).
     *
     * <pre>{@code
     * Run run = Run.builder()
     *     .javaMain(Worker.class, "--jobs", "3")
     *     .env(Map.of("LANG", "C")).directory(Path.of("/tmp"))
     *     .stdoutEvent("out").stderrEvent("err").errorEvent("failed").closeEvent("closed")
     *     .create(ev.kernel());
     * }</pre>
     */
    public static final class Builder {
        List<String> command;
        final Map<String, String> env = new LinkedHashMap<>();
        boolean clearEnv;
        Path directory;
        String conduit = "pipe";
        int[] winsize;
        Filter<byte[], ?> stdinFilter;
        Filter<byte[], ?> stdoutFilter;
        Filter<byte[], ?> stderrFilter;
        Driver stdinDriver;
        Driver stdoutDriver;
        Driver stderrDriver;
        String stdoutEvent;
        String stderrEvent;
        String stdinEvent;
        String errorEvent;
        String closeEvent;
        boolean noStdin;
        Path redirectStdin;
        Path redirectStdout;
        Path redirectStderr;

        private Builder() {
        }

        /** The program and its arguments, run without a shell (POE's Program + ProgramArgs). */
        public Builder command(List<String> commandAndArgs) {
            if (commandAndArgs == null || commandAndArgs.isEmpty()) {
                throw new IllegalArgumentException("Run: command(...) needs at least the program");
            }
            this.command = List.copyOf(commandAndArgs);
            return this;
        }

        /** The program and its arguments, run without a shell. */
        public Builder command(String program, String... args) {
            List<String> c = new ArrayList<>();
            c.add(Objects.requireNonNull(program, "program"));
            c.addAll(List.of(args));
            return command(c);
        }

        /** A shell command line, run by {@code /bin/sh -c} (POE's Program as a string). */
        public Builder shell(String commandLine) {
            return command(List.of("/bin/sh", "-c", Objects.requireNonNull(commandLine, "commandLine")));
        }

        /**
         * A class's {@code main} run in a child JVM with this JVM's class path (POE's Program
         * as a code reference): the same {@code java} as this JVM; the class path is where
         * {@code mainClass} was loaded from, its class loader's URLs and {@code java.class.path}.
         *
         * @param mainClass a class with {@code public static void main(String[])}
         * @param args      its arguments
         */
        public Builder javaMain(Class<?> mainClass, String... args) {
            return command(RunSupport.javaCommand(mainClass, args));
        }

        /** Adds or replaces an environment variable of the child (null removes it). */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /** Adds or replaces environment variables of the child. */
        public Builder env(Map<String, String> vars) {
            vars.forEach(this::env);
            return this;
        }

        /** Starts the child with only the variables given by {@link #env}, not this JVM's. */
        public Builder clearEnv(boolean clear) {
            this.clearEnv = clear;
            return this;
        }

        /** The child's working directory. */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /**
         * {@code pipe} (the default), {@code pty} (stdin, stdout and stderr on one terminal)
         * or {@code pty-pipe} (stdin and stdout on a terminal, stderr on a pipe). The pty
         * conduits need pty4j on the class path.
         */
        public Builder conduit(String conduit) {
            this.conduit = Objects.requireNonNull(conduit, "conduit");
            return this;
        }

        /** The conduit as a constant. */
        public Builder conduit(Conduit conduit) {
            return conduit(Objects.requireNonNull(conduit, "conduit").poeName);
        }

        /** The terminal's window size for the pty conduits (POE's Winsize with two elements). */
        public Builder winsize(int rows, int cols) {
            return winsize(rows, cols, cols * 9, rows * 16);
        }

        /** The terminal's window size in characters and pixels (POE's Winsize with four elements). */
        public Builder winsize(int rows, int cols, int xpixel, int ypixel) {
            if (rows < 0 || cols < 0 || xpixel < 0 || ypixel < 0 || rows > 0xffff || cols > 0xffff
                    || xpixel > 0xffff || ypixel > 0xffff) {
                throw new IllegalArgumentException("Run: winsize values must be 0..65535, got " + rows + ", " + cols
                        + ", " + xpixel + ", " + ypixel);
            }
            this.winsize = new int[] {rows, cols, xpixel, ypixel};
            return this;
        }

        /** One filter for stdin and stdout (POE's StdioFilter). */
        public Builder stdioFilter(Filter<byte[], ?> filter) {
            this.stdinFilter = filter;
            this.stdoutFilter = filter;
            return this;
        }

        /** The filter that encodes records put to stdin (Line by default). */
        public Builder stdinFilter(Filter<byte[], ?> filter) {
            this.stdinFilter = filter;
            return this;
        }

        /** The filter that frames stdout (Line by default). */
        public Builder stdoutFilter(Filter<byte[], ?> filter) {
            this.stdoutFilter = filter;
            return this;
        }

        /** The filter that frames stderr (Line by default). */
        public Builder stderrFilter(Filter<byte[], ?> filter) {
            this.stderrFilter = filter;
            return this;
        }

        /** The driver for stdin (SysRW by default). */
        public Builder stdinDriver(Driver driver) {
            this.stdinDriver = driver;
            return this;
        }

        /** The driver for stdout (SysRW by default). */
        public Builder stdoutDriver(Driver driver) {
            this.stdoutDriver = driver;
            return this;
        }

        /** The driver for stderr (SysRW by default). */
        public Builder stderrDriver(Driver driver) {
            this.stderrDriver = driver;
            return this;
        }

        /** StdoutEvent: (record, wheel ID). */
        public Builder stdoutEvent(String event) {
            this.stdoutEvent = event;
            return this;
        }

        /** StderrEvent: (record, wheel ID). */
        public Builder stderrEvent(String event) {
            this.stderrEvent = event;
            return this;
        }

        /** StdinEvent: (wheel ID), when what was put has been handed on. */
        public Builder stdinEvent(String event) {
            this.stdinEvent = event;
            return this;
        }

        /** ErrorEvent: (operation, errno name, message, wheel ID, stream). */
        public Builder errorEvent(String event) {
            this.errorEvent = event;
            return this;
        }

        /** CloseEvent: (wheel ID), when every output is closed. */
        public Builder closeEvent(String event) {
            this.closeEvent = event;
            return this;
        }

        /** No stdin for the child: it reads end of input at once (POE's NoStdin). */
        public Builder noStdin(boolean none) {
            this.noStdin = none;
            return this;
        }

        /**
         * The child reads its stdin from this file (POE's RedirectStdin with a file name);
         * the wheel has no stdin then and refuses {@link Run#put}. Not with StdinEvent.
         */
        public Builder redirectStdin(Path file) {
            this.redirectStdin = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The child's stdout goes into this file, truncated first (POE's RedirectStdout). Not with StdoutEvent. */
        public Builder redirectStdout(Path file) {
            this.redirectStdout = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The child's stderr goes into this file, truncated first (POE's RedirectStderr). Not with StderrEvent. */
        public Builder redirectStderr(Path file) {
            this.redirectStderr = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * The child's stdout and stderr both go into this file, as {@code > file 2>&1} in a
         * shell: one open file, so what the child writes stays in order (POE's RedirectOutput).
         * Not with StdoutEvent or StderrEvent.
         */
        public Builder redirectOutput(Path file) {
            this.redirectStdout = Objects.requireNonNull(file, "file");
            this.redirectStderr = file;
            return this;
        }

        /**
         * Starts the child and the wheel.
         *
         * @param kernel the kernel; call this in a handler of the session that will own the wheel
         * @return the wheel
         * @throws IllegalArgumentException for a missing program, an unknown conduit, a
         *     redirect together with its stream's event or with a pty conduit
         * @throws UnsupportedOperationException for the {@code pty} conduits without pty4j
         * @throws UncheckedIOException when the program cannot be started, with the reason
         */
        public Run create(Kernel kernel) {
            RunSupport.check(this);
            long id = AbstractWheel.nextId();
            return new Run(this, kernel, RunLaunch.start(this, command, id), id);
        }

        /**
         * Starts the child on a spawner thread and returns at once, where {@link #create}
         * blocks the kernel's thread until the child runs ({@link ProcessBuilder} waits for
         * the exec: 1-3 ms, during which no other session is served). When the child runs,
         * the owner gets {@code startedEvent} with (the {@link Run}, its pid, the wheel ID)
         * from a handler of the wheel's own, and from then on the wheel is as if made by
         * {@link #create}; the first output comes after it. If the child cannot be started,
         * the owner gets {@code failedEvent} with ({@code "spawn"}, errno name, message,
         * wheel ID) instead. The owner stays alive until one of them comes; should it stop
         * before, the child is killed. This builder may be changed or reused at once.
         *
         * <pre>{@code
         * long id = Run.builder().command("make", "-j4").stdoutEvent("out").closeEvent("closed")
         *     .createInBackground(ev.kernel(), "started", "failed");
         * // "started": ev.arg(0) is the Run, ev.arg(1) its pid (for sigChild), ev.arg(2) == id
         * }</pre>
         *
         * @return the ID the wheel will have (its events and the started or failed event carry it)
         * @throws IllegalArgumentException as {@link #create}, or for a null event name
         * @throws IllegalStateException outside a handler of the session that will own the wheel
         */
        public long createInBackground(Kernel kernel, String startedEvent, String failedEvent) {
            Objects.requireNonNull(kernel, "kernel");
            if (startedEvent == null || failedEvent == null) {
                throw new IllegalArgumentException("Run.createInBackground needs a started and a failed event (got "
                        + startedEvent + ", " + failedEvent + "): the wheel arrives with the first, a failure with"
                        + " the second");
            }
            RunSupport.check(this);
            return RunInBackground.start(RunSupport.copy(this), command, kernel, startedEvent, failedEvent);
        }
    }
}
