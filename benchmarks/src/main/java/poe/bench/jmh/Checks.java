package poe.bench.jmh;

/** The baselines' result check: a run that did less work than asked fails the benchmark. */
final class Checks {

    private Checks() {
    }

    static long exactly(long expected, long actual) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + " operations, the run did " + actual);
        }
        return actual;
    }
}
