package poe.bench.workload;

import java.util.SplittableRandom;

/**
 * The timer workloads' delays: uniform in [0, 1) seconds, the same sequence for every
 * implementation (fixed seed), made once outside the measured runs.
 *
 * <pre>{@code
 * double[] delays = RandomDelays.seconds(1_000_000);
 * }</pre>
 */
public final class RandomDelays {

    private static final long SEED = 0x5EED_CAFEL;

    private RandomDelays() {
    }

    /**
     * @param n how many
     * @return delays in seconds, each in [0, 1)
     */
    public static double[] seconds(int n) {
        SplittableRandom random = new SplittableRandom(SEED);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = random.nextDouble();
        }
        return d;
    }
}
