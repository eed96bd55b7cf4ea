package poe.compat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit 5 side of {@link LoopTest}: one invocation per (loop, drive mode), each run
 * through its loop's {@link LoopFixture}, timed, leak-checked, matched against
 * {@link ExpectedFailures} and recorded in the {@link ConformanceReport}.
 *
 * <pre>{@code
 * @LoopTest                      // = @TestTemplate + @ExtendWith(ConformanceExtension.class)
 * void myScenario(ScenarioContext ctx) { ... }
 * }</pre>
 */
public final class ConformanceExtension implements TestTemplateInvocationContextProvider {

    /** Configuration parameter (or system property): where the JSON report goes, or {@code none}. */
    public static final String REPORT = "poe.compat.report";

    /** Configuration parameter (or system property): the expected-failures resource name. */
    public static final String EXPECTED_FAILURES = "poe.compat.expected-failures";

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(LoopTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        LoopTest settings = method.getAnnotation(LoopTest.class);
        Map<String, LoopFixture> fixtures = LoopFixtures.fixtures();
        Map<String, String> providers = LoopFixtures.providerStates();
        List<String> loops = LoopFixtures.selectedLoops();
        if (loops.isEmpty()) {
            throw new ExtensionConfigurationException("no loop to test: no LoopFixture or LoopProvider on the class path"
                    + " (or -Dpoe.compat.loops is empty)");
        }
        List<TestTemplateInvocationContext> out = new ArrayList<>();
        for (String loop : loops) {
            LoopFixture fixture = fixtures.get(loop);
            for (DriveMode mode : LoopFixtures.selectedModes()) {
                String problem = null;
                if (fixture == null) {
                    problem = "the '" + loop + "' loop " + (providers.containsKey(loop) ? "is on the class path"
                            : "was asked for (-Dpoe.compat.loops)") + " but has no LoopFixture: add one to compat-tests"
                            + " (see compat-tests/README.md) and list it in META-INF/services/" + LoopFixture.class.getName()
                            + "; fixtures found: " + fixtures.keySet();
                } else if (!providers.containsKey(loop)) {
                    problem = "the '" + loop + "' loop has a fixture but no LoopProvider on the class path;"
                            + " loops found: " + providers.keySet();
                } else if (providers.get(loop) != null) {
                    problem = "the '" + loop + "' loop is not available here: " + providers.get(loop);
                }
                String notApplicable = null;
                if (fixture != null) {
                    List<Capability> missing = new ArrayList<>(List.of(settings.requires()));
                    missing.removeAll(fixture.capabilities());
                    if (!missing.isEmpty()) {
                        notApplicable = "not applicable: the " + loop + " loop has no " + missing
                                + " (@LoopTest(requires = ...))";
                    }
                }
                Duration timeout = Duration.ofSeconds(settings.timeoutSeconds())
                        .plus(fixture == null ? Duration.ZERO : fixture.extraTimeout());
                out.add(new Invocation(loop, mode, fixture, problem, notApplicable, timeout));
            }
        }
        return out.stream();
    }

    /** One (loop, mode) run of a {@link LoopTest} method. */
    private static final class Invocation implements TestTemplateInvocationContext {
        private final String loop;
        private final DriveMode mode;
        private final LoopFixture fixture;
        private final String problem;
        private final String notApplicable;
        private final Duration timeout;

        Invocation(String loop, DriveMode mode, LoopFixture fixture, String problem, String notApplicable,
                   Duration timeout) {
            this.loop = loop;
            this.mode = mode;
            this.fixture = fixture;
            this.problem = problem;
            this.notApplicable = notApplicable;
            this.timeout = timeout;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            // IDEs show it under the method; Surefire prefixes the method's name
            return "[" + loop + "/" + mode.label() + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Runner(loop, mode, fixture, problem, notApplicable, timeout));
        }
    }

    /** Runs one invocation: resolves the context, intercepts the call, records the outcome. */
    private static final class Runner implements ParameterResolver, InvocationInterceptor, TestWatcher {
        private final String loop;
        private final DriveMode mode;
        private final LoopFixture fixture;
        private final String problem;
        private final String notApplicable;
        private final Duration timeout;
        private ScenarioContext scenario;
        private ExpectedFailures.Entry expectedFailure;
        private long startNanos;

        Runner(String loop, DriveMode mode, LoopFixture fixture, String problem, String notApplicable,
               Duration timeout) {
            this.loop = loop;
            this.mode = mode;
            this.fixture = fixture;
            this.problem = problem;
            this.notApplicable = notApplicable;
            this.timeout = timeout;
        }

        private ScenarioContext scenario(ExtensionContext context) {
            if (scenario == null) {
                if (fixture == null) {
                    throw new AssertionFailedError(problem);
                }
                String name = context.getRequiredTestClass().getSimpleName() + "#" + context.getRequiredTestMethod().getName();
                scenario = new ScenarioContext(fixture, mode, name, timeout);
            }
            return scenario;
        }

        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return parameterContext.getParameter().getType() == ScenarioContext.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            return scenario(extensionContext);
        }

        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                                ReflectiveInvocationContext<Method> invocationContext,
                                                ExtensionContext context) throws Throwable {
            startNanos = System.nanoTime();
            if (problem != null) {
                invocation.skip();
                throw new AssertionFailedError(problem);
            }
            if (notApplicable != null) {
                invocation.skip();
                throw new TestAbortedException(notApplicable);
            }
            Class<?> type = context.getRequiredTestClass();
            Method method = context.getRequiredTestMethod();
            expectedFailure = ExpectedFailures.get(context.getConfigurationParameter(EXPECTED_FAILURES)
                    .orElse(ExpectedFailures.RESOURCE)).find(type, method.getName(), loop, mode).orElse(null);
            ScenarioContext ctx = scenario(context);
            Throwable failure = null;
            ctx.arm(Thread.currentThread());
            try {
                fixture.execute(() -> ctx.runScenario(invocation::proceed));
            } catch (Throwable t) {
                failure = t;
            } finally {
                ctx.disarm();
                if (ctx.timedOut()) {
                    Thread.interrupted(); // the watchdog's interrupt must not leak into the next test
                }
            }
            failure = ctx.withTimeout(failure);
            String dump = ctx.threadDumpIfTripped();
            if (dump != null) {
                context.publishReportEntry("threadDump", dump);
            }
            if (expectedFailure == null) {
                if (failure != null) {
                    throw failure;
                }
                return;
            }
            if (failure == null) {
                throw new AssertionFailedError("UNEXPECTED PASS: " + ctx.testName() + " is declared as an expected"
                        + " failure on " + loop + " (" + expectedFailure.reason() + ", " + expectedFailure.source()
                        + ") but it passed: remove that entry");
            }
            context.publishReportEntry("expected-failure", expectedFailure.reason() + " -- failed with: " + failure);
            System.out.println("[poe-compat] EXPECTED FAILURE " + ctx.testName() + ": " + expectedFailure.reason()
                    + " (" + failure + ")");
        }

        @Override
        public void testSuccessful(ExtensionContext context) {
            record(context, expectedFailure != null ? ConformanceReport.Outcome.EXPECTED_FAILURE
                    : ConformanceReport.Outcome.PASSED, expectedFailure != null ? expectedFailure.reason() : null);
        }

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            String message = String.valueOf(cause);
            int nl = message.indexOf('\n');
            record(context, ConformanceReport.Outcome.FAILED, nl < 0 ? message : message.substring(0, nl));
        }

        @Override
        public void testAborted(ExtensionContext context, Throwable cause) {
            record(context, ConformanceReport.Outcome.ABORTED, String.valueOf(cause));
        }

        @Override
        public void testDisabled(ExtensionContext context, Optional<String> reason) {
            // a disabled template is never invoked, so this is not reached per invocation
        }

        private void record(ExtensionContext context, ConformanceReport.Outcome outcome, String reason) {
            long millis = startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1_000_000;
            ConformanceReport.at(context.getConfigurationParameter(REPORT).orElse(ConformanceReport.DEFAULT_LOCATION))
                    .record(new ConformanceReport.Result(context.getRequiredTestClass().getName(),
                    context.getRequiredTestMethod().getName(), loop, mode.label(), outcome, reason, millis));
        }
    }
}
