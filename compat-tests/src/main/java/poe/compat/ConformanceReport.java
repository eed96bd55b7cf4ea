package poe.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's results, one entry per (test class, test, loop, mode), written as JSON to
 * the file named by the JUnit configuration parameter (or system property)
 * {@code poe.compat.report} (default {@code target/conformance.json}; {@code none}: no file). It is rewritten after every invocation, so it is
 * complete even if the JVM dies later.
 *
 * <pre>{@code
 * {"generated": "...", "summary": {"select/run": {"passed": 80, ...}, ...},
 *  "results": [{"class": "poe.compat.tests.KernelAlarmsTest", "test": "namedTimers",
 *               "loop": "select", "mode": "run", "outcome": "passed", "millis": 512}, ...]}
 * }</pre>
 */
public final class ConformanceReport {

    /** What happened to one invocation. */
    public enum Outcome {
        /** It passed. */
        PASSED("passed"),
        /** It failed (an unexpected pass of a declared expected failure counts here). */
        FAILED("failed"),
        /** It failed as declared in {@link ExpectedFailures}. */
        EXPECTED_FAILURE("expected-failure"),
        /** An assumption aborted it. */
        ABORTED("aborted");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** As written in the report. */
        public String label() {
            return label;
        }
    }

    /**
     * One invocation's result.
     *
     * @param testClass fully qualified class name
     * @param test      method name
     * @param loop      loop name
     * @param mode      drive mode label
     * @param outcome   what happened
     * @param reason    the declared reason (expected failures) or the failure's message; may be null
     * @param millis    how long it took
     */
    public record Result(String testClass, String test, String loop, String mode, Outcome outcome, String reason,
                         long millis) {
    }

    /** The file used when nothing else is configured. */
    public static final String DEFAULT_LOCATION = "target/conformance.json";

    private static final java.util.concurrent.ConcurrentHashMap<String, ConformanceReport> REPORTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final List<Result> results = new ArrayList<>();
    private final Path file;

    private ConformanceReport(Path file) {
        this.file = file;
    }

    /** The report written to {@value #DEFAULT_LOCATION} (or {@code -Dpoe.compat.report}). */
    public static ConformanceReport get() {
        return at(System.getProperty("poe.compat.report", DEFAULT_LOCATION));
    }

    /**
     * The report written to this file; {@code none} keeps it in memory only.
     *
     * @param location a file path, or {@code none}
     * @return this JVM's report for that location
     */
    public static ConformanceReport at(String location) {
        return REPORTS.computeIfAbsent(location,
                l -> new ConformanceReport("none".equals(l) ? null : Paths.get(l)));
    }

    /** Where the report is written, or null if it is kept in memory. */
    public Path path() {
        return file;
    }

    /**
     * Records a result and rewrites the file.
     *
     * @param result the result
     */
    public synchronized void record(Result result) {
        results.add(result);
        write();
    }

    /** The results so far. */
    public synchronized List<Result> results() {
        return List.copyOf(results);
    }

    private void write() {
        if (file == null) {
            return;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conformance report " + file, e);
        }
    }

    String toJson() {
        Map<String, Map<String, Integer>> summary = new TreeMap<>();
        for (Result r : results) {
            summary.computeIfAbsent(r.loop() + "/" + r.mode(), k -> new TreeMap<>())
                    .merge(r.outcome().label(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder(256 + 200 * results.size());
        sb.append("{\n  \"generated\": ").append(str(Instant.now().toString()));
        sb.append(",\n  \"summary\": {");
        String sep = "\n";
        for (Map.Entry<String, Map<String, Integer>> e : summary.entrySet()) {
            sb.append(sep).append("    ").append(str(e.getKey())).append(": {");
            String inner = "";
            for (Map.Entry<String, Integer> c : e.getValue().entrySet()) {
                sb.append(inner).append(str(c.getKey())).append(": ").append(c.getValue());
                inner = ", ";
            }
            sb.append('}');
            sep = ",\n";
        }
        sb.append("\n  },\n  \"results\": [");
        sep = "\n";
        for (Result r : results) {
            sb.append(sep).append("    {\"class\": ").append(str(r.testClass()))
                    .append(", \"test\": ").append(str(r.test()))
                    .append(", \"loop\": ").append(str(r.loop()))
                    .append(", \"mode\": ").append(str(r.mode()))
                    .append(", \"outcome\": ").append(str(r.outcome().label()));
            if (r.reason() != null) {
                sb.append(", \"reason\": ").append(str(r.reason()));
            }
            sb.append(", \"millis\": ").append(r.millis()).append('}');
            sep = ",\n";
        }
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
