package poe.examples;

import poe.Kernel;
import poe.Session;

/**
 * Timers: named delays, a timer set by ID and then moved, one removed before it fires, and
 * a repeating tick that stops itself.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.Timers
 * }</pre>
 */
public final class Timers {

    private Timers() {
    }

    /** Runs the example. */
    public static void main(String[] args) {
        Kernel kernel = Kernel.create();
        long start = System.nanoTime();
        Session.builder()
                .on("_start", ev -> {
                    Kernel k = ev.kernel();
                    k.delay("tick", 0.1, 1);
                    long late = k.delaySet("moved", 5.0);
                    k.delayAdjust(late, 0.25);                      // re-aimed: fires at 0.25 s, not 5 s
                    long never = k.delaySet("never", 0.2);
                    k.alarmRemove(never).ifPresent(info -> System.out.println("removed timer '" + info.event() + "'"));
                })
                .on("tick", ev -> {
                    int n = ev.arg(0);
                    System.out.printf("%4d ms  tick %d%n", (System.nanoTime() - start) / 1_000_000, n);
                    if (n < 5) {
                        ev.kernel().delay("tick", 0.1, n + 1);
                    }
                })
                .on("moved", ev -> System.out.printf("%4d ms  moved timer fired%n", (System.nanoTime() - start) / 1_000_000))
                .on("never", ev -> System.out.println("this never prints"))
                .create(kernel);
        kernel.run();
        kernel.close();
    }
}
