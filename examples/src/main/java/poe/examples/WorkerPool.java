package poe.examples;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.wheel.Run;

/**
 * A static pool of worker processes (POE's "managing multiple forked workers"): a
 * controller session keeps N worker JVMs ({@link WorkerPoolWorker}, started with
 * {@link Run.Builder#javaMain}) busy with one job each, collects their results, and
 * restarts a worker that dies (its job is reported as failed). When the jobs run out, each
 * worker's stdin is closed and the pool ends once every worker has exited.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.WorkerPool \
 *     -Dexec.args="3 100 1000 crash 10000 100000 1000000"
 * </pre>
 */
public final class WorkerPool {

    private WorkerPool() {
    }

    /** Per-worker bookkeeping, kept in the controller's heap. */
    private static final class Worker {
        final Run run;
        String job;

        Worker(Run run) {
            this.run = run;
        }
    }

    /**
     * Runs the jobs on {@code workers} worker processes.
     *
     * @return job → result (or {@code "failed: worker died"}), in the order of the jobs
     */
    public static Map<String, String> run(int workers, List<String> jobs) {
        Map<String, String> results = new LinkedHashMap<>();
        jobs.forEach(j -> results.put(j, null));
        Deque<String> queue = new ArrayDeque<>(jobs);
        Map<Long, Worker> pool = new HashMap<>();
        Kernel kernel = Kernel.create();
        Session.builder()
                .on("_start", ev -> {
                    for (int i = 0; i < workers && !queue.isEmpty(); i++) {
                        startWorker(ev, pool, queue);
                    }
                })
                .on("result", ev -> {
                    Worker w = pool.get(ev.<Long>arg(1));
                    String line = ev.arg(0);
                    int eq = line.indexOf('=');
                    results.put(line.substring(0, eq), line.substring(eq + 1));
                    w.job = null;
                    feed(w, queue);
                })
                .on("worker_stderr", ev -> System.err.println("  (worker said: " + ev.arg(0) + ")"))
                .on("worker_closed", ev -> {
                    Worker w = pool.remove(ev.<Long>arg(0));
                    w.run.close();
                    if (w.job != null) {
                        results.put(w.job, "failed: worker died");
                        if (!queue.isEmpty()) {
                            startWorker(ev, pool, queue);           // keep the pool at strength
                        }
                    }
                })
                .create(kernel);
        kernel.run();
        kernel.close();
        return results;
    }

    private static void startWorker(EventContext ev, Map<Long, Worker> pool, Deque<String> queue) {
        Run run = Run.builder().javaMain(WorkerPoolWorker.class)
                .stdoutEvent("result").stderrEvent("worker_stderr").closeEvent("worker_closed")
                .create(ev.kernel());
        Worker w = new Worker(run);
        pool.put(run.id(), w);
        feed(w, queue);
    }

    private static void feed(Worker w, Deque<String> queue) {
        String job = queue.poll();
        if (job == null) {
            w.run.shutdownStdin();                          // no more work: the worker ends
            return;
        }
        w.job = job;
        w.run.put(job);
    }

    /**
     * {@code WorkerPool N job...}: N workers (default 3) and the jobs (default a few).
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> jobs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            jobs.add(args[i]);
        }
        if (jobs.isEmpty()) {
            jobs = List.of("100", "1000", "crash", "10000", "100000", "1000000");
        }
        long t0 = System.nanoTime();
        Map<String, String> results = run(n, jobs);
        results.forEach((job, result) -> System.out.println(job + " -> " + result));
        System.out.printf("%d jobs on %d workers in %.1f s%n", jobs.size(), n, (System.nanoTime() - t0) / 1e9);
    }
}
