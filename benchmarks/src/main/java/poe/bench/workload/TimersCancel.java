package poe.bench.workload;

import poe.Kernel;
import poe.Session;

/**
 * Sets {@code n} timers with {@code alarmSet} (random times a minute ahead, so none fires),
 * then removes every one by ID with {@code alarmRemove}. Rated as set+remove pairs per second.
 *
 * <pre>{@code
 * new TimersCancel(RandomDelays.seconds(1_000_000))
 * }</pre>
 */
public final class TimersCancel implements KernelWorkload {

    private final double[] delays;
    private int removed;

    /** @param delays one timer per delay; each is set at now + 60 s + delay */
    public TimersCancel(double[] delays) {
        this.delays = delays;
    }

    @Override
    public String name() {
        return "timers-cancel";
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
                    double base = System.currentTimeMillis() / 1000.0 + 60;
                    long[] ids = new long[delays.length];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = k.alarmSet("t", base + delays[i]);
                    }
                    for (long id : ids) {
                        if (k.alarmRemove(id).isPresent()) {
                            removed++;
                        }
                    }
                })
                .on("t", ev -> {
                    throw new IllegalStateException("a removed timer fired");
                })
                .create(kernel);
    }

    @Override
    public void verify() {
        KernelWorkload.expect("timers removed", delays.length, removed);
    }
}
