package poe;

import java.time.Duration;
import java.time.Instant;

/**
 * The kernel's time (POE::Resource::Clock): due times are {@link System#nanoTime()}
 * readings, and wall-clock times ({@link Instant}, epoch seconds) are converted against
 * one pair of readings taken when the kernel was made. Immutable: any thread.
 *
 * <pre>{@code
 * long due = clock.fromNow(0.5);
 * Instant when = clock.toInstant(due);
 * }</pre>
 */
final class Clock {

    /** How far from now a timer may be set: 100 years, well inside the nanosecond clock's range. */
    private static final double MAX_TIMER_SECONDS = 100 * 365.25 * 86_400;

    final long nanoBase;
    private final Instant epochBase;

    Clock() {
        this.nanoBase = System.nanoTime();
        this.epochBase = Instant.now();
    }

    long fromNow(double seconds) {
        return System.nanoTime() + secondsToNanos(seconds);
    }

    long fromNow(Duration delay) {
        if (delay.abs().getSeconds() > MAX_TIMER_SECONDS) {
            throw absurdTime("a delay of " + delay);
        }
        return System.nanoTime() + delay.toNanos();
    }

    static long secondsToNanos(double seconds) {
        if (!(Math.abs(seconds) <= MAX_TIMER_SECONDS)) {   // also NaN
            throw absurdTime("a delay of " + seconds + " seconds");
        }
        return (long) (seconds * 1e9);
    }

    long epochToNanos(double epochSeconds) {
        if (!(Math.abs(epochSeconds - epochBase.getEpochSecond()) <= MAX_TIMER_SECONDS)) {   // also NaN
            throw absurdTime("an alarm at " + epochSeconds + " seconds since the epoch");
        }
        long whole = (long) Math.floor(epochSeconds);
        long nanos = (long) Math.round((epochSeconds - whole) * 1e9);
        return toNanos(Instant.ofEpochSecond(whole, nanos));
    }

    long toNanos(Instant when) {
        if (Math.abs(when.getEpochSecond() - epochBase.getEpochSecond()) > MAX_TIMER_SECONDS) {
            throw absurdTime("an alarm at " + when);
        }
        return nanoBase + Duration.between(epochBase, when).toNanos();
    }

    Instant toInstant(long nanos) {
        return epochBase.plusNanos(nanos - nanoBase);
    }

    private static IllegalArgumentException absurdTime(String what) {
        return new IllegalArgumentException(what + " is out of range: a timer's time must be a finite number"
                + " within 100 years of now (a time in the past fires as soon as possible)");
    }
}
