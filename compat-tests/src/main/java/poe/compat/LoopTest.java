package poe.compat;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A conformance test: runs once per loop on the class path (every {@link LoopFixture}) and
 * per {@link DriveMode}, each invocation named {@code ... [<loop>/<mode>]}, e.g.
 * {@code [select/timeslice]}. The method takes a {@link ScenarioContext}; its body runs on
 * the loop's scenario thread with a fresh kernel, and the harness checks for leaks
 * afterwards.
 *
 * <pre>{@code
 * class MyComponentTest {
 *     @LoopTest
 *     void echoes(ScenarioContext ctx) {
 *         List<String> log = new ArrayList<>();
 *         Session.builder()
 *             .on("_start", ev -> ev.kernel().yield("ping"))
 *             .on("ping", ev -> log.add("ping"))
 *             .create(ctx.kernel());
 *         ctx.drive();
 *         assertEquals(List.of("ping"), log);
 *     }
 * }
 * }</pre>
 *
 * <p>A scenario that needs more than a kernel (a window, say) names it with
 * {@link #requires()}: it then runs on the loops that have it and is reported as not
 * applicable, with the reason, on the others.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(ConformanceExtension.class)
public @interface LoopTest {

    /**
     * How long one invocation may take, in seconds, before the harness stops the kernel,
     * dumps every thread into the report and fails it.
     */
    long timeoutSeconds() default 30;

    /**
     * What the loop must be able to do for this scenario ({@link Capability}); on loops
     * without it every invocation is aborted as not applicable, with the reason. None by
     * default: the scenario runs on every loop.
     */
    Capability[] requires() default {};
}
