package poe.bench;

/**
 * One measured line: a workload on one implementation, in operations per second (median
 * of the measured iterations, with their minimum and maximum).
 *
 * <pre>{@code
 * new Row("yield-chain", "poe/select", 3.1e7, 2.9e7, 3.2e7, 5)
 * }</pre>
 *
 * @param workload e.g. {@code yield-chain}
 * @param impl     {@code poe/LOOP}, {@code plain}, {@code netty}, {@code vertx}, {@code stpe}
 * @param median   operations per second
 * @param min      lowest iteration
 * @param max      highest iteration
 * @param samples  iterations measured
 */
public record Row(String workload, String impl, double median, double min, double max, int samples) {

    /** Whether this is the kernel (on some loop) rather than a baseline. */
    public boolean isKernel() {
        return impl.startsWith("poe/");
    }

    /** The loop, for kernel rows; null otherwise. */
    public String loop() {
        return isKernel() ? impl.substring(4) : null;
    }

    /** Spread as a fraction of the median: (max - min) / median. */
    public double spread() {
        return median == 0 ? 0 : (max - min) / median;
    }
}
