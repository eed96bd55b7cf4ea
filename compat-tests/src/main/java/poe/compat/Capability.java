package poe.compat;

/**
 * What a loop can do beyond the kernel's contract, for the scenarios that need it. A
 * {@link LoopTest} names what it needs with {@link LoopTest#requires()}; on a loop whose
 * {@link LoopFixture#capabilities()} lack it, each invocation is aborted with the reason
 * (reported as {@code aborted}, "not applicable"), never run and never silently dropped.
 *
 * <pre>{@code
 * @LoopTest(requires = Capability.WINDOWS)
 * void closingTheWindowStopsEverything(ScenarioContext ctx) {
 *     Object window = ctx.openWindow("main");      // a Stage on javafx, a Shell on swt
 *     ctx.kernel().signalUiDestroy(window);
 *     ...
 * }
 * }</pre>
 */
public enum Capability {

    /**
     * Top-level windows of a GUI toolkit: {@code kernel.signalUiDestroy(window)} works, and
     * {@link ScenarioContext#openWindow} / {@link ScenarioContext#closeWindow} make and close
     * one on the scenario thread (the toolkit's thread).
     */
    WINDOWS
}
