package poe.bench.workload;

import poe.Kernel;
import poe.Session;

/**
 * Sets {@code delaySet} timers with random delays in [0, 1) s, and runs until every one has
 * fired. Rated as timers per second of the whole run (setting plus firing, so never more
 * than {@code n} per second by construction); the target is the total time.
 *
 * <pre>{@code
 * new TimersFire(RandomDelays.seconds(1_000_000))
 * }</pre>
 */
public final class TimersFire implements KernelWorkload {

    private final double[] delays;
    private int fired;

    /** @param delays one timer per delay, in seconds */
    public TimersFire(double[] delays) {
        this.delays = delays;
    }

    @Override
    public String name() {
        return "timers-fire";
    }

    @Override
    public long ops() {
        return delays.length;
    }

    @Override
    public void start(Kernel kernel) {
        Session.builder()
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    for (double d : delays) {
                        k.delaySet("t", d);
                    }
                })
                .on("t", ev -> fired++)
                .create(kernel);
    }

    @Override
    public void verify() {
        KernelWorkload.expect("timers fired", delays.length, fired);
    }
}
