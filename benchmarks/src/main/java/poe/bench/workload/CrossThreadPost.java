package poe.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import poe.Kernel;
import poe.Session;

/**
 * Producer threads post {@code n} events in all, by alias, into one session of a kernel
 * running on its own thread. Rated as events received per second.
 *
 * <pre>{@code
 * ExecutorService producers = Executors.newFixedThreadPool(4);
 * new CrossThreadPost(1_000_000, 4, producers)
 * }</pre>
 */
public final class CrossThreadPost implements KernelWorkload {

    private final int n;
    private final int threads;
    private final ExecutorService producers;
    private final List<Future<?>> running = new ArrayList<>();
    private int received;

    /**
     * @param n         events in all (a multiple of {@code threads})
     * @param threads   how many producers
     * @param producers where they run (at least {@code threads} threads)
     */
    public CrossThreadPost(int n, int threads, ExecutorService producers) {
        if (n % threads != 0) {
            throw new IllegalArgumentException("n (" + n + ") must be a multiple of threads (" + threads + ")");
        }
        this.n = n;
        this.threads = threads;
        this.producers = producers;
    }

    @Override
    public String name() {
        return "cross-thread-post";
    }

    @Override
    public long ops() {
        return n;
    }

    @Override
    public void start(Kernel kernel) {
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("sink");
                    // work will come from outside: keep the kernel from seeing an idle program
                    ev.kernel().refcountIncrement(ev.session().id(), "producers");
                })
                .on("ev", ev -> {
                    if (++received == n) {
                        ev.kernel().refcountDecrement(ev.session().id(), "producers");
                        ev.kernel().aliasRemove("sink");
                    }
                })
                .create(kernel);
        int each = n / threads;
        for (int t = 0; t < threads; t++) {
            running.add(producers.submit(() -> {
                for (int i = 0; i < each; i++) {
                    kernel.post("sink", "ev");
                }
            }));
        }
    }

    @Override
    public void verify() {
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while joining producers", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a producer failed", e.getCause());
            }
        }
        KernelWorkload.expect("events received", n, received);
    }
}
