package poe.bench;

/**
 * One of the performance targets, judged on one run's figures.
 *
 * <pre>{@code
 * new Target("yield-chain select / plain", 0.82, ">= 0.7", true)
 * }</pre>
 *
 * @param name  what is compared
 * @param value the measured figure (a ratio, seconds, ops/s or bytes)
 * @param goal  the goal, as text
 * @param met   whether the figure meets the goal; null when it could not be measured
 */
public record Target(String name, double value, String goal, Boolean met) {

    /** A target whose inputs are missing from the run. */
    static Target missing(String name, String goal) {
        return new Target(name, Double.NaN, goal, null);
    }

    /** "met", "MISSED", or "n/a". */
    public String verdict() {
        return met == null ? "n/a" : met ? "met" : "MISSED";
    }
}
