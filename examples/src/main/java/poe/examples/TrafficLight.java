package poe.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import poe.EventContext;
import poe.Kernel;
import poe.Nfa;
import poe.Postback;

/**
 * A traffic light as an NFA state machine (POE::NFA), driven by timers: red, green, yellow,
 * red... A pedestrian's button, pressed from another thread through a {@link Postback},
 * cuts a green phase short; the other states ignore it in their {@code _default}. The
 * runstate counts cycles, and the machine stops itself after the last one.
 *
 * <pre>{@code
 * java -cp ... poe.examples.TrafficLight            # 3 cycles, 0.5 s per phase
 * java -cp ... poe.examples.TrafficLight 0.1 2      # faster, 2 cycles
 * }</pre>
 */
public final class TrafficLight {

    /** The machine's runstate: what persists across its states. */
    static final class Runstate {
        final double phaseSeconds;
        final int cycles;
        final Consumer<String> out;
        int completed;
        long greenTimer;

        Runstate(double phaseSeconds, int cycles, Consumer<String> out) {
            this.phaseSeconds = phaseSeconds;
            this.cycles = cycles;
            this.out = out;
        }
    }

    private TrafficLight() {
    }

    /**
     * Runs the example.
     *
     * @param args optional: seconds per phase (default 0.4), number of cycles (default 3)
     */
    public static void main(String[] args) throws InterruptedException {
        double phase = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        CountDownLatch firstGreen = new CountDownLatch(1);
        try (Kernel kernel = Kernel.create()) {
            Nfa light = spawn(kernel, phase, cycles, line -> {
                System.out.println(line);
                if (line.startsWith("GREEN")) {
                    firstGreen.countDown();
                }
            });
            // the pedestrian's button lives on another thread, as a GUI button would
            Postback button = light.postback("button");
            Thread pedestrian = new Thread(() -> {
                try {
                    firstGreen.await();
                    Thread.sleep((long) (phase * 250));     // a quarter into the first green
                    System.out.println("(a pedestrian presses the button)");
                    button.post();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    button.close();                         // the light need not wait for us any more
                }
            }, "pedestrian");
            pedestrian.start();
            kernel.run();
            pedestrian.join();
        }
    }

    /**
     * Runs a light to the end on a kernel and returns what it printed (used by tests).
     *
     * @param kernel       the kernel
     * @param phaseSeconds how long red and green last (yellow: half of that)
     * @param cycles       how many red-green-yellow cycles
     * @return the lines printed
     */
    static List<String> runToEnd(Kernel kernel, double phaseSeconds, int cycles) {
        List<String> lines = new ArrayList<>();
        spawn(kernel, phaseSeconds, cycles, lines::add);
        kernel.run();
        return lines;
    }

    /**
     * Spawns the traffic light; it starts red.
     *
     * @param kernel       the kernel
     * @param phaseSeconds how long red and green last (yellow: half of that)
     * @param cycles       how many cycles before it switches itself off
     * @param out          where it reports
     * @return the machine
     */
    static Nfa spawn(Kernel kernel, double phaseSeconds, int cycles, Consumer<String> out) {
        return Nfa.builder()
                .state("red", s -> s
                        .on("enter", ev -> {
                            show(ev, "RED");
                            ev.kernel().delay("timeout", rs(ev).phaseSeconds);
                        })
                        .on("timeout", ev -> Nfa.of(ev).gotoState("green", "enter"))
                        .on("_default", TrafficLight::ignored))
                .state("green", s -> s
                        .on("enter", ev -> {
                            show(ev, "GREEN");
                            rs(ev).greenTimer = ev.kernel().delaySet("timeout", rs(ev).phaseSeconds);
                        })
                        .on("button", ev -> {
                            rs(ev).out.accept("  button: green ends early");
                            ev.kernel().alarmRemove(rs(ev).greenTimer);
                            Nfa.of(ev).gotoState("yellow", "enter");
                        })
                        .on("timeout", ev -> Nfa.of(ev).gotoState("yellow", "enter"))
                        .on("_default", TrafficLight::ignored))
                .state("yellow", s -> s
                        .on("enter", ev -> {
                            show(ev, "YELLOW");
                            ev.kernel().delay("timeout", rs(ev).phaseSeconds / 2);
                        })
                        .on("timeout", ev -> {
                            Runstate rs = rs(ev);
                            if (++rs.completed < rs.cycles) {
                                Nfa.of(ev).gotoState("red", "enter");
                            } else {
                                rs.out.accept("off after " + rs.completed + " cycles");
                                Nfa.of(ev).stop();
                            }
                        })
                        // leaving yellow ends a cycle
                        .on("leave", ev -> rs(ev).out.accept("  cycle " + rs(ev).completed + " done"))
                        .on("_default", TrafficLight::ignored))
                .runstate(new Runstate(phaseSeconds, cycles, out))
                .initialState("red", "enter")
                .spawn(kernel);
    }

    private static Runstate rs(EventContext ev) {
        return ev.heap();
    }

    private static void show(EventContext ev, String lamp) {
        rs(ev).out.accept(lamp + " (state " + Nfa.of(ev).currentState() + ")");
    }

    private static void ignored(EventContext ev) {
        rs(ev).out.accept("  '" + ev.arg(0) + "' ignored while " + Nfa.of(ev).currentState());
    }
}
