package poe.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;

import poe.Kernel;
import poe.Session;

/**
 * The harness's own behaviour: sample {@link LoopTest} classes run through the JUnit
 * launcher, and their outcomes checked. (Nested classes: Surefire does not run them itself.)
 */
class HarnessSelfTest {

    /** Runs a sample class; returns display name (with parent method) to outcome. */
    private static Map<String, TestExecutionResult> run(Class<?> sample) {
        // The samples check the harness, not the loops: they run on select only, whatever
        // other fixtures are on the class path.
        String loops = System.getProperty("poe.compat.loops");
        System.setProperty("poe.compat.loops", "select");
        try {
            return runOnSelect(sample);
        } finally {
            if (loops == null) {
                System.clearProperty("poe.compat.loops");
            } else {
                System.setProperty("poe.compat.loops", loops);
            }
        }
    }

    private static Map<String, TestExecutionResult> runOnSelect(Class<?> sample) {
        Map<String, TestExecutionResult> results = new TreeMap<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(sample))
                .configurationParameter(ConformanceExtension.REPORT, "none")
                .configurationParameter(SelfTestSample.ENABLED, "true")
                .configurationParameter(ConformanceExtension.EXPECTED_FAILURES,
                        "poe-compat/self-test-expected-failures.txt")
                .build();
        Launcher launcher = LauncherFactory.create();
        // the samples' expectations are written for the select loop: other loops on the class
        // path (swt, javafx, ...) are the suite's business, not the harness's self-test
        String loopsBefore = System.getProperty("poe.compat.loops");
        System.setProperty("poe.compat.loops", "select");
        try {
            execute(launcher, request, results);
        } finally {
            if (loopsBefore == null) {
                System.clearProperty("poe.compat.loops");
            } else {
                System.setProperty("poe.compat.loops", loopsBefore);
            }
        }
        return results;
    }

    private static void execute(Launcher launcher, LauncherDiscoveryRequest request,
                                Map<String, TestExecutionResult> results) {
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    String method = id.getUniqueIdObject().getSegments().stream()
                            .filter(s -> s.getType().equals("test-template")).findFirst()
                            .map(s -> s.getValue().replaceAll("\\(.*", "")).orElse("?");
                    results.put(method + " " + id.getDisplayName(), result);
                }
            }
        });
    }

    private static int modes() {
        return LoopFixtures.selectedModes().size();
    }

    @SelfTestSample
    static class Passing {
        @LoopTest
        void ok(ScenarioContext ctx) {
            Session.builder().on("_start", ev -> ev.kernel().yield("x")).on("x", ev -> { }).create(ctx.kernel());
            ctx.drive();
        }
    }

    @Test
    void runsOncePerModeNamedLoopSlashMode() {
        Map<String, TestExecutionResult> r = run(Passing.class);
        assertTrue(r.containsKey("ok [select/run]") || !LoopFixtures.selectedModes().contains(DriveMode.RUN), r::toString);
        assertTrue(r.containsKey("ok [select/timeslice]")
                || !LoopFixtures.selectedModes().contains(DriveMode.TIMESLICE), r::toString);
        r.forEach((name, result) -> {
            if (name.contains("[select/")) {
                assertEquals(TestExecutionResult.Status.SUCCESSFUL, result.getStatus(), name + ": " + result);
            }
        });
    }

    @SelfTestSample
    static class NeedsWindows {
        @LoopTest(requires = Capability.WINDOWS)
        void opensAWindow(ScenarioContext ctx) {
            throw new AssertionError("ran on " + ctx.loopName() + ", which has no windows");
        }
    }

    @Test
    void aScenarioNeedingWhatTheLoopLacksIsAbortedWithTheReasonNotRun() {
        Map<String, TestExecutionResult> r = run(NeedsWindows.class);
        assertEquals(modes(), r.size(), r::toString);
        r.forEach((name, result) -> {
            assertEquals(TestExecutionResult.Status.ABORTED, result.getStatus(), name + ": " + result);
            String message = result.getThrowable().map(Throwable::getMessage).orElse("");
            assertTrue(message.contains("not applicable: the select loop has no [WINDOWS]"), name + ": " + message);
        });
    }

    @SelfTestSample
    static class LeaksSession {
        @LoopTest
        void leaks(ScenarioContext ctx) {
            Session.builder().on("_start", ev -> ev.kernel().delay("never", 3600)).create(ctx.kernel());
        }
    }

    @Test
    void aSessionLeftBehindFailsTheTest() {
        assertFailures(run(LeaksSession.class), "session(s) still alive");
    }

    @SelfTestSample
    static class LeaksThread {
        @LoopTest
        void leaks(ScenarioContext ctx) {
            CountDownLatch never = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sample-stray-" + ctx.mode().label());
            t.setDaemon(true);
            t.start();
            ctx.drive();
            LEAKED.add(t);
        }
    }

    static final List<Thread> LEAKED = new ArrayList<>();

    @Test
    void aThreadLeftRunningFailsTheTest() {
        try {
            assertFailures(run(LeaksThread.class), "threads started by the scenario are still running");
        } finally {
            LEAKED.forEach(Thread::interrupt);
        }
    }

    @SelfTestSample
    static class Hangs {
        @LoopTest(timeoutSeconds = 1)
        void hangs(ScenarioContext ctx) {
            Session.builder()
                    .on("_start", ev -> ev.kernel().refcountIncrement(ev.session().id(), "forever"))
                    .on("_stop", ev -> { })
                    .create(ctx.kernel());
            ctx.drive();
        }
    }

    @Test
    void aHangIsStoppedAndReportedWithAThreadDump() {
        long start = System.nanoTime();
        Map<String, TestExecutionResult> r = run(Hangs.class);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "the timeout did not stop the hang");
        assertFailures(r, "did not finish within");
        for (TestExecutionResult result : r.values()) {
            Throwable t = result.getThrowable().orElseThrow();
            assertTrue(t instanceof ScenarioTimeoutError, t.toString());
            assertTrue(t.getMessage().contains("All threads at that moment"), t.getMessage());
            assertTrue(t.getMessage().contains("poe.loop.select.SelectLoop"), "the dump shows the loop:\n" + t.getMessage());
        }
        assertTrue(!Thread.currentThread().isInterrupted(), "the watchdog's interrupt leaked");
    }

    @SelfTestSample
    static class HangsOutsideTheKernel {
        @LoopTest(timeoutSeconds = 1)
        void waitsForever(ScenarioContext ctx) throws InterruptedException {
            new CountDownLatch(1).await();
        }
    }

    @Test
    void aHangOutsideTheKernelIsInterrupted() {
        Map<String, TestExecutionResult> r = run(HangsOutsideTheKernel.class);
        assertFailures(r, "did not finish within its timeout");
        r.values().forEach(result -> assertTrue(result.getThrowable().orElseThrow() instanceof ScenarioTimeoutError));
        assertTrue(!Thread.currentThread().isInterrupted(), "the watchdog's interrupt leaked");
    }

    @SelfTestSample
    static class ExpectedToFail {
        @LoopTest
        void fails(ScenarioContext ctx) {
            ctx.drive();
            throw new AssertionFailedError("fails on purpose");
        }

        @LoopTest
        void passes(ScenarioContext ctx) {
            ctx.drive();
        }
    }

    @Test
    void expectedFailuresRunAndAnUnexpectedPassIsLoud() {
        Map<String, TestExecutionResult> r = run(ExpectedToFail.class);
        for (Map.Entry<String, TestExecutionResult> e : r.entrySet()) {
            String name = e.getKey();
            TestExecutionResult.Status status = e.getValue().getStatus();
            if (name.startsWith("fails ")) {
                assertEquals(TestExecutionResult.Status.SUCCESSFUL, status, name + " is a declared expected failure");
            } else if (name.equals("passes [select/run]")) {
                assertEquals(TestExecutionResult.Status.FAILED, status, name);
                assertTrue(e.getValue().getThrowable().orElseThrow().getMessage().startsWith("UNEXPECTED PASS"));
            } else {
                assertEquals(TestExecutionResult.Status.SUCCESSFUL, status, name + " is not declared");
            }
        }
        assertEquals(2 * modes(), r.size(), r::toString);
    }

    @Test
    void aFixtureThatFallsBackToAnotherLoopIsCaught() {
        LoopFixture liar = new LoopFixture() {
            @Override
            public String loopName() {
                return "pretend";
            }

            @Override
            public void execute(ScenarioBody body) throws Throwable {
                body.run();
            }

            @Override
            public Kernel createKernel() {
                return Kernel.create("select");
            }
        };
        ScenarioContext ctx = new ScenarioContext(liar, DriveMode.RUN, "Sample#x", Duration.ofSeconds(5));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> ctx.runScenario(() -> { }));
        assertTrue(e.getMessage().contains("fell back"), e.getMessage());
    }

    @Test
    void expectedFailureListsAreParsedStrictly() throws Exception {
        List<ExpectedFailures.Entry> out = new ArrayList<>();
        ExpectedFailures.parse(new BufferedReader(new StringReader(
                "# comment\n\nA#b | select | run | because\npoe.X#* | swt | * | why | with bar\n")), "t", out);
        assertEquals(2, out.size());
        assertEquals("because", out.get(0).reason());
        assertEquals("why | with bar", out.get(1).reason());
        assertTrue(out.get(1).matches(HarnessSelfTest.class, "any", "swt", DriveMode.TIMESLICE) == false);
        assertThrows(IllegalArgumentException.class, () -> ExpectedFailures.parse(
                new BufferedReader(new StringReader("A#b | select | run\n")), "t", new ArrayList<>()));
        assertThrows(IllegalArgumentException.class, () -> ExpectedFailures.parse(
                new BufferedReader(new StringReader("A#b | select | walk | x\n")), "t", new ArrayList<>()));
    }

    @Test
    void theReportIsJson() {
        ConformanceReport report = ConformanceReport.at("none");
        report.record(new ConformanceReport.Result("a.B", "c", "select", "run",
                ConformanceReport.Outcome.EXPECTED_FAILURE, "quote \" and \\ and\nnewline", 3));
        String json = report.toJson();
        assertTrue(json.contains("\"outcome\": \"expected-failure\""), json);
        assertTrue(json.contains("quote \\\" and \\\\ and\\nnewline"), json);
        assertTrue(json.contains("\"select/run\": {"), json);
    }

    private static void assertFailures(Map<String, TestExecutionResult> r, String messagePart) {
        assertEquals(modes(), r.size(), r::toString);
        r.forEach((name, result) -> {
            assertEquals(TestExecutionResult.Status.FAILED, result.getStatus(), name);
            String message = result.getThrowable().map(Throwable::getMessage).orElse("");
            assertTrue(message.contains(messagePart), name + ": " + message);
        });
    }
}
