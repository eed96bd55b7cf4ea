package poe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static poe.SignalsTrace.states;

import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exception catching off (POE's CATCH_EXCEPTIONS = 0; t/10_units/07_exceptions/02_turn_off,
 * t/90_regression/leolo-sig-die). Checked against POE 1.370: no DIE, no further event, every
 * session stopped, run() rethrows; the kernel runs again afterwards.
 */
class CatchOffDieTest {

    private static Consumer<Kernel> mode(boolean slices) {
        return slices ? SignalsTrace::slices : Kernel::run;
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void theExceptionLeavesRunAtOnceAndEverythingStops(boolean slices) {
        SignalsTrace t = new SignalsTrace();
        t.kernel.catchExceptions(false);
        t.ses("A", ev -> {
            ev.kernel().yield("death");
            ev.kernel().yield("next");
            ev.kernel().sig("DIE", "die");
        }, states("death", ev -> {
            t.add("death");
            throw new IllegalStateException("OMG");
        }, "next", ev -> t.add("next"), "die", ev -> t.add("die")));
        t.ses("B", ev -> ev.kernel().delay("t", 0.3), states("t", ev -> t.add("t B")));
        assertEquals("start A, start B, death, stop A, stop B | died=[OMG]", t.run(mode(slices)));
        t.log.clear();
        assertEquals(" | died=[]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void itUnwindsThroughCallsInProgress(boolean slices) {
        // leolo-sig-die: the exception of a called handler leaves the caller too
        SignalsTrace t = new SignalsTrace();
        t.kernel.catchExceptions(false);
        t.ses("A", ev -> ev.kernel().yield("step"), states("step", ev -> {
            t.add("scalar " + ev.kernel().call(ev.session(), "value"));
            ev.kernel().call(ev.session(), "boom");
            t.add("call returned unexpectedly");
        }, "value", ev -> t.add("value"), "boom", ev -> {
            throw new IllegalStateException("array_ctx3 more");
        }));
        // "value" is a void handler: call() returns null
        assertEquals("start A, value, scalar null, stop A | died=[array_ctx3 more]", t.run(mode(slices)));
    }

    @ParameterizedTest(name = "slices={0}")
    @ValueSource(booleans = {false, true})
    void callAndCreateOutsideHandlersThrowTheExceptionItself(boolean slices) {
        SignalsTrace t = new SignalsTrace();
        t.kernel.catchExceptions(false);
        IllegalStateException boom = new IllegalStateException("boom");
        Session s = t.ses("A", ev -> ev.kernel().aliasSet("a"), states("boom", ev -> {
            throw boom;
        }));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> t.kernel.call(s, "boom")));
        IllegalStateException inStart = new IllegalStateException("in start");
        assertSame(inStart, assertThrows(IllegalStateException.class, () -> t.ses("B", ev -> {
            throw inStart;
        })));
        // both sessions are still there and end normally (B has nothing to do, A is idle)
        assertEquals("start A, start B, stop B, stop A | died=[]", t.run(mode(slices)));
    }
}
