package poe.compat.wheels;

import poe.wheel.Run;

/**
 * Run in a child JVM without pty4j on the class path: asks for a pty conduit and prints
 * what {@code create} threw.
 */
public final class RunNoPtyMain {

    private RunNoPtyMain() {
    }

    public static void main(String[] args) {
        try {
            Run.builder().shell("true").conduit(Run.Conduit.PTY).create(null);
            System.out.println("no exception");
        } catch (UnsupportedOperationException e) {
            System.out.println("refused: " + e.getMessage());
        } catch (RuntimeException e) {
            System.out.println("other: " + e);
        }
    }
}
