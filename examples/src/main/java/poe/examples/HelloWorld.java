package poe.examples;

import poe.EventContext;
import poe.Kernel;
import poe.Session;

/**
 * Hello World, the long way: one session, every step spelled out.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.HelloWorld
 * }</pre>
 */
public final class HelloWorld {

    private HelloWorld() {
    }

    /** Runs the example. */
    public static void main(String[] args) {
        // 1. A kernel on the default loop (select, unless -Dpoe.loop or POE_LOOP says otherwise).
        Kernel kernel = Kernel.create();

        // 2. A session: _start runs as soon as it is created, and it posts "say" to itself.
        Session.builder()
                .on("_start", HelloWorld::start)
                .on("say", HelloWorld::say)
                .on("_stop", ev -> System.out.println("session " + ev.session().id() + " has nothing left to do"))
                .create(kernel);

        // 3. Run until no session is left.
        kernel.run();
        kernel.close();
        System.out.println("kernel returned; bye");
    }

    private static void start(EventContext ev) {
        System.out.println("session " + ev.session().id() + " started on the " + ev.kernel().loopName() + " loop");
        ev.kernel().yield("say", "Hello, world!");
    }

    private static void say(EventContext ev) {
        String text = ev.arg(0);
        System.out.println(text);
    }
}
