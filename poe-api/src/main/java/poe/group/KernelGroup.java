package poe.group;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import poe.Errno;
import poe.Kernel;
import poe.KernelException;
import poe.Session;
import poe.Target;

/**
 * Several kernels in one JVM, one per thread (by default one per core), with names that
 * reach a session from any kernel of the group and from any thread. Perl's POE runs one
 * kernel per process; a group is how a Java program uses its cores while each session
 * still runs on one thread and sees POE's semantics.
 *
 * <pre>{@code
 * KernelGroup group = KernelGroup.create(2);                 // two select loops, two threads
 * group.start(kernel -> Session.builder()                    // runs on each kernel's thread
 *     .on("_start", ev -> group.publish("worker-" + group.indexOf(ev.kernel())))
 *     .on("job", ev -> System.out.println(Thread.currentThread().getName() + " does " + ev.arg(0)))
 *     .create(kernel));
 * group.post("worker-1", "job", "build");                    // from any thread or kernel
 * group.shutdown();                                          // let the kernels end once idle
 * group.join();                                              // rethrows a kernel's unhandled DIE
 * }</pre>
 *
 * <h2>Lifetime</h2>
 * Each kernel runs {@code run()} on a thread of its own ({@code poe-group-N}). While the
 * group is open, each kernel keeps a small session of the group's that holds it (an extra
 * reference), so a kernel without sessions of its own waits for work instead of returning;
 * {@link #shutdown()} lets go of them, and each kernel then returns from {@code run()} as
 * POE's does, when its last session has stopped. {@link #join()} waits for all of them.
 *
 * <h2>Names</h2>
 * {@link #publish(String)} names the active session group-wide, until it stops or
 * {@link #unpublish(String)}; the name is also an alias of the session on its own kernel,
 * and keeps it alive as an alias does (until IDLE, once the group lets go of its kernel).
 * {@link #post} delivers to it through its kernel's inbox, so
 * the events one thread posts to one name arrive in the order posted. A post to a name
 * nobody publishes goes to the first kernel as a post to that alias, and is reported as
 * that kernel reports a post to an unknown alias.
 *
 * <h2>Failures</h2>
 * An exception no session handles ends that kernel as {@code run()} does (K3-DIE); the
 * other kernels go on. {@link #join()} rethrows the first such failure (others are
 * suppressed into it) once every kernel has returned.
 */
public final class KernelGroup {

    private static final String HOLD = "poe.group.hold";

    private final String loopName;
    private final Kernel[] kernels;
    private final List<Kernel> kernelList;
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentHashMap<String, Session> names = new ConcurrentHashMap<>();
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Session> holders = Collections.synchronizedList(new ArrayList<>());
    private final Session[] holderOf;
    private volatile boolean started;

    private KernelGroup(int size, String loopName) {
        this.loopName = loopName;
        this.kernels = new Kernel[size];
        this.kernelList = java.util.Arrays.asList(kernels);
        this.holderOf = new Session[size];
    }

    /**
     * A group of {@code size} select-loop kernels.
     *
     * @param size how many kernels, at least 1
     * @return the group, not started
     */
    public static KernelGroup create(int size) {
        return create(size, "select");
    }

    /** A group of one kernel per available processor, on the select loop. */
    public static KernelGroup perCore() {
        return create(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A group of {@code size} kernels on the named loop; each must be able to run on a
     * thread of the group's (select, or vertx with a Vert.x instance per kernel).
     *
     * @param size     how many kernels, at least 1
     * @param loopName the loop, as {@link Kernel#create(String)} takes it
     * @return the group, not started
     */
    public static KernelGroup create(int size, String loopName) {
        if (size < 1) {
            throw new IllegalArgumentException("KernelGroup: size must be at least 1, got " + size);
        }
        Objects.requireNonNull(loopName, "loopName");
        return new KernelGroup(size, loopName);
    }

    /** How many kernels. */
    public int size() {
        return kernels.length;
    }

    /**
     * One kernel of the group; use it only from its own thread (a handler), or its
     * thread-safe methods ({@code post}, {@code signal}, {@code stop}) from anywhere.
     *
     * @param index 0 .. size-1
     * @return the kernel
     * @throws IllegalStateException before {@link #start}: each kernel is made on its own thread
     */
    public Kernel kernel(int index) {
        Kernel k = kernels[index];
        if (k == null) {
            throw new IllegalStateException("KernelGroup: kernel " + index + " does not exist before start()");
        }
        return k;
    }

    /**
     * The index of a kernel of this group.
     *
     * @param kernel a kernel
     * @return its index
     * @throws IllegalArgumentException if it is not of this group
     */
    public int indexOf(Kernel kernel) {
        int i = kernelList.indexOf(kernel);
        if (i < 0) {
            throw new IllegalArgumentException(kernel + " is not a kernel of this group");
        }
        return i;
    }

    /**
     * Starts every kernel on a thread of its own and runs {@code setup} there first, with
     * the kernel (create the kernel's sessions in it). Returns once every setup has run.
     *
     * @param setup what each kernel does first, on its own thread
     * @throws IllegalStateException if the group was started before
     */
    public void start(Consumer<Kernel> setup) {
        Objects.requireNonNull(setup, "setup");
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("KernelGroup: already started; a group runs once");
            }
            started = true;
        }
        CountDownLatch ready = new CountDownLatch(kernels.length);
        for (int i = 0; i < kernels.length; i++) {
            int index = i;
            Thread t = new Thread(() -> runKernel(index, setup, ready), "poe-group-" + i);
            threads.add(t);
            t.start();
        }
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("KernelGroup.start: interrupted while the kernels were starting", e);
        }
    }

    private void runKernel(int index, Consumer<Kernel> setup, CountDownLatch ready) {
        Kernel kernel;
        try {
            kernel = Kernel.create(loopName);                 // made here: the kernel belongs to this thread
            kernels[index] = kernel;
        } catch (Throwable t) {
            failures.add(t);
            ready.countDown();
            return;
        }
        try {
            Session holder = Session.builder()
                    .on("_start", ev -> ev.kernel().refcountIncrement(ev.session().id(), HOLD))
                    .on("release", ev -> ev.kernel().refcountDecrement(ev.session().id(), HOLD))
                    .on("execute", ev -> ev.<Consumer<Kernel>>arg(0).accept(ev.kernel()))
                    .on("_stop", ev -> { })
                    .create(kernel);
            holderOf[index] = holder;
            holders.add(holder);
            setup.accept(kernel);
        } catch (Throwable t) {
            failures.add(t);
            kernel.stop();
        } finally {
            ready.countDown();
        }
        try {
            kernel.run();
        } catch (Throwable t) {
            failures.add(t);
        } finally {
            names.values().removeIf(s -> s.kernel() == kernel);
            kernel.close();
        }
    }

    /**
     * Lets go of the kernels: each returns from {@code run()} once its own sessions have
     * stopped. Thread-safe; calling it again does nothing.
     */
    public void shutdown() {
        synchronized (holders) {
            for (Session holder : holders) {
                holder.kernel().post(holder, "release");
            }
            holders.clear();
        }
    }

    /** Stops every session of every kernel now (each kernel's thread-safe {@code stop()}). */
    public void stop() {
        shutdown();
        for (Kernel kernel : kernels) {
            if (kernel != null) {
                kernel.stop();
            }
        }
    }

    /**
     * Runs a task on a kernel's thread, in a handler of the group's session there (so it
     * may create sessions, which become that session's children). Thread-safe.
     *
     * @param index the kernel
     * @param task  what to do there, given the kernel
     * @return false once that kernel has stopped
     */
    public boolean execute(int index, Consumer<Kernel> task) {
        Objects.requireNonNull(task, "task");
        Session holder = holderOf[index];
        if (holder == null) {
            throw new IllegalStateException("KernelGroup.execute: kernel " + index + " has not started");
        }
        return holder.kernel().post(holder, "execute", task);
    }

    /**
     * Waits until every kernel has returned from {@code run()}.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     * @throws RuntimeException the first failure a kernel's {@code run()} threw (an
     *     unhandled DIE), with the others suppressed into it; checked exceptions wrapped
     */
    public void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
        synchronized (failures) {
            if (failures.isEmpty()) {
                return;
            }
            Throwable first = failures.get(0);
            for (Throwable other : failures.subList(1, failures.size())) {
                first.addSuppressed(other);
            }
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("a kernel of the group failed: " + first, first);
        }
    }

    /**
     * Publishes the active session under a group-wide name, until it stops or is
     * unpublished. Call it in a handler.
     *
     * @param name the name
     * @throws KernelException (EEXIST) if another live session has the name; (ESRCH)
     *     outside a handler
     */
    public void publish(String name) {
        Objects.requireNonNull(name, "name");
        Kernel kernel = currentKernel("publish");
        Target active = kernel.activeSession();
        if (!(active instanceof Session session)) {
            throw new KernelException(Errno.ESRCH, "KernelGroup.publish(\"" + name + "\") names the active session;"
                    + " call it from a handler");
        }
        Session had = names.putIfAbsent(name, session);
        if (had == session) {
            return;
        }
        if (had != null && (had.isAlive() || !names.replace(name, had, session))) {
            throw new KernelException(Errno.EEXIST, "KernelGroup: the name \"" + name + "\" is published by "
                    + had + " on kernel " + kernelList.indexOf(had.kernel()) + "; unpublish it there first");
        }
        try {
            kernel.aliasSet(name);                             // keeps the session alive, as an alias does
        } catch (KernelException e) {
            names.remove(name, session);
            throw e;
        }
        kernel.tieToSession(() -> names.remove(name, session));
    }

    /**
     * Removes a name the active session published.
     *
     * @param name the name
     * @return whether the active session had it
     */
    public boolean unpublish(String name) {
        Kernel kernel = currentKernel("unpublish");
        if (!names.remove(name, kernel.activeSession())) {
            return false;
        }
        kernel.aliasRemove(name);
        return true;
    }

    /**
     * The session published under a name.
     *
     * @param name the name
     * @return the session, empty if none (or it has stopped)
     */
    public Optional<Session> lookup(String name) {
        Session s = names.get(name);
        return s != null && s.isAlive() ? Optional.of(s) : Optional.empty();
    }

    /** The names published now. */
    public List<String> names() {
        List<String> list = new ArrayList<>(names.keySet());
        Collections.sort(list);
        return list;
    }

    /**
     * Posts an event to the session published under {@code name}, from any thread or
     * kernel; the sender is the posting session when called from a handler of this group.
     *
     * @param name  the group-wide name
     * @param event the event
     * @param args  its arguments
     * @return what the destination kernel's {@code post} returns; for a name nobody
     *     publishes, what the first kernel's post to that alias returns (false, or a
     *     KernelException in strict mode)
     */
    public boolean post(String name, String event, Object... args) {
        Session s = names.get(name);
        if (s == null || !s.isAlive()) {
            return kernel(0).post(name, event, args);
        }
        return s.kernel().post(s, event, args);
    }

    private Kernel currentKernel(String method) {
        for (Kernel k : kernels) {
            if (k != null && k.loop().inLoopThread()) {
                return k;
            }
        }
        throw new IllegalStateException("KernelGroup." + method + "() works on the active session of one of the"
                + " group's kernels: call it from a handler (thread '" + Thread.currentThread().getName() + "')");
    }

    @Override
    public String toString() {
        return "KernelGroup[" + kernels.length + " kernels, " + names.size() + " names]";
    }
}
