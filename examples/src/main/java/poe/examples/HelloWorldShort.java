package poe.examples;

import poe.Kernel;
import poe.Session;

/**
 * Hello World, the short way.
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.HelloWorldShort
 * }</pre>
 */
public final class HelloWorldShort {

    private HelloWorldShort() {
    }

    /** Runs the example. */
    public static void main(String[] args) {
        Kernel kernel = Kernel.create();
        Session.builder().on("_start", ev -> System.out.println("Hello, world!")).create(kernel);
        kernel.run();
    }
}
