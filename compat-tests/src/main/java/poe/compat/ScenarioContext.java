package poe.compat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.opentest4j.AssertionFailedError;

import poe.Kernel;

/**
 * What a {@link LoopTest} method gets: a fresh kernel on the loop under test, the drive
 * mode, and {@link #drive()}. The harness makes one per invocation, creates its kernel on
 * the scenario thread (see {@link LoopFixture#execute}), and after the method returns
 * checks that nothing leaked: no session left, no channel registration left in the loop,
 * no thread the scenario started still running. Then it closes the kernel.
 *
 * <pre>{@code
 * @LoopTest
 * void yieldsInOrder(ScenarioContext ctx) {
 *     List<Integer> seen = new ArrayList<>();
 *     Session.builder()
 *         .on("_start", ev -> { ev.kernel().yield("n", 1); ev.kernel().yield("n", 2); })
 *         .on("n", ev -> seen.add(ev.arg(0)))
 *         .create(ctx.kernel());
 *     ctx.drive();
 *     assertEquals(List.of(1, 2), seen);
 * }
 * }</pre>
 *
 * <p>Keep results in the test method's locals (or other objects outside session heaps)
 * and assert after {@link #drive()}: a failed assertion inside a handler becomes POE's DIE
 * signal, which the kernel rethrows out of {@code run()}, so it fails the test too, but
 * asserting afterwards gives clearer messages.
 */
public final class ScenarioContext {

    /** Extra time granted to threads the scenario started to finish before they count as leaked. */
    private static final Duration THREAD_GRACE = Duration.ofSeconds(2);

    private final LoopFixture fixture;
    private final DriveMode mode;
    private final String testName;
    private final Duration timeout;

    private volatile Kernel kernel;
    private volatile Thread scenarioThread;
    private volatile Instant deadline;
    private Set<Thread> threadsBefore = Set.of();
    private ScheduledFuture<?> invocationDog;

    private final Object tripLock = new Object();
    private String tripReason;
    private String tripDump;
    private boolean finished;

    ScenarioContext(LoopFixture fixture, DriveMode mode, String testName, Duration timeout) {
        this.fixture = Objects.requireNonNull(fixture, "fixture");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.testName = testName;
        this.timeout = timeout;
    }

    // ------------------------------------------------------------------ for tests

    /** The kernel under test, on {@link #loopName()}'s loop. Use it on the scenario thread. */
    public Kernel kernel() {
        Kernel k = kernel;
        if (k == null) {
            throw new IllegalStateException("the kernel exists only while the scenario runs (inside the @LoopTest method)");
        }
        return k;
    }

    /** The loop under test, e.g. {@code select}. */
    public String loopName() {
        return fixture.loopName();
    }

    /** The drive mode of this invocation. */
    public DriveMode mode() {
        return mode;
    }

    /** The fixture running this invocation. */
    public LoopFixture fixture() {
        return fixture;
    }

    /** {@code TestClass#method [loop/mode]}, for messages. */
    public String testName() {
        return testName + " [" + loopName() + "/" + mode.label() + "]";
    }

    /** How much of the invocation's time is left. */
    public Duration remaining() {
        Instant d = deadline;
        if (d == null) {
            return timeout;
        }
        Duration left = Duration.between(Instant.now(), d);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Drives the kernel until no session is left: {@code kernel.run()} in
     * {@link DriveMode#RUN}, {@code runOneTimeslice()} until it returns false in
     * {@link DriveMode#TIMESLICE}. The invocation's timeout is the watchdog. May be called
     * again after creating new sessions (POE's "run again").
     *
     * @throws AssertionFailedError if the watchdog had to stop the kernel (with a thread dump)
     */
    public void drive() {
        drive(remaining());
    }

    /**
     * {@link #drive()} with a tighter wall-clock watchdog: when {@code limit} passes, the
     * kernel is stopped (thread-safe {@code kernel.stop()}), every thread is dumped into
     * the failure, and this throws.
     *
     * @param limit how long driving may take
     */
    public void drive(Duration limit) {
        Kernel k = kernel();
        if (Thread.currentThread() != scenarioThread) {
            throw new IllegalStateException("drive() must be called on the scenario thread '"
                    + scenarioThread.getName() + "', not on '" + Thread.currentThread().getName() + "'");
        }
        Duration left = remaining();
        Duration effective = limit.compareTo(left) < 0 ? limit : left;
        ScheduledFuture<?> dog = Watchdog.schedule(
                () -> trip("drive() did not finish within " + effective.toMillis() + " ms"), effective);
        try {
            fixture.drive(k, mode, Instant.now().plus(effective));
        } finally {
            dog.cancel(false);
        }
        throwIfTripped(null);
    }

    /**
     * Opens and shows a window of the loop's toolkit, for {@code kernel.signalUiDestroy}.
     * Only in a scenario that {@linkplain LoopTest#requires() requires}
     * {@link Capability#WINDOWS}; call it on the scenario thread.
     *
     * @param title the window's title
     * @return the window (a JavaFX {@code Stage}, an SWT {@code Shell})
     */
    public Object openWindow(String title) {
        requireWindows("openWindow");
        return fixture.openWindow(title);
    }

    /**
     * Closes a window from {@link #openWindow} as a user would: the window manager's close
     * request, handled on the toolkit's thread. Call it on the scenario thread (a handler
     * runs there).
     *
     * @param window the window
     */
    public void closeWindow(Object window) {
        requireWindows("closeWindow");
        fixture.closeWindow(Objects.requireNonNull(window, "window"));
    }

    private void requireWindows(String what) {
        if (!fixture.capabilities().contains(Capability.WINDOWS)) {
            throw new IllegalStateException(what + "() needs a loop with windows, and " + loopName()
                    + " has none: declare @LoopTest(requires = Capability.WINDOWS)");
        }
    }

    /** Whether the invocation's timeout or a {@link #drive(Duration)} watchdog fired. */
    public boolean timedOut() {
        synchronized (tripLock) {
            return tripReason != null;
        }
    }

    // ------------------------------------------------------------------ harness side

    /** Arms the invocation's timeout; the waiting (test) thread is interrupted when it trips. */
    void arm(Thread waiting) {
        this.deadline = Instant.now().plus(timeout);
        this.invocationDog = Watchdog.schedule(() -> {
            // only the waiting thread is interrupted (for select it is the scenario thread too);
            // a toolkit's own thread is left alone: stopping the kernel is what frees it
            trip("the test did not finish within its timeout of " + timeout.toMillis() + " ms");
            synchronized (tripLock) {
                if (!finished) {
                    waiting.interrupt();
                }
            }
        }, timeout);
    }

    void disarm() {
        synchronized (tripLock) {
            finished = true;
        }
        if (invocationDog != null) {
            invocationDog.cancel(false);
        }
    }

    /** The scenario: on the fixture's thread, make the kernel, run the test, check for leaks. */
    void runScenario(ScenarioBody test) throws Throwable {
        scenarioThread = Thread.currentThread();
        threadsBefore = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        threadsBefore.addAll(Thread.getAllStackTraces().keySet());
        Kernel k = fixture.createKernel();
        kernel = k;
        Throwable failure = null;
        try {
            checkRealLoop(k);
            test.run();
        } catch (Throwable t) {
            failure = t;
        }
        try {
            finish(k, failure == null && !timedOut());
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            } else {
                failure.addSuppressed(t);
            }
        }
        if (failure != null) {
            throw failure;
        }
        throwIfTripped(null);
    }

    /** Wraps a failure with the watchdog's report, if it tripped. */
    Throwable withTimeout(Throwable failure) {
        synchronized (tripLock) {
            if (tripReason == null || failure instanceof ScenarioTimeoutError) {
                return failure;
            }
            ScenarioTimeoutError e = new ScenarioTimeoutError(testName() + ": " + tripReason
                    + "; the harness stopped the kernel. All threads at that moment:\n" + tripDump);
            if (failure != null) {
                e.addSuppressed(failure);
            }
            return e;
        }
    }

    String threadDumpIfTripped() {
        synchronized (tripLock) {
            return tripDump;
        }
    }

    private void throwIfTripped(Throwable cause) {
        Throwable t = withTimeout(cause);
        if (t instanceof ScenarioTimeoutError e) {
            throw e;
        }
    }

    /** Records the first timeout, dumps the threads and stops the kernel (once). */
    private void trip(String reason) {
        synchronized (tripLock) {
            if (finished || tripReason != null) {
                return;
            }
            tripReason = reason;
            tripDump = ThreadDump.all();
        }
        System.err.println("[poe-compat] " + testName() + ": " + reason + "; stopping the kernel. Threads:\n" + tripDump);
        Kernel k = kernel;
        if (k != null) {
            try {
                k.stop();
            } catch (RuntimeException e) {
                System.err.println("[poe-compat] kernel.stop() from the watchdog failed: " + e);
            }
        }
    }

    private void checkRealLoop(Kernel k) {
        String want = fixture.loopName();
        if (!want.equals(k.loopName()) || !want.equals(k.loop().name())) {
            throw new AssertionFailedError("the kernel under test runs on the '" + k.loop().name() + "' loop ("
                    + k.loop().getClass().getName() + "), not on '" + want + "': the fixture "
                    + fixture.getClass().getName() + " fell back to another loop", want, k.loop().name());
        }
        if (!k.loop().inLoopThread()) {
            throw new AssertionFailedError("the " + want + " fixture runs the scenario on thread '"
                    + Thread.currentThread().getName() + "', which is not the loop's thread ("
                    + k.loop().loopThreadName() + ")");
        }
    }

    private void finish(Kernel k, boolean checkLeaks) {
        List<String> leaks = new ArrayList<>();
        try {
            if (checkLeaks) {
                int sessions = k.sessionCount();
                if (sessions != 0) {
                    leaks.add(sessions + " session(s) still alive (did the test call ctx.drive()?)");
                }
                List<String> regs = k.loop().registrations();
                if (!regs.isEmpty()) {
                    leaks.add("channel registrations left in the " + loopName() + " loop: " + regs);
                }
            }
            if (k.sessionCount() != 0) {
                k.stop();
            }
        } finally {
            kernel = null;
            k.close();
        }
        if (checkLeaks) {
            List<Thread> stray = strayThreads();
            if (!stray.isEmpty()) {
                StringBuilder sb = new StringBuilder("threads started by the scenario are still running:");
                for (Thread t : stray) {
                    sb.append("\n  ").append(ThreadDump.of(t, t.getStackTrace()).replace("\n", "\n  "));
                }
                leaks.add(sb.toString());
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionFailedError(testName() + " leaked:\n- " + String.join("\n- ", leaks));
        }
    }

    private List<Thread> strayThreads() {
        long until = System.nanoTime() + THREAD_GRACE.toNanos();
        List<Thread> stray = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (!threadsBefore.contains(t) && t != Thread.currentThread() && !isInfrastructure(t)) {
                stray.add(t);
            }
        }
        List<Thread> still = new ArrayList<>();
        for (Thread t : stray) {
            long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()));
            try {
                t.join(wait);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                still.add(t);
            }
        }
        return still;
    }

    private boolean isInfrastructure(Thread t) {
        String n = t.getName();
        return fixture.isToolkitThread(t)
                || n.startsWith("poe-compat-")          // this harness
                || n.equals("poe-postback-cleaner")      // the kernel's Cleaner (one per JVM)
                || n.equals("poe-run-pump") || n.startsWith("poe-run-drain-") // Run's JVM-wide pump: ends when idle
                || n.equals("JNA Cleaner")              // JNA (pty4j, Run's pty conduits): one per JVM, ends when idle
                || n.startsWith("poe-resolver-")         // SocketFactory's lookups: a JVM-wide pool, idle threads end after 1 s
                || n.startsWith("poe-run-spawn-")        // Run's background starts: likewise
                || n.startsWith("process reaper")       // JDK: ProcessHandle.onExit (also "process reaper (pid N)", polling a non-child)
                || n.equals("Common-Cleaner")
                || n.equals("Attach Listener")
                || n.startsWith("ForkJoinPool.commonPool-")
                || (n.startsWith("SIG") && n.endsWith(" handler")); // JDK: sun.misc.Signal dispatch
    }
}
