package poe.compat;

import java.util.Locale;

/**
 * How a scenario drives its kernel (CONFORMANCE.md section 1.2). Every {@link LoopTest}
 * runs once per mode.
 *
 * <pre>{@code
 * @LoopTest
 * void counts(ScenarioContext ctx) {
 *     ...
 *     ctx.drive();                       // kernel.run(), or runOneTimeslice() until false
 *     if (ctx.mode() == DriveMode.TIMESLICE) { ... }
 * }
 * }</pre>
 */
public enum DriveMode {
    /** {@code kernel.run()}: returns once no session is left (POE's {@code run}). */
    RUN,
    /** An external driver calls {@code kernel.runOneTimeslice()} until it returns false. */
    TIMESLICE;

    /** The name used in display names and reports: {@code run} or {@code timeslice}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode with this label.
     *
     * @param label {@code run} or {@code timeslice}
     * @return the mode
     * @throws IllegalArgumentException for anything else
     */
    public static DriveMode ofLabel(String label) {
        for (DriveMode m : values()) {
            if (m.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown drive mode '" + label + "'; use run or timeslice");
    }
}
