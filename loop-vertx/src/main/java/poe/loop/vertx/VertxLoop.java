package poe.loop.vertx;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.nio.NioIoHandle;
import io.netty.util.concurrent.GenericFutureListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import poe.loop.IoMode;
import poe.loop.Loop;
import poe.loop.LoopHost;
import poe.loop.toolkit.ChannelBridge;
import poe.loop.toolkit.ReadyBatch;
import poe.loop.toolkit.Readiness;

/**
 * The kernel on a Vert.x event-loop context: every handler runs on that context's thread,
 * where it may use any Vert.x API.
 *
 * <h2>Two ways to run</h2>
 * <dl>
 *   <dt>Driven (the kernel is created on a thread of your own)</dt>
 *   <dd>The thread that creates the kernel owns it while it is not running: it creates
 *       sessions, then calls {@code kernel.run()}, which hands the kernel to the context and
 *       blocks until the last session is gone (or {@code kernel.stop()}); afterwards that
 *       thread owns it again. (Like the select loop, the kernel belongs to whichever thread
 *       last called {@code run()} or {@code runOneTimeslice()}; two at once is an error.) {@code kernel.runOneTimeslice()} hands the kernel over
 *       for one timeslice (begin, wait for a timer, ready I/O or a wakeup, dispatch) and blocks
 *       until that slice is done. While the kernel is not running nothing is dispatched:
 *       timers, wakeups and channel readiness wait for the next {@code run()} or timeslice.
 *       Calling {@code run()} or {@code runOneTimeslice()} on a Vert.x event-loop thread is an
 *       error (it would block the event loop): embed the kernel instead.</dd>
 *   <dt>Embedded (the kernel is created on the context, or with {@link #embed(Context)})</dt>
 *   <dd>The kernel lives on the context for good: nothing blocks, handlers run as sessions
 *       have work, and {@link #done()} completes when the last session stops. Set sessions
 *       up on the context (in a verticle's {@code start}, or with
 *       {@code context.runOnContext}). {@code runOneTimeslice()} there dispatches what is
 *       due without waiting; {@code run()} is refused. See {@link PoeVerticle}.</dd>
 * </dl>
 *
 * <p>{@link #inLoopThread()} is true on the context thread while the kernel is running or
 * embedded, and on the owning thread of a driven kernel while it is not running. From any
 * other thread (other Vert.x contexts, workers, your own threads) use the kernel's
 * thread-safe entry points: {@code post}, {@code signal}, {@code stop} and postbacks. Code
 * on the loop's own context (for example an {@code HttpServer} handler created there)
 * may call the kernel directly while it runs.
 *
 * <h2>How it waits</h2>
 * <ul>
 *   <li>The kernel's one timer is a task scheduled on the context's Netty event loop, with
 *       sub-millisecond precision; a due-now timer is one hop, never a millisecond's wait.</li>
 *   <li>Channels are registered on that same event loop's selector when Vert.x uses its
 *       default NIO transport: readiness is delivered on the context thread with no extra
 *       thread, and pausing changes the interest set without re-registering. With a native
 *       transport (epoll, io_uring), whose selector takes no NIO channels, one bridge thread
 *       ({@link ChannelBridge}, shared design with the GUI loops) selects and hands readiness
 *       to the context in batches.</li>
 *   <li>Wakeups from other threads and readiness are batched: one hop to the context per
 *       burst, which runs the kernel's whole batch inside the context (so
 *       {@link Vertx#currentContext()} is this context in handlers).</li>
 * </ul>
 *
 * <pre>{@code
 * Vertx vertx = Vertx.vertx();
 * Kernel kernel = Kernel.create(VertxLoop.create(vertx));   // or -Dpoe.loop=vertx
 * Session.builder()
 *         .on("_start", ev -> ev.kernel().delay("tick", 0.5))
 *         .on("tick", ev -> System.out.println("on " + Thread.currentThread().getName()))
 *         .create(kernel);
 * kernel.run();                                             // blocks; handlers run on Vert.x
 * kernel.close();
 * vertx.close();
 * }</pre>
 */
public final class VertxLoop implements Loop {

    private static final System.Logger LOG = System.getLogger(VertxLoop.class.getName());
    private static final long CLOSE_WAIT_SECONDS = 10;

    /** What the context thread is doing with the kernel. Confined to the event loop. */
    private enum Phase {
        /** Not running (driven mode between runs): nothing is dispatched. */
        IDLE,
        /** A driven {@code run()}: dispatch as work comes, until no session is left. */
        RUN,
        /** A driven timeslice: wait for one reason to dispatch, dispatch, hand back. */
        SLICE,
        /** Embedded: dispatch as work comes, for good. */
        EMBEDDED
    }

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final ContextInternal context;
    private final EventLoop eventLoop;
    private final IoEventLoop nioEventLoop;
    /** Watches channels when the event loop cannot (a native transport); null otherwise. */
    private final ChannelBridge bridge;
    private final boolean embedRequested;

    private LoopHost host;
    private volatile boolean embedded;
    private volatile Thread owner;
    private final AtomicBoolean driving = new AtomicBoolean();
    private volatile String loopThreadName;
    private volatile CompletableFuture<Void> pendingHandoff;
    private volatile boolean closed;

    // Confined to the event-loop thread.
    private Phase phase = Phase.IDLE;
    private boolean haltRequested;
    private boolean timesliceBegun;
    private CompletableFuture<Void> handoff;
    private ScheduledFuture<?> timer;
    private long timerDue;
    private final ArrayDeque<ChannelWatch> readyQueue = new ArrayDeque<>();
    private final Map<SelectableChannel, ChannelWatch> selectorWatches = new HashMap<>();

    // Confined to the thread that owns the kernel (see inLoopThread): {watched, paused} bits.
    private final Map<SelectableChannel, int[]> kernelWatches = new LinkedHashMap<>();

    private final AtomicBoolean hopPending = new AtomicBoolean();
    private final Runnable hop = this::onHop;
    private final Runnable timerFired = this::onTimer;
    private final Runnable work = this::work;
    private final ChannelWatch.Sink readySink = this::signalled;
    private final Promise<Void> done;
    private final GenericFutureListener<io.netty.util.concurrent.Future<Object>> terminationListener =
            f -> abandon(new IllegalStateException("Vert.x was closed while the kernel was running on it"));

    private VertxLoop(Vertx vertx, boolean ownsVertx, Context context, boolean embed) {
        this(vertx, ownsVertx, context, embed, false);
    }

    VertxLoop(Vertx vertx, boolean ownsVertx, Context context, boolean embed, boolean forceBridge) {
        if (!context.isEventLoopContext()) {
            throw new IllegalArgumentException("the vertx loop needs an event-loop context, but this one is "
                    + context.threadingModel() + ": use a standard verticle's context or vertx.getOrCreateContext()"
                    + " from a non-Vert.x thread");
        }
        if (!(context instanceof ContextInternal)) {
            throw new IllegalArgumentException("unsupported Vert.x context implementation: " + context.getClass());
        }
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.context = (ContextInternal) context;
        this.eventLoop = this.context.nettyEventLoop();
        this.nioEventLoop = !forceBridge && eventLoop instanceof IoEventLoop io && io.isCompatible(NioIoHandle.class)
                ? io : null;
        this.bridge = nioEventLoop != null ? null : new ChannelBridge(VertxLoopProvider.NAME, this::executeOnLoop,
                this::onBridgePending);
        this.embedRequested = embed;
        if (embed) {
            this.embedded = true;
            this.phase = Phase.EMBEDDED;
        }
        this.done = this.context.promise();
        this.eventLoop.terminationFuture().addListener(terminationListener);
        try {
            this.eventLoop.execute(() -> loopThreadName = Thread.currentThread().getName());
        } catch (RejectedExecutionException e) {
            throw new IllegalArgumentException("the Vert.x instance of this context is closed", e);
        }
    }

    /**
     * A loop on a Vert.x instance of its own (on daemon threads: the program may end when
     * {@code run()} returns), which {@link #close()} closes. Use
     * {@link #vertx()} to reach Vert.x APIs from handlers.
     *
     * <pre>{@code
     * try (Kernel kernel = Kernel.create(VertxLoop.create())) { ... kernel.run(); }
     * }</pre>
     */
    public static VertxLoop create() {
        Vertx own = ownVertx();
        try {
            return new VertxLoop(own, true, own.getOrCreateContext(), false);
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /**
     * The loop's own Vert.x instance, on daemon threads: a POE program ends when {@code run()}
     * returns (as on every other loop), whether or not it closes the kernel. A program's own
     * Vert.x instance ({@link #create(Vertx)}) is left as the program made it.
     */
    private static Vertx ownVertx() {
        return Vertx.vertx(new VertxOptions().setUseDaemonThread(true));
    }

    /**
     * A loop on a Vert.x instance the program owns (it stays open when the loop closes). On
     * a Vert.x event-loop thread the loop uses the current context; elsewhere it takes a new
     * event-loop context of this instance.
     *
     * <pre>{@code
     * Kernel kernel = Kernel.create(VertxLoop.create(vertx));
     * }</pre>
     */
    public static VertxLoop create(Vertx vertx) {
        Objects.requireNonNull(vertx, "vertx");
        return new VertxLoop(vertx, false, vertx.getOrCreateContext(), false);
    }

    /**
     * A loop on the given event-loop context (which stays open when the loop closes). If
     * the kernel is then created on that context's thread, it runs embedded.
     *
     * <pre>{@code
     * Context context = vertx.getOrCreateContext();
     * Kernel kernel = Kernel.create(VertxLoop.create(context));
     * }</pre>
     */
    public static VertxLoop create(Context context) {
        Objects.requireNonNull(context, "context");
        return new VertxLoop(context.owner(), false, context, false);
    }

    /**
     * A loop that embeds its kernel in the given event-loop context: the kernel runs as its
     * sessions have work and never blocks; {@link #done()} tells when the last session
     * stopped. Create the kernel and its sessions on that context.
     *
     * <pre>{@code
     * // in a verticle's start(), on its context:
     * VertxLoop loop = VertxLoop.embed(context);
     * Kernel kernel = Kernel.create(loop);
     * Session.builder().on("_start", ev -> ...).create(kernel);
     * loop.done().onComplete(r -> System.out.println("all sessions stopped"));
     * }</pre>
     */
    public static VertxLoop embed(Context context) {
        Objects.requireNonNull(context, "context");
        return new VertxLoop(context.owner(), false, context, true);
    }

    /** The Vert.x instance the kernel runs on: use it for clients, servers and timers. */
    public Vertx vertx() {
        return vertx;
    }

    /** The event-loop context every handler runs on. */
    public Context context() {
        return context;
    }

    /** Whether the kernel lives on the context for good (see the class documentation). */
    public boolean isEmbedded() {
        return embedded;
    }

    /**
     * Completes when an embedded kernel's last session has stopped (or the kernel halted),
     * fails with the exception that stopped it, and completes when the loop is closed.
     * Callbacks run on the context.
     */
    public Future<Void> done() {
        return done.future();
    }

    @Override
    public String name() {
        return VertxLoopProvider.NAME;
    }

    @Override
    public void initialize(LoopHost host) {
        if (this.host != null) {
            throw new IllegalStateException("this vertx loop already belongs to a kernel; make one loop per kernel");
        }
        this.host = Objects.requireNonNull(host, "host");
        if (eventLoop.inEventLoop()) {
            embedded = true;
            phase = Phase.EMBEDDED;
        } else if (!embedRequested) {
            if (Context.isOnEventLoopThread()) {
                throw new IllegalStateException("a kernel on the vertx loop was created on Vert.x event-loop thread '"
                        + Thread.currentThread().getName() + "', which is not the thread of the loop's context ("
                        + describeLoopThread() + "): create it on the loop's context (it then runs embedded,"
                        + " see VertxLoop.embed) or on a thread of your own (then drive it with run())");
            }
            owner = Thread.currentThread();
        }
    }

    @Override
    public boolean inLoopThread() {
        if (eventLoop.inEventLoop()) {
            return phase != Phase.IDLE;
        }
        return !driving.get() && Thread.currentThread() == owner;
    }

    @Override
    public String loopThreadName() {
        String contextThread = "Vert.x context thread '" + (loopThreadName == null ? eventLoop : loopThreadName) + "'";
        Thread drivingThread = owner;
        if (embedded || drivingThread == null) {
            return contextThread;
        }
        return "thread '" + drivingThread.getName() + "' (" + contextThread + " while it runs)";
    }

    @Override
    public void wakeup() {
        requestHop();
    }

    @Override
    public void armTimer(long dueNanos) {
        if (eventLoop.inEventLoop() && phase != Phase.IDLE) {
            armFor(dueNanos);
        }
        // Otherwise a driven kernel is not running: the next run or timeslice asks the host.
    }

    @Override
    public void disarmTimer() {
        if (eventLoop.inEventLoop()) {
            cancelTimer();
        }
    }

    @Override
    public void watchChannel(SelectableChannel channel, IoMode mode) {
        if (!channel.isOpen()) {
            throw new IllegalArgumentException("cannot watch " + channel + ": it is closed");
        }
        if (closed) {
            throw new IllegalStateException("the vertx loop is closed; it cannot watch " + channel);
        }
        int bit = ChannelWatch.bit(mode);
        int[] state = kernelWatches.computeIfAbsent(channel, c -> new int[2]);
        state[0] |= bit;
        state[1] &= ~bit;
        if (bridge != null) {
            bridge.watch(channel, mode);
        } else {
            sendWatch(channel, state[0], state[1]);
        }
    }

    @Override
    public void ignoreChannel(SelectableChannel channel, IoMode mode) {
        int[] state = kernelWatches.get(channel);
        if (state == null) {
            return;
        }
        int bit = ChannelWatch.bit(mode);
        state[0] &= ~bit;
        state[1] &= ~bit;
        if (state[0] == 0) {
            kernelWatches.remove(channel);
        }
        if (bridge != null) {
            bridge.ignore(channel, mode);
        } else {
            sendWatch(channel, state[0], state[1]);
        }
    }

    @Override
    public void pauseChannel(SelectableChannel channel, IoMode mode) {
        int[] state = kernelWatches.get(channel);
        int bit = ChannelWatch.bit(mode);
        if (state != null && (state[0] & bit) != 0 && (state[1] & bit) == 0) {
            state[1] |= bit;
            if (bridge != null) {
                bridge.pause(channel, mode);
            } else {
                sendWatch(channel, state[0], state[1]);
            }
        }
    }

    @Override
    public void resumeChannel(SelectableChannel channel, IoMode mode) {
        int[] state = kernelWatches.get(channel);
        int bit = ChannelWatch.bit(mode);
        if (state != null && (state[1] & bit) != 0) {
            state[1] &= ~bit;
            if (bridge != null) {
                bridge.resume(channel, mode);
            } else {
                sendWatch(channel, state[0], state[1]);
            }
        }
    }

    @Override
    public void doTimeslice() {
        if (eventLoop.inEventLoop() && phase != Phase.IDLE) {
            // Embedded (or re-entered from a handler): the event loop must not block here.
            beginTimeslice();
            deliverReady();
            dispatchDue();
            return;
        }
        handOff(Phase.SLICE, "runOneTimeslice()");
    }

    @Override
    public void run() {
        if (eventLoop.inEventLoop() || embedded) {
            throw new IllegalStateException("run() on an embedded vertx loop: the kernel already runs on its Vert.x"
                    + " context as its sessions have work; wait for VertxLoop.done() instead of blocking"
                    + " (see PoeVerticle)");
        }
        handOff(Phase.RUN, "run()");
    }

    @Override
    public void halt() {
        if (eventLoop.inEventLoop() && phase != Phase.IDLE) {
            haltRequested = true;
            if (phase != Phase.SLICE) {
                requestHop();
            }
        }
    }

    @Override
    public List<String> registrations() {
        List<String> found = new ArrayList<>();
        for (Map.Entry<SelectableChannel, int[]> entry : kernelWatches.entrySet()) {
            int[] state = entry.getValue();
            for (IoMode mode : IoMode.values()) {
                int bit = ChannelWatch.bit(mode);
                if ((state[0] & bit) != 0) {
                    found.add(mode + ((state[1] & bit) != 0 ? " (paused) " : " ") + entry.getKey());
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> leaks = registrations();
        if (!leaks.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "vertx loop closed with channels still watched: {0}", leaks);
        }
        kernelWatches.clear();
        if (bridge != null) {
            bridge.close();
        }
        eventLoop.terminationFuture().removeListener(terminationListener);
        if (eventLoop.inEventLoop()) {
            release();
        } else if (!eventLoop.isShuttingDown()) {
            CompletableFuture<Void> released = new CompletableFuture<>();
            try {
                eventLoop.execute(() -> {
                    release();
                    released.complete(null);
                });
                released.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                // Vert.x is already closing: its event loop releases the selector itself.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "vertx loop: releasing its registrations did not finish", e);
            }
        }
        if (ownsVertx) {
            Future<Void> closing = vertx.close();
            if (!Context.isOnVertxThread()) {
                try {
                    closing.toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                    LOG.log(System.Logger.Level.WARNING, "vertx loop: closing its Vert.x instance did not finish", e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "VertxLoop[" + describeLoopThread() + (embedded ? ", embedded" : "") + "]";
    }

    // ---- hand-off from a driving thread ----

    private void handOff(Phase kind, String method) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException(method + " was called on Vert.x event-loop thread '"
                    + Thread.currentThread().getName() + "' and would block it: embed the kernel in a context instead"
                    + " (VertxLoop.embed(context) or a PoeVerticle), or drive it from a thread of your own");
        }
        if (closed) {
            throw new IllegalStateException(method + " on a closed vertx loop: make a new kernel");
        }
        if (embedded) {
            throw new IllegalStateException(method + " from thread '" + Thread.currentThread().getName()
                    + "' on an embedded vertx loop: the kernel runs on its Vert.x context as its sessions have"
                    + " work; post to it instead, and wait for VertxLoop.done()");
        }
        if (!driving.compareAndSet(false, true)) {
            throw new IllegalStateException(method + ": this kernel is already running (driven by thread '"
                    + owner.getName() + "'); it cannot be driven from two threads at once");
        }
        owner = Thread.currentThread();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        pendingHandoff = finished;
        try {
            try {
                eventLoop.execute(() -> begin(kind, finished));
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException(method + ": the Vert.x instance of this loop is closed", e);
            }
            if (eventLoop.isTerminated()) {
                abandon(new IllegalStateException(method + ": the Vert.x instance of this loop is closed"));
            }
            finished.join();
        } catch (CompletionException e) {
            throw VertxLoop.<RuntimeException>rethrow(e.getCause());
        } finally {
            pendingHandoff = null;
            driving.set(false);
        }
    }

    /** Vert.x stopped under a waiting driver: let it go rather than block forever. */
    private void abandon(RuntimeException reason) {
        CompletableFuture<Void> waiting = pendingHandoff;
        if (waiting != null) {
            waiting.completeExceptionally(reason);
        }
    }

    private void begin(Phase kind, CompletableFuture<Void> finished) {
        handoff = finished;
        phase = kind;
        haltRequested = false;
        context.dispatch(() -> {
            try {
                beginTimeslice();
                long due = host.nextDueNanos();
                if (kind == Phase.SLICE) {
                    if (hasReadiness() || isDue(due) || !host.hasSessions()) {
                        finishSlice();
                    } else {
                        armFor(due);
                    }
                } else if (!host.hasSessions()) {
                    endHandoff(null);
                } else {
                    if (hasReadiness()) {
                        requestHop();
                    }
                    armFor(due);
                }
            } catch (Throwable t) {
                endHandoff(t);
            }
        });
    }

    private void finishSlice() {
        deliverReady();
        dispatchDue();
        endHandoff(null);
    }

    private void endHandoff(Throwable failure) {
        phase = Phase.IDLE;
        haltRequested = false;
        cancelTimer();
        CompletableFuture<Void> finished = handoff;
        handoff = null;
        if (finished != null) {
            if (failure == null) {
                finished.complete(null);
            } else {
                finished.completeExceptionally(failure);
            }
        }
    }

    // ---- work on the event loop ----

    private void requestHop() {
        if (hopPending.compareAndSet(false, true)) {
            try {
                eventLoop.execute(hop);
            } catch (RejectedExecutionException e) {
                hopPending.set(false); // Vert.x is closed: nothing runs here any more.
            }
        }
    }

    private void onHop() {
        hopPending.set(false);
        if (phase != Phase.IDLE) {
            context.dispatch(work);
        }
    }

    private void onTimer() {
        timer = null;
        if (phase == Phase.IDLE) {
            return;
        }
        if (System.nanoTime() - timerDue < 0) {
            armFor(timerDue); // never early
            return;
        }
        context.dispatch(work);
    }

    private void work() {
        try {
            switch (phase) {
                case SLICE -> finishSlice();
                case RUN, EMBEDDED -> batch();
                default -> {
                }
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** One timeslice in callback form: hand over readiness and due work, then begin the next. */
    private void batch() {
        if (!haltRequested) {
            deliverReady();
            dispatchDue();
            beginTimeslice();
        }
        if (phase == Phase.EMBEDDED) {
            // Nobody calls run() to rethrow what stopped an embedded kernel: done() reports it.
            Throwable failure = host.takeFailure();
            if (failure != null) {
                fail(failure);
            }
        }
        if (haltRequested || !host.hasSessions()) {
            haltRequested = false;
            if (phase == Phase.RUN) {
                endHandoff(null);
            } else {
                done.tryComplete();
            }
            return;
        }
        armFor(host.nextDueNanos());
    }

    private void fail(Throwable failure) {
        if (phase == Phase.EMBEDDED) {
            context.reportException(failure);
            done.tryFail(failure);
        } else if (phase != Phase.IDLE) {
            endHandoff(failure);
        }
    }

    /**
     * Starts a timeslice unless one is already begun: the kernel's idle check must run once
     * per dispatch, as in the select loop, or it would queue IDLE twice.
     */
    private void beginTimeslice() {
        if (!timesliceBegun) {
            timesliceBegun = true;
            host.beginTimeslice();
        }
    }

    private void dispatchDue() {
        timesliceBegun = false;
        host.dispatchDue();
    }

    private boolean hasReadiness() {
        return !readyQueue.isEmpty() || bridge != null && bridge.hasPending();
    }

    private void deliverReady() {
        if (bridge != null) {
            try (ReadyBatch batch = bridge.take()) {
                for (Readiness ready : batch.readiness()) {
                    host.channelReady(ready.channel(), ready.mode());
                }
            }
            return;
        }
        ChannelWatch watch;
        while ((watch = readyQueue.poll()) != null) {
            watch.queued = false;
            int modes = watch.takeReady();
            if ((modes & ChannelWatch.READ) != 0) {
                host.channelReady(watch.channel, IoMode.READ);
            }
            if ((modes & ChannelWatch.WRITE) != 0) {
                host.channelReady(watch.channel, IoMode.WRITE);
            }
        }
    }

    /** The bridge thread found readiness: the hop it made runs this on the event loop. */
    private void onBridgePending() {
        if (phase != Phase.IDLE) {
            context.dispatch(work);
        }
        // Otherwise the readiness waits in the bridge for the next run or timeslice.
    }

    private void executeOnLoop(Runnable task) {
        eventLoop.execute(task);
    }

    private void signalled(ChannelWatch watch) {
        if (!watch.queued) {
            watch.queued = true;
            readyQueue.add(watch);
        }
        if (phase != Phase.IDLE) {
            requestHop();
        }
    }

    private static boolean isDue(long dueNanos) {
        return dueNanos != Long.MAX_VALUE && dueNanos - System.nanoTime() <= 0;
    }

    private void armFor(long dueNanos) {
        if (dueNanos == Long.MAX_VALUE) {
            cancelTimer();
            return;
        }
        long delay = dueNanos - System.nanoTime();
        if (delay <= 0) {
            cancelTimer();
            requestHop();
            return;
        }
        if (timer != null) {
            if (timerDue == dueNanos) {
                return;
            }
            timer.cancel(false);
        }
        timerDue = dueNanos;
        timer = eventLoop.schedule(timerFired, delay, TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    // ---- channels ----

    private void sendWatch(SelectableChannel channel, int watched, int paused) {
        if (eventLoop.inEventLoop()) {
            applyWatch(channel, watched, paused, true);
        } else {
            try {
                eventLoop.execute(() -> applyWatch(channel, watched, paused, false));
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("the Vert.x instance of this loop is closed", e);
            }
        }
    }

    private void applyWatch(SelectableChannel channel, int watched, int paused, boolean callerWaits) {
        ChannelWatch watch = selectorWatches.get(channel);
        if (watched == 0) {
            if (watch != null) {
                selectorWatches.remove(channel);
                watch.update(0, 0);
                watch.cancel();
            }
            return;
        }
        if (watch == null) {
            watch = new ChannelWatch(channel, readySink);
            io.netty.util.concurrent.Future<IoRegistration> registering = nioEventLoop.register(watch);
            if (!registering.isSuccess()) {
                Throwable cause = registering.cause();
                String what = "the vertx loop cannot watch " + channel + ": " + cause;
                if (callerWaits) {
                    throw cause instanceof IOException io ? new UncheckedIOException(what, io)
                            : new IllegalStateException(what, cause);
                }
                LOG.log(System.Logger.Level.WARNING, what, cause);
                return;
            }
            watch.registered(registering.getNow());
            selectorWatches.put(channel, watch);
        }
        watch.update(watched, paused);
    }

    private void release() {
        if (handoff != null) {
            endHandoff(null);
        }
        phase = Phase.IDLE;
        cancelTimer();
        for (ChannelWatch watch : selectorWatches.values()) {
            watch.cancel();
        }
        selectorWatches.clear();
        readyQueue.clear();
        done.tryComplete();
    }

    /** The selection key of a watched channel, for tests; call on the event-loop thread. */
    Object selectionKey(SelectableChannel channel) {
        ChannelWatch watch = selectorWatches.get(channel);
        return watch == null ? null : watch.selectionKey();
    }

    private String describeLoopThread() {
        return eventLoop.toString();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable failure) throws T {
        throw (T) failure;
    }
}
