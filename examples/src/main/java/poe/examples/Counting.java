package poe.examples;

import java.util.Map;

import poe.Kernel;
import poe.Session;

/**
 * The main demo: several sessions count to 10 at once, taking turns through the kernel's
 * queue, each at its own pace (a timer per step). Their lines interleave: cooperative
 * multitasking on one thread.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java
 * }</pre>
 */
public final class Counting {

    private Counting() {
    }

    /** Runs the example: {@code args[0]} sessions (default 3). */
    public static void main(String[] args) {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Kernel kernel = Kernel.create();
        for (int i = 1; i <= sessions; i++) {
            Session.builder()
                    .args("counter-" + i, 0.01 * i)
                    .on("_start", ev -> {
                        Map<String, Object> heap = ev.heap();
                        heap.put("name", ev.arg(0));
                        heap.put("pace", ev.arg(1));
                        heap.put("count", 0);
                        ev.kernel().yield("count");
                    })
                    .on("count", ev -> {
                        Map<String, Object> heap = ev.heap();
                        int count = (Integer) heap.get("count") + 1;
                        heap.put("count", count);
                        System.out.println(heap.get("name") + ": " + count);
                        if (count < 10) {
                            ev.kernel().delay("count", (Double) heap.get("pace"));
                        }
                    })
                    .on("_stop", ev -> System.out.println(ev.<Map<String, Object>>heap().get("name") + " is done"))
                    .create(kernel);
        }
        kernel.run();
        System.out.println("all " + sessions + " sessions finished; " + kernel.dispatchedCount() + " events dispatched");
        kernel.close();
    }
}
