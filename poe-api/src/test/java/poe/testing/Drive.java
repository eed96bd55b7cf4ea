package poe.testing;

import poe.Kernel;

/**
 * The two ways a test drives a kernel (CONFORMANCE.md 1.2), for poe-api's own tests.
 *
 * <pre>{@code
 * @ParameterizedTest @EnumSource(Drive.class)
 * void works(Drive drive) { Kernel k = drive.kernel(); ...; drive.drive(k); }
 * }</pre>
 */
public enum Drive {
    /** {@code kernel.run()}. */
    RUN,
    /** {@code runOneTimeslice()} until it returns false. */
    TIMESLICE;

    /** A new kernel on the test-only loop. */
    public Kernel kernel() {
        return Kernel.create(new SleepingLoop());
    }

    /** Drives the kernel until no session is left. */
    public void drive(Kernel kernel) {
        if (this == RUN) {
            kernel.run();
        } else {
            while (kernel.runOneTimeslice()) {
                // one slice at a time
            }
        }
    }
}
