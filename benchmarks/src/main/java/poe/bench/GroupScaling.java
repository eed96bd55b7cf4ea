package poe.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import poe.Kernel;
import poe.Session;
import poe.group.KernelGroup;

/**
 * {@code group-scaling}: a CPU-bound workload spread over a {@link KernelGroup} of N
 * kernels against the same workload on one kernel, in alternate rounds of one JVM (one
 * ratio per round, so the machine's drift cancels out; the first third of the rounds is
 * warm-up). Each round posts {@code jobs} events from the calling thread, by name, dealt
 * round-robin to one worker session per kernel; each job is {@code work} steps of a
 * 64-bit LCG, folded into the worker's sum (a few tens of microseconds). The one kernel
 * is a plain {@code Kernel} on a thread of its own with one worker, posted to by alias.
 *
 * <pre>{@code
 * GroupScaling.Result r = GroupScaling.run(2, 4_000, 20_000, 15);
 * System.out.println(r.ratioMedian());          // >= 1.7 on 2 idle cores
 * }</pre>
 */
public final class GroupScaling {

    /** Jobs per round in the suite. */
    public static final int JOBS = 4_000;
    /** LCG steps per job in the suite (about 20-40 us on this machine's cores). */
    public static final int WORK = 20_000;

    /**
     * One run's figures.
     *
     * @param kernels     the group's size
     * @param oneKernel   median jobs/s of the one kernel over the measured rounds
     * @param group       median jobs/s of the group over the same rounds
     * @param ratioP25    first quartile of the per-round ratios (group / one kernel)
     * @param ratioMedian their median
     * @param ratioP75    their third quartile
     * @param rounds      measured rounds
     * @param oneCores    median cores the JVM used during the one kernel's rounds (process CPU
     *                    time over wall time; at most about 1)
     * @param groupCores  the same during the group's rounds (at most about {@code kernels}): on a
     *                    machine busy with other work the group gets less than its cores, and
     *                    this says so. Process CPU time ticks coarsely (10 ms on Linux): read
     *                    it for rounds of a tenth of a second or more, as in the suite
     */
    public record Result(int kernels, double oneKernel, double group, double ratioP25, double ratioMedian,
                         double ratioP75, int rounds, double oneCores, double groupCores) {
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** Jobs/s of one round, and cores used meanwhile. */
    private record Round(double rate, double cores) {
    }

    private GroupScaling() {
    }

    /**
     * @param kernels the group's size (at least 2)
     * @param jobs    jobs per round (a multiple of {@code kernels})
     * @param work    LCG steps per job
     * @param rounds  rounds, at least 3
     * @return the figures
     * @throws InterruptedException if interrupted while waiting for a round
     */
    public static Result run(int kernels, int jobs, int work, int rounds) throws InterruptedException {
        if (rounds < 3 || kernels < 2 || jobs % kernels != 0) {
            throw new IllegalArgumentException("GroupScaling: rounds >= 3, kernels >= 2, jobs a multiple of kernels;"
                    + " got " + rounds + ", " + kernels + ", " + jobs);
        }
        Kernel[] one = new Kernel[1];
        CompletableFuture<Void> oneUp = new CompletableFuture<>();
        Thread oneThread = new Thread(() -> {
            one[0] = Kernel.create("select");
            worker(work).on("_start", ev -> {
                ev.kernel().aliasSet("worker");
                ev.kernel().refcountIncrement(ev.session().id(), "bench");
                oneUp.complete(null);
            }).on("release", ev -> {
                ev.kernel().aliasRemove("worker");
                ev.kernel().refcountDecrement(ev.session().id(), "bench");
            }).create(one[0]);
            one[0].run();
        }, "scaling-one");
        oneThread.start();
        KernelGroup group = KernelGroup.create(kernels);
        group.start(k -> worker(work).on("_start", ev -> group.publish("worker-" + group.indexOf(ev.kernel())))
                .on("release", ev -> group.unpublish("worker-" + group.indexOf(ev.kernel()))).create(k));
        try {
            oneUp.get(60, TimeUnit.SECONDS);
            Round[] single = new Round[rounds];
            Round[] spread = new Round[rounds];
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    single[r] = roundOnOne(one[0], jobs);
                    spread[r] = roundOnGroup(group, kernels, jobs);
                } else {
                    spread[r] = roundOnGroup(group, kernels, jobs);
                    single[r] = roundOnOne(one[0], jobs);
                }
            }
            int from = rounds / 3;
            int n = rounds - from;
            double[] s = new double[n];
            double[] g = new double[n];
            double[] sc = new double[n];
            double[] gc = new double[n];
            double[] ratios = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = single[from + i].rate();
                g[i] = spread[from + i].rate();
                sc[i] = single[from + i].cores();
                gc[i] = spread[from + i].cores();
                ratios[i] = g[i] / s[i];
            }
            Arrays.sort(ratios);
            return new Result(kernels, HeadToHead.median(s), HeadToHead.median(g), HeadToHead.quantile(ratios, 0.25),
                    HeadToHead.quantile(ratios, 0.5), HeadToHead.quantile(ratios, 0.75), n, HeadToHead.median(sc),
                    HeadToHead.median(gc));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("group-scaling: a round did not finish: " + e, e);
        } finally {
            for (int i = 0; i < kernels; i++) {
                group.post("worker-" + i, "release");
            }
            group.shutdown();
            group.join();
            if (one[0] != null) {
                one[0].post("worker", "release");
            }
            oneThread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /** A worker: "expect" (count, future) arms it, each "job" works and counts. */
    private static poe.SessionBuilder worker(int work) {
        long[] sum = {0};
        int[] left = {0};
        Object[] done = {null};
        return Session.builder()
                .on("expect", ev -> {
                    left[0] = ev.arg(0);
                    done[0] = ev.arg(1);
                })
                .on("job", ev -> {
                    long x = ev.<Integer>arg(0);
                    for (int i = 0; i < work; i++) {
                        x = x * 6364136223846793005L + 1442695040888963407L;
                    }
                    sum[0] += x;
                    if (--left[0] == 0) {
                        @SuppressWarnings("unchecked")
                        CompletableFuture<Long> f = (CompletableFuture<Long>) done[0];
                        f.complete(sum[0]);
                    }
                });
    }

    private static Round roundOnOne(Kernel kernel, int jobs)
            throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        CompletableFuture<Long> done = new CompletableFuture<>();
        kernel.post("worker", "expect", jobs, done);
        long t0 = System.nanoTime();
        long cpu0 = OS.getProcessCpuTime();
        for (int i = 0; i < jobs; i++) {
            kernel.post("worker", "job", i);
        }
        done.get(120, TimeUnit.SECONDS);
        return round(jobs, t0, cpu0);
    }

    private static Round roundOnGroup(KernelGroup group, int kernels, int jobs)
            throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        List<CompletableFuture<Long>> done = new ArrayList<>();
        String[] names = new String[kernels];
        for (int k = 0; k < kernels; k++) {
            names[k] = "worker-" + k;
            CompletableFuture<Long> f = new CompletableFuture<>();
            done.add(f);
            group.post(names[k], "expect", jobs / kernels, f);
        }
        long t0 = System.nanoTime();
        long cpu0 = OS.getProcessCpuTime();
        for (int i = 0; i < jobs; i++) {
            group.post(names[i % kernels], "job", i);
        }
        for (CompletableFuture<Long> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        return round(jobs, t0, cpu0);
    }

    private static Round round(int jobs, long t0, long cpu0) {
        long wall = System.nanoTime() - t0;
        return new Round(jobs / (wall / 1e9), (OS.getProcessCpuTime() - cpu0) / (double) wall);
    }

    /** {@code GroupScaling [kernels] [jobs] [work] [rounds]}: prints one run's figures. */
    public static void main(String[] args) throws Exception {
        int kernels = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Result r = run(kernels, args.length > 1 ? Integer.parseInt(args[1]) : JOBS,
                args.length > 2 ? Integer.parseInt(args[2]) : WORK, args.length > 3 ? Integer.parseInt(args[3]) : 15);
        System.out.println(r);
    }
}
