package poe.compat;

/**
 * What a {@link LoopFixture} runs on its scenario thread: the kernel's creation, the test
 * method, and the leak check.
 *
 * <pre>{@code
 * fixture.execute(() -> System.out.println("on the loop's scenario thread"));
 * }</pre>
 */
@FunctionalInterface
public interface ScenarioBody {

    /**
     * Runs the scenario.
     *
     * @throws Throwable whatever the scenario threw
     */
    void run() throws Throwable;
}
