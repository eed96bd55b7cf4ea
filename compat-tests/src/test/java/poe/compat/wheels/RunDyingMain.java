package poe.compat.wheels;

/** A child for hinrik-wheel-run-die: prints a line, then dies with an exception (status 1). */
public final class RunDyingMain {

    private RunDyingMain() {
    }

    public static void main(String[] args) {
        System.out.println("starting");
        System.out.flush();
        throw new IllegalStateException("child died on purpose");
    }
}
