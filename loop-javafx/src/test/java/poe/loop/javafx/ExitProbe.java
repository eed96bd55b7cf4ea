package poe.loop.javafx;

import poe.Kernel;
import poe.Session;

/** A program that runs a kernel on the javafx loop from main and returns: the JVM must exit. */
public final class ExitProbe {
    private ExitProbe() {
    }

    /**
     * Runs three ticks on the FX thread, then returns from main.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Kernel kernel = Kernel.create("javafx");
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
        System.out.println("ran " + ticks[0] + " ticks; main returns");
    }
}
