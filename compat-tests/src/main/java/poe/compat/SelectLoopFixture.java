package poe.compat;

/**
 * The {@code select} loop's fixture: a scenario runs on the test thread, which becomes
 * the loop's thread (the select loop belongs to the thread that creates and drives it).
 *
 * <pre>{@code
 * // META-INF/services/poe.compat.LoopFixture
 * poe.compat.SelectLoopFixture
 * }</pre>
 */
public final class SelectLoopFixture implements LoopFixture {

    @Override
    public String loopName() {
        return "select";
    }

    @Override
    public void execute(ScenarioBody body) throws Throwable {
        body.run();
    }
}
