package poe.compat.exit;

import poe.Kernel;
import poe.Session;

/**
 * A program that runs a kernel on the startup choice of loop ({@code -Dpoe.loop=...}) from
 * main and returns without closing it: the JVM must exit, as a POE program ends when
 * {@code run()} returns.
 */
public final class RunReturnsProbe {
    private RunReturnsProbe() {
    }

    /**
     * Runs three ticks, then returns from main.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Kernel kernel = Kernel.create();
        int[] ticks = new int[1];
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("tick", 0.01))
                .on("tick", ev -> {
                    if (++ticks[0] < 3) {
                        ev.kernel().delay("tick", 0.01);
                    }
                })
                .create(kernel);
        kernel.run();
        System.out.println("ran " + ticks[0] + " ticks on " + kernel.loopName() + "; main returns");
    }
}
