package poe.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * The declared list of cases a loop cannot pass: every resource named
 * {@value #RESOURCE} on the class path (for this suite:
 * {@code compat-tests/src/test/resources/poe-compat/expected-failures.txt}).
 *
 * <p>One entry per line, fields separated by {@code |}; {@code #} starts a comment:
 *
 * <pre>{@code
 * # TestClass#method            | loop   | mode          | reason
 * KernelSelectsTest#pausedRead  | swt    | *             | SWT has no ... (tracked in issue 12)
 * SessionTest#*                 | javafx | timeslice     | ...
 * }</pre>
 *
 * <p>The class is its simple, binary ({@code Outer$Inner}) or fully qualified name; the method or the mode may be
 * {@code *}. A listed case still runs: it must fail (it is then reported as
 * {@code expected-failure} with its reason); if it passes, the invocation fails with
 * "UNEXPECTED PASS" so the entry gets removed.
 */
public final class ExpectedFailures {

    /** The resource name every list is read from. */
    public static final String RESOURCE = "poe-compat/expected-failures.txt";

    /**
     * One declared expected failure.
     *
     * @param testClass simple or fully qualified class name
     * @param method    method name, or {@code *}
     * @param loop      loop name
     * @param mode      {@code run}, {@code timeslice} or {@code *}
     * @param reason    why the loop cannot pass it
     * @param source    where it was declared (resource and line)
     */
    public record Entry(String testClass, String method, String loop, String mode, String reason, String source) {

        boolean matches(Class<?> type, String methodName, String loopName, DriveMode driveMode) {
            String binary = type.getName();
            String withoutPackage = binary.substring(binary.lastIndexOf('.') + 1);
            boolean classMatches = testClass.equals(binary) || testClass.equals(withoutPackage)
                    || testClass.equals(type.getSimpleName());
            return classMatches
                    && (method.equals("*") || method.equals(methodName))
                    && loop.equals(loopName)
                    && (mode.equals("*") || mode.equals(driveMode.label()));
        }
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, ExpectedFailures> LOADED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final List<Entry> entries;

    private ExpectedFailures(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The lists named {@value #RESOURCE} on the class path, read once. */
    public static ExpectedFailures get() {
        return get(RESOURCE);
    }

    /**
     * The lists with this resource name on the class path, read once. The JUnit
     * configuration parameter {@code poe.compat.expected-failures} picks another name.
     *
     * @param resource the resource name
     * @return the entries
     */
    public static ExpectedFailures get(String resource) {
        return LOADED.computeIfAbsent(resource, r -> load(Thread.currentThread().getContextClassLoader(), r));
    }

    /** Every entry, in declaration order. */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * The entry for one invocation, if declared.
     *
     * @param type   the test class
     * @param method the test method's name
     * @param loop   the loop
     * @param mode   the drive mode
     * @return the entry
     */
    public Optional<Entry> find(Class<?> type, String method, String loop, DriveMode mode) {
        return entries.stream().filter(e -> e.matches(type, method, loop, mode)).findFirst();
    }

    static ExpectedFailures load(ClassLoader loader, String resource) {
        List<Entry> entries = new ArrayList<>();
        try {
            Enumeration<URL> urls = (loader != null ? loader : ExpectedFailures.class.getClassLoader())
                    .getResources(resource);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(),
                        StandardCharsets.UTF_8))) {
                    parse(in, url.toString(), entries);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return new ExpectedFailures(entries);
    }

    static void parse(BufferedReader in, String source, List<Entry> into) throws IOException {
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] f = text.split("\\|", 4);
            String[] test = f[0].strip().split("#", 2);
            if (f.length != 4 || test.length != 2 || f[3].isBlank()) {
                throw new IllegalArgumentException(source + ":" + n + ": expected 'TestClass#method | loop | mode | reason',"
                        + " got: " + line);
            }
            String mode = f[2].strip();
            if (!mode.equals("*")) {
                DriveMode.ofLabel(mode);
            }
            into.add(new Entry(test[0].strip(), test[1].strip(), f[1].strip(), mode, f[3].strip(), source + ":" + n));
        }
    }
}
