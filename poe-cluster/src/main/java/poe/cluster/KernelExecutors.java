package poe.cluster;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import io.vertx.core.spi.context.executor.EventExecutorProvider;
import poe.Kernel;

/**
 * Lets a kernel's own thread be a Vert.x context. Vert.x asks its event executor provider
 * for the executor of a thread that is not its own when that thread first needs a context
 * (sends a request, registers a consumer); for the thread of a kernel registered here the
 * answer is an executor that runs Vert.x's tasks as events of that kernel. A reply to a
 * request the kernel sent, or a message to a consumer it registered, then goes from the
 * event loop that read it straight to the kernel, with no second event loop in between.
 * One per clustered Vert.x that {@link ClusterNode#clusteredVertx} makes.
 *
 * <pre>{@code
 * KernelExecutors executors = new KernelExecutors();
 * // VertxBootstrap.create().eventExecutorProvider(executors) ...
 * executors.add(kernel, task -> kernel.post(proxy, "exec", task));
 * }</pre>
 */
final class KernelExecutors implements EventExecutorProvider {

    private record Entry(Kernel kernel, Executor executor) {
    }

    private final CopyOnWriteArrayList<Entry> kernels = new CopyOnWriteArrayList<>();

    /** From now on, Vert.x contexts made on {@code kernel}'s thread run their tasks with {@code executor}. */
    void add(Kernel kernel, Executor executor) {
        kernels.add(new Entry(kernel, executor));
    }

    /** Undoes {@link #add} for that kernel (contexts made before keep their executor). */
    void remove(Kernel kernel) {
        kernels.removeIf(e -> e.kernel() == kernel);
    }

    @Override
    public Executor eventExecutorFor(Thread thread) {
        if (thread != Thread.currentThread()) {
            return null;                       // Vert.x asks for the current thread; anything else is not ours to judge
        }
        for (Entry e : kernels) {
            if (e.kernel().loop().inLoopThread()) {
                return e.executor();
            }
        }
        return null;
    }
}
