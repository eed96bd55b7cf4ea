package poe.loop.toolkit;

import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import poe.loop.IoMode;
import poe.loop.Loop;
import poe.loop.LoopHost;

/**
 * What every GUI toolkit loop shares: the kernel's handlers run on the toolkit's thread,
 * channel readiness and the kernel's timer come from a {@link ChannelBridge}, and all of it
 * reaches the toolkit thread in batches, one hop per batch.
 *
 * <p>A subclass supplies only the toolkit's primitives: whether the current thread is the
 * toolkit thread, how to run a task there later, and how to wait there while the toolkit
 * keeps processing its own events (a nested event loop, or {@code readAndDispatch}/
 * {@code sleep}). Everything else is here:
 * <ul>
 *   <li><b>Batches.</b> Each hop is one timeslice: handed-over tasks, then
 *       {@link LoopHost#channelReady} for each ready channel, {@link LoopHost#dispatchDue()},
 *       and {@link LoopHost#beginTimeslice()} for the next one (POE's idle check), after
 *       which the reported channels are re-armed. Work done while already on the toolkit
 *       thread ({@link #doTimeslice()}, a window closing) is handled in place, not bounced
 *       through the toolkit's queue.</li>
 *   <li><b>Ownership.</b> The kernel belongs to the toolkit thread when it was created
 *       there. When it was created on another thread and the toolkit runs by itself
 *       ({@link #toolkitRunsByItself()}, e.g. JavaFX), that thread owns the kernel until it
 *       calls {@link #run()} or {@link #doTimeslice()}: these hand the kernel to the toolkit
 *       thread, block until done, and take it back. Handlers always run on the toolkit
 *       thread; the kernel is confined to one thread at a time.</li>
 *   <li><b>Failures.</b> An exception thrown by a handler (through the host) ends the
 *       {@code run()} or {@code doTimeslice()} in progress and is rethrown by it, on the
 *       caller's thread.</li>
 * </ul>
 *
 * <pre>{@code
 * final class MyToolkitLoop extends ToolkitLoop {
 *     MyToolkitLoop() { super("mytk"); }
 *     protected boolean isToolkitThread() { return MyToolkit.isUiThread(); }
 *     protected void executeOnToolkit(Runnable task) { MyToolkit.invokeLater(task); }
 *     protected boolean canPump() { return isToolkitThread(); }
 *     protected void pumpUntil(BooleanSupplier done) {
 *         while (!done.getAsBoolean()) MyToolkit.processOneEventOrSleep();
 *     }
 * }
 * }</pre>
 */
public abstract class ToolkitLoop implements Loop {

    /** Who waits for the kernel: a run() or a doTimeslice(), here or on another thread. */
    private static final class Driver {
        final boolean wholeRun;
        /** The thread that handed the kernel over and takes it back, or null (nested). */
        final Thread caller;
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean finished;
        Throwable failure;

        Driver(boolean wholeRun, Thread caller) {
            this.wholeRun = wholeRun;
            this.caller = caller;
        }

        void awaitUninterruptibly() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final String name;
    private final ChannelBridge bridge;
    private final Queue<Runnable> handedOver = new ConcurrentLinkedQueue<>();
    private final Deque<Driver> drivers = new ArrayDeque<>();
    private LoopHost host;
    /** The thread that owns the kernel, or null when the toolkit thread does. */
    private volatile Thread owner;
    private volatile boolean closed;
    private boolean inDrain;
    /** A handler interrupted the toolkit thread while it drove the kernel (toolkit thread only). */
    private boolean interruptedWhileDriven;
    private boolean halted;
    /** Whether beginTimeslice() ran since the last dispatchDue(): once per timeslice. */
    private boolean begun;

    /**
     * @param name the loop's name ({@link #name()}), e.g. {@code "javafx"}
     */
    protected ToolkitLoop(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.bridge = new ChannelBridge(name, this::executeOnToolkit, this::hop);
    }

    // ------------------------------------------------------------ toolkit primitives

    /** Whether the calling thread is the toolkit's UI thread. */
    protected abstract boolean isToolkitThread();

    /**
     * Runs a task on the toolkit thread later. Called from any thread (the bridge thread
     * among them), at most once per batch.
     */
    protected abstract void executeOnToolkit(Runnable task);

    /**
     * Whether the toolkit thread may wait here while the toolkit keeps processing events
     * ({@link #pumpUntil}). False e.g. inside a JavaFX animation pulse.
     */
    protected abstract boolean canPump();

    /**
     * Processes toolkit events on the toolkit thread until {@code done} is true. The loop
     * calls {@link #wakePump()} whenever {@code done} may have become true.
     */
    protected abstract void pumpUntil(BooleanSupplier done);

    /**
     * Called on the toolkit thread after a batch finished a wait: a {@link #pumpUntil}
     * condition may now be true. The default does nothing (right for a pump that checks
     * its condition after every event).
     */
    protected void wakePump() {
    }

    /**
     * Whether the toolkit thread processes events without anyone driving it (JavaFX: yes;
     * SWT: only while its Display thread pumps). Only then may the kernel be created and
     * driven from another thread, which hands it to the toolkit thread while it runs.
     */
    protected boolean toolkitRunsByItself() {
        return false;
    }

    /**
     * Starts the toolkit if it is not running. Called on a thread that is not the
     * toolkit's, before the kernel is handed to the toolkit. The default does nothing.
     */
    protected void startToolkitIfNeeded() {
    }

    /** Names the toolkit thread in error messages, e.g. {@code "the JavaFX Application Thread"}. */
    protected String toolkitThreadName() {
        return "the " + name + " toolkit thread";
    }

    /**
     * Says why the kernel cannot be created or driven on the calling thread and what to do
     * instead; used in {@link IllegalStateException} messages.
     */
    protected String wrongThreadAdvice() {
        return "use the " + name + " loop on its toolkit thread";
    }

    // ------------------------------------------------------------ Loop

    @Override
    public final String name() {
        return name;
    }

    @Override
    public void initialize(LoopHost host) {
        if (this.host != null) {
            throw new IllegalStateException("the " + name + " loop is already bound to a kernel;"
                    + " make one loop per kernel");
        }
        this.host = Objects.requireNonNull(host, "host");
        if (isToolkitThread()) {
            owner = null;
        } else if (toolkitRunsByItself()) {
            startToolkitIfNeeded();
            owner = Thread.currentThread();
        } else {
            throw new IllegalStateException("a kernel on the " + name + " loop was created on thread '"
                    + Thread.currentThread().getName() + "', which is not the toolkit's thread: "
                    + wrongThreadAdvice());
        }
    }

    @Override
    public boolean inLoopThread() {
        Thread o = owner;
        return o == null ? isToolkitThread() : o == Thread.currentThread();
    }

    @Override
    public String loopThreadName() {
        Thread o = owner;
        return o == null ? toolkitThreadName() : "thread '" + o.getName() + "'";
    }

    @Override
    public void wakeup() {
        bridge.wakeup();
    }

    @Override
    public void armTimer(long dueNanos) {
        bridge.armTimer(dueNanos);
    }

    @Override
    public void disarmTimer() {
        bridge.disarmTimer();
    }

    @Override
    public void watchChannel(SelectableChannel channel, IoMode mode) {
        bridge.watch(channel, mode);
    }

    @Override
    public void ignoreChannel(SelectableChannel channel, IoMode mode) {
        bridge.ignore(channel, mode);
    }

    @Override
    public void pauseChannel(SelectableChannel channel, IoMode mode) {
        bridge.pause(channel, mode);
    }

    @Override
    public void resumeChannel(SelectableChannel channel, IoMode mode) {
        bridge.resume(channel, mode);
    }

    /**
     * On the toolkit thread: handles what is pending at once, or else waits for it while
     * the toolkit keeps processing events; where waiting is impossible (inside an animation
     * pulse) it returns without waiting. On the thread that owns the kernel
     * (see {@link #toolkitRunsByItself()}): runs one such timeslice on the toolkit thread
     * and blocks until it is done.
     */
    @Override
    public void doTimeslice() {
        checkDrivable("runOneTimeslice()");
        if (owner != null) {
            handOff(false);
            return;
        }
        Driver driver = new Driver(false, null);
        drivers.addLast(driver);
        keepInterruptForDriver();
        try {
            driver.failure = guarded(this::begin);
            if (driver.failure == null) {
                if (bridge.hasPending() || !handedOver.isEmpty()) {
                    drain();
                } else if (canPump()) {
                    pumpUntil(() -> driver.finished);
                }
            }
        } finally {
            release(driver);
        }
        rethrow(driver.failure);
    }

    /**
     * Runs timeslices until the kernel has no sessions left or {@link #halt()} is called.
     * On the toolkit thread it waits in a nested toolkit loop ({@link #pumpUntil}); on the
     * thread that owns the kernel it hands the kernel to the toolkit thread and blocks.
     *
     * @throws IllegalStateException if called from a handler, or on the toolkit thread
     *                               where it cannot wait (inside an animation pulse)
     */
    @Override
    public void run() {
        checkDrivable("run()");
        halted = false;
        if (owner != null) {
            handOff(true);
            return;
        }
        if (!canPump()) {
            throw new IllegalStateException("run() cannot wait on the " + name + " toolkit thread here"
                    + " (e.g. inside an animation or layout pulse); call runOneTimeslice() from the pulse"
                    + " instead, or call run() outside the pulse");
        }
        Driver driver = new Driver(true, null);
        drivers.addLast(driver);
        keepInterruptForDriver();          // an interrupt already set would be lost in the wait
        try {
            drain();
            if (!driver.finished) {
                pumpUntil(() -> driver.finished);
            }
        } finally {
            release(driver);
        }
        rethrow(driver.failure);
    }

    @Override
    public void halt() {
        halted = true;
        if (!inDrain) {
            bridge.wakeup();
        }
    }

    @Override
    public List<String> registrations() {
        return bridge.registrations();
    }

    /** Stops the bridge thread; a {@code run()} in progress returns. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        bridge.close();
        if (isToolkitThread() && owner == null) {
            for (Driver driver : new ArrayList<>(drivers)) {
                finish(driver);
            }
        }
    }

    // ------------------------------------------------------------ for subclasses

    /** The kernel's callbacks; null before {@link #initialize}. */
    protected final LoopHost host() {
        return host;
    }

    /** Whether {@link #close()} was called. */
    protected final boolean isClosed() {
        return closed;
    }

    /**
     * Runs {@code task} on the loop thread as part of the next timeslice, from any thread:
     * at once when called on the toolkit thread while it owns the kernel and no handler is
     * running, otherwise in the next batch. For toolkit callbacks such as a window closing
     * ({@link #attachUiDestroy}).
     */
    protected final void runInTimeslice(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (closed) {
            return;
        }
        handedOver.add(task);
        if (owner == null && !inDrain && isToolkitThread()) {
            rethrow(drain());
        } else {
            bridge.wakeup();
        }
    }

    // ------------------------------------------------------------ internals

    private void checkDrivable(String what) {
        if (host == null) {
            throw new IllegalStateException(what + " was called before the " + name
                    + " loop was bound to a kernel");
        }
        if (closed) {
            throw new IllegalStateException(what + " was called on a closed " + name + " loop");
        }
        if (inDrain) {
            throw new IllegalStateException(what + " was called from inside one of the kernel's handlers;"
                    + " handlers must return to the " + name + " loop instead of running it");
        }
        Thread o = owner;
        boolean mine = o == null ? isToolkitThread() : o == Thread.currentThread();
        if (!mine) {
            throw new IllegalStateException(what + " was called on thread '" + Thread.currentThread().getName()
                    + "', but the kernel belongs to "
                    + (o == null ? "the " + name + " toolkit thread" : "thread '" + o.getName() + "'")
                    + ": " + wrongThreadAdvice());
        }
    }

    /** The bridge's hop: runs on the toolkit thread, once per batch. */
    private void hop() {
        if (closed || owner != null) {
            return; // another thread owns the kernel; it takes the pending work when it hands over
        }
        if (inDrain) {
            // A handler runs a nested toolkit loop (e.g. a modal dialog); the kernel is not
            // reentered. The batch waits until that handler returns.
            return;
        }
        rethrow(drain()); // no one waits: the toolkit's uncaught-exception handler reports it
    }

    /**
     * One timeslice on the toolkit thread. What a handler throws goes to the innermost
     * run() or doTimeslice() waiting, which ends and rethrows it; with no one waiting it
     * is returned.
     */
    private Throwable drain() {
        Throwable failure;
        inDrain = true;
        try (ReadyBatch batch = bridge.take()) {
            failure = guarded(() -> {
                begin();
                Runnable task;
                while ((task = handedOver.poll()) != null && !closed) {
                    task.run();
                }
                for (Readiness ready : batch.readiness()) {
                    if (closed) {
                        return;
                    }
                    host.channelReady(ready.channel(), ready.mode());
                }
                if (!closed) {
                    begun = false;
                    host.dispatchDue();
                    begin(); // the next timeslice starts now: POE's idle check before waiting
                }
            });
        } finally {
            inDrain = false;
        }
        if (failure != null) {
            Driver innermost = drivers.peekLast();
            if (innermost != null) {
                if (innermost.failure == null) {
                    innermost.failure = failure;
                }
                failure = null;
                if (!innermost.finished) {
                    finish(innermost);
                }
            }
        }
        keepInterruptForDriver();
        afterDrain();
        if (!closed && (bridge.hasPending() || !handedOver.isEmpty())) {
            bridge.wakeup(); // a hop that came while the handlers ran was turned away
        }
        return failure;
    }

    private void afterDrain() {
        if (drivers.isEmpty()) {
            return;
        }
        boolean done = closed || halted || !host.hasSessions();
        for (Driver driver : new ArrayList<>(drivers)) {
            if (!driver.finished && (done || !driver.wholeRun)) {
                finish(driver);
            }
        }
    }

    private void finish(Driver driver) {
        driver.finished = true;
        if (driver.caller != null) {
            drivers.remove(driver);
            owner = driver.caller; // hand the kernel back; the caller wakes below
            driver.done.countDown();
        } else {
            wakePump();
        }
    }

    private void pumpWith(Driver driver) {
        drivers.addLast(driver);
        try {
            pumpUntil(() -> driver.finished);
        } finally {
            release(driver);
        }
    }

    /**
     * When the toolkit thread starts to drive the kernel itself (a run() or timeslice called
     * on it), and after handlers ran meanwhile: an interrupt of that thread is taken off it
     * and kept until the outermost such run or timeslice returns ({@link #release}). A
     * toolkit's wait may take the interrupt for itself (JavaFX's does, and the status is
     * lost) or return at once for it again and again (a spin).
     */
    private void keepInterruptForDriver() {
        if (drivenHere() && Thread.interrupted()) {
            interruptedWhileDriven = true;
        }
    }

    /** Whether a run() or timeslice called on the toolkit thread is in progress. */
    private boolean drivenHere() {
        for (Driver d : drivers) {
            if (d.caller == null) {
                return true;
            }
        }
        return false;
    }

    /** A driver is done; the last one driven on the toolkit thread gives back a kept interrupt. */
    private void release(Driver driver) {
        drivers.remove(driver);
        if (interruptedWhileDriven && !drivenHere()) {
            interruptedWhileDriven = false;
            Thread.currentThread().interrupt();
        }
    }

    /** Hands the kernel to the toolkit thread for a run or one timeslice, and blocks. */
    private void handOff(boolean wholeRun) {
        startToolkitIfNeeded();
        Thread caller = Thread.currentThread();
        Driver driver = new Driver(wholeRun, caller);
        drivers.addLast(driver);
        owner = null; // from here on the toolkit thread owns the kernel
        try {
            executeOnToolkit(() -> {
                if (driver.finished || closed || owner != null) {
                    return; // a hop got there first
                }
                Throwable failure = guarded(this::begin);
                if (failure != null) {
                    driver.failure = failure;
                    finish(driver);
                } else if (wholeRun || bridge.hasPending() || !handedOver.isEmpty()) {
                    drain();
                }
            });
        } catch (RuntimeException e) {
            drivers.remove(driver);
            owner = caller;
            throw new IllegalStateException("the " + name + " toolkit refused to run the kernel: "
                    + e.getMessage(), e);
        }
        driver.awaitUninterruptibly();
        rethrow(driver.failure);
    }

    private void begin() {
        if (!begun) {
            begun = true;
            host.beginTimeslice();
        }
    }

    private static Throwable guarded(Runnable work) {
        try {
            work.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure != null) {
            sneakyThrow(failure);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
