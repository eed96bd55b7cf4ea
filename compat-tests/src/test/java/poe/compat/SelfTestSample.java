package poe.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a sample class of {@link HarnessSelfTest}: it runs only inside that test's own
 * launcher (which sets {@link #ENABLED}), never as part of the suite, since some samples
 * fail on purpose.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SelfTestSample.OnlyInsideHarnessSelfTest.class)
@interface SelfTestSample {

    String ENABLED = "poe.compat.self-test-sample";

    /** The condition. */
    final class OnlyInsideHarnessSelfTest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED).map(Boolean::parseBoolean).orElse(false)
                    ? ConditionEvaluationResult.enabled("run by HarnessSelfTest")
                    : ConditionEvaluationResult.disabled("a HarnessSelfTest sample: runs only inside HarnessSelfTest");
        }
    }
}
