package poe.wheel;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.Target;

/**
 * One {@link Run.Builder#createInBackground}: the child is started on a spawner thread
 * (ProcessBuilder blocks its caller until the child has exec'd, a millisecond or more), then
 * handed to the owner session, whose handler makes the wheel and calls the started event, or
 * the failed event. The owner is held (an extra reference) until then. Should the owner stop
 * first, or the kernel close, the child is killed and its pipes closed: nothing is left
 * running that nobody can reach.
 *
 * <p>Spawner threads ({@code poe-run-spawn-N}, daemons) are shared by the JVM's kernels and
 * end after {@value #IDLE_SECONDS} s without work. There are as many as the machine has
 * processors, at least four (a start mostly waits for the child's exec), or
 * {@code -Dpoe.run.spawners=N}.
 *
 * <pre>{@code
 * long id = RunInBackground.start(builderCopy, kernel, command, "started", "failed");
 * }</pre>
 */
final class RunInBackground implements AutoCloseable, Runnable {

    /** The system property that sets how many spawner threads there may be. */
    static final String SPAWNERS_PROPERTY = "poe.run.spawners";
    static final int SPAWNERS_MAX = spawnersMax();
    static final int IDLE_SECONDS = 1;
    /** The extra reference that holds the owner until the child is handed over. */
    static final String HOLD_TAG = "poe.wheel.Run: starting in the background";

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadPoolExecutor SPAWNERS = spawners();

    private static final int PENDING = 0;
    /** Started (or failed) and handed to the owner: the owner's handler has not run yet. */
    private static final int HANDED = 1;
    private static final int TAKEN = 2;
    private static final int CANCELLED = 3;

    private final AtomicInteger state = new AtomicInteger(PENDING);
    private final Run.Builder builder;
    private final List<String> command;
    private final Kernel kernel;
    private final Session owner;
    private final long id;
    private final String handoverState;
    private final String startedEvent;
    private final String failedEvent;
    // written by the spawner before the CAS to HANDED, read by the kernel's thread after it
    private volatile RunLaunch launch;
    private volatile Throwable failure;

    private RunInBackground(Run.Builder builder, List<String> command, Kernel kernel, Session owner, long id,
            String startedEvent, String failedEvent) {
        this.builder = builder;
        this.command = command;
        this.kernel = kernel;
        this.owner = owner;
        this.id = id;
        this.handoverState = "poe.wheel.Run(" + id + ") started in the background";
        this.startedEvent = startedEvent;
        this.failedEvent = failedEvent;
    }

    /**
     * Starts the child on a spawner thread; returns the wheel ID it will have.
     *
     * @param builder a copy of the caller's builder, checked, that nobody else changes
     */
    static long start(Run.Builder builder, List<String> command, Kernel kernel, String startedEvent,
            String failedEvent) {
        Target active = kernel.activeSession();             // checks the thread
        if (!(active instanceof Session owner)) {
            throw new IllegalStateException("Run.createInBackground must be called inside a handler of the session"
                    + " that will own the wheel (its events go to that session); call it in _start or another"
                    + " handler");
        }
        RunInBackground r = new RunInBackground(builder, command, kernel, owner, AbstractWheel.nextId(),
                startedEvent, failedEvent);
        kernel.state(r.handoverState, r::handOver);
        kernel.refcountIncrement(owner.id(), HOLD_TAG);
        kernel.tieToSession(r);
        SPAWNERS.execute(r);
        return r.id;
    }

    /** The spawner thread: starts the child and hands it (or the failure) to the owner. */
    @Override
    public void run() {
        RunLaunch l = null;
        try {
            l = RunLaunch.start(builder, command, id);
        } catch (RuntimeException | Error e) {
            // an Error too (a pty's native library that does not link, no thread for its
            // reader): the owner must hear of it, not stay held with no event ever coming
            failure = e;
        }
        launch = l;
        if (!state.compareAndSet(PENDING, HANDED)) {
            abandon(l);                                       // the owner stopped meanwhile
            return;
        }
        try {
            kernel.post(owner.id(), handoverState);
        } catch (RuntimeException e) {                        // the kernel was closed
            if (state.compareAndSet(HANDED, CANCELLED)) {
                abandon(l);
            }
        }
    }

    /** The owner stopped before taking the child (its stop closes what is tied to it). */
    @Override
    public void close() {
        if (state.getAndSet(CANCELLED) == HANDED) {
            abandon(launch);
        }
    }

    /** The owner's handler: makes the wheel and calls the started event, or calls the failed one. */
    private void handOver(EventContext ev) {
        if (!state.compareAndSet(HANDED, TAKEN)) {
            return;
        }
        kernel.state(handoverState, null);
        kernel.untieFromSession(owner, this);
        kernel.refcountDecrement(owner.id(), HOLD_TAG);
        Throwable failed = failure;
        Run run = null;
        if (failed == null) {
            try {
                run = new Run(builder, kernel, launch, id);
            } catch (RuntimeException e) {
                failed = e;                                   // the wheel has killed the child already
            }
        }
        if (run != null) {
            kernel.call(owner, startedEvent, run, run.pid(), id);
        } else {
            Throwable cause = failed.getCause() != null ? failed.getCause() : failed;
            kernel.call(owner, failedEvent, "spawn", ErrnoNames.of(cause), AbstractWheel.message(failed), id);
        }
    }

    private static void abandon(RunLaunch l) {
        if (l != null) {
            l.abandon();
        }
    }

    private static int spawnersMax() {
        int fallback = Math.max(4, Runtime.getRuntime().availableProcessors());
        String v = System.getProperty(SPAWNERS_PROPERTY);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        AbstractWheel.LOG.log(System.Logger.Level.WARNING, "-D" + SPAWNERS_PROPERTY + "=" + v
                + " is not a positive number of threads; using " + fallback);
        return fallback;
    }

    private static ThreadPoolExecutor spawners() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(SPAWNERS_MAX, SPAWNERS_MAX, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread t = new Thread(task, "poe-run-spawn-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
