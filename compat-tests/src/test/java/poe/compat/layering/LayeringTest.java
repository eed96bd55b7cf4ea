package poe.compat.layering;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

import poe.Session;

/**
 * The layering of the modules, as rules that fail when broken: the API knows no loop, a
 * loop knows only {@code poe.loop} of the API, filters and drivers know nothing of the
 * kernel, only the kernel's package uses {@code poe.internal}, and inside the kernel no resource uses the
 * {@code Kernel} facade or another resource's per-session state.
 *
 * <p>A class that breaks a rule for a reason is listed here with the reason (a known
 * violation): the rule then checks that exactly the listed classes break it, so a new
 * violation fails, and so does a listed one that has been fixed (take it off the list).
 *
 * <pre>{@code
 * ./mvnw -o -q -pl compat-tests -am test -Dtest=LayeringTest -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
class LayeringTest {

    /** The loop modules, by artifact, with the packages each may use besides the JDK and {@code poe.loop}. */
    private static final Map<String, String[]> LOOPS = Map.of(
            "loop-select", new String[] {"poe.loop.select.."},
            "loop-vertx", new String[] {"poe.loop.vertx..", "io.vertx..", "io.netty.."},
            "loop-javafx", new String[] {"poe.loop.javafx..", "javafx..", "com.sun.javafx..", "com.sun.glass.."},
            "loop-swt", new String[] {"poe.loop.swt..", "org.eclipse.swt.."});

    /**
     * Loop-module classes that use more of the API than {@code poe.loop}, and why.
     * <ul>
     *   <li>{@code PoeVerticle} deploys a kernel as a Vert.x verticle (its sessions,
     *       postbacks into them): an integration of the kernel with Vert.x, not a loop. It
     *       belongs in a module of its own (poe-vertx, say) that depends on both: a new
     *       artifact, more than a tidy.</li>
     * </ul>
     */
    private static final Map<String, Set<String>> KNOWN_LOOP_VIOLATIONS = Map.of(
            "loop-vertx", Set.of("poe.loop.vertx.PoeVerticle"));

    private static final String[] TOOLKITS = {
        "io.vertx..", "io.netty..", "javafx..", "com.sun.javafx..", "com.sun.glass..", "org.eclipse.swt.."};
    private static final String[] LOOP_PACKAGES = {
        "poe.loop.select..", "poe.loop.vertx..", "poe.loop.javafx..", "poe.loop.swt.."};

    private static JavaClasses all;

    @BeforeAll
    static void importClasses() {
        all = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("poe");
    }

    @Test
    void theApiUsesNoLoopModuleAndNoToolkit() {
        ArchRule rule = noClasses().that(inModule("poe-api"))
                .should().dependOnClassesThat().resideInAnyPackage(LOOP_PACKAGES)
                .orShould().dependOnClassesThat().resideInAnyPackage(TOOLKITS);
        rule.check(all);
    }

    @Test
    void loopsUseOnlyPoeLoopOfTheApi() {
        for (Map.Entry<String, String[]> loop : LOOPS.entrySet()) {
            String module = loop.getKey();
            ArchRule rule = classes().that(inModule(module))
                    .should().onlyDependOnClassesThat().resideInAnyPackage(concat(loop.getValue(),
                            "poe.loop", "poe.loop.toolkit..", "java..", "javax..", "jdk..", "sun..", "com.sun.."))
                    .allowEmptyShould(false);
            EvaluationResult result = rule.evaluate(all);
            assertEquals(KNOWN_LOOP_VIOLATIONS.getOrDefault(module, Set.of()), violators(result),
                    module + ": classes using more of the API than poe.loop (a new one: use poe.loop only, or"
                            + " list it with the reason in KNOWN_LOOP_VIOLATIONS; a fixed one: take it off):\n"
                            + result.getFailureReport());
        }
    }

    @Test
    void filtersAndDriversUseNothingOfTheKernel() {
        ArchRule rule = noClasses().that().resideInAnyPackage("poe.filter..", "poe.driver..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "poe", "poe.internal..", "poe.loop..", "poe.wheel..", "poe.component..", "poe.pipe..",
                        "poe.group..");
        rule.check(all);
    }

    @Test
    void onlyTheKernelUsesItsInternals() {
        // wheels, components, pipes, groups, loops and everything else: the public API only
        ArchRule rule = noClasses().that().resideOutsideOfPackages("poe", "poe.internal..")
                .should().dependOnClassesThat().resideInAPackage("poe.internal..");
        rule.check(all);
    }

    @Test
    void theInternalsKnowNoLayerAboveTheKernel() {
        ArchRule rule = noClasses().that().resideInAPackage("poe.internal..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "poe.wheel..", "poe.component..", "poe.pipe..", "poe.group..", "poe.filter..", "poe.driver..")
                .allowEmptyShould(true);
        rule.check(all);
    }

    /**
     * The kernel's resources (POE::Resource::*) and the parts of its engine that are given narrow interfaces
     * ({@code SessionRefs}, {@code Mailbox}) instead of the facade: none of them may use {@code poe.Kernel}, so no
     * cycle runs back into it. The Dispatcher (whose contexts name the kernel) and KernelHost (the loop's view of
     * the facade) are the only internals that do.
     */
    private static final Set<String> RESOURCES = Set.of(
            "poe.Aliases", "poe.Extrefs", "poe.Signals", "poe.Watchers", "poe.ChildProcesses", "poe.SessionTable",
            "poe.Sessions", "poe.Timers", "poe.Clock", "poe.Mailbox", "poe.SignalDelivery", "poe.QueuedEvents");

    /**
     * Each resource's per-session state: fields of {@code Session} and the classes that alone may touch them (the
     * resource that owns them; {@code Session} itself for its constructor and toString). Reference counts and queue
     * counts are written only through the dispatcher (the {@code SessionRefs} the resources get) and by the
     * sessions resource when it frees a session.
     */
    private static final Map<String, Set<String>> SESSION_FIELD_OWNERS = Map.ofEntries(
            Map.entry("aliases", Set.of("poe.Aliases", "poe.Session")),
            Map.entry("extraRefs", Set.of("poe.Extrefs")),
            Map.entry("holds", Set.of("poe.Extrefs")),
            Map.entry("signalWatches", Set.of("poe.Signals")),
            Map.entry("childWatches", Set.of("poe.Signals")),
            Map.entry("watchers", Set.of("poe.Watchers")),
            Map.entry("closeOnStop", Set.of("poe.Sessions")),
            Map.entry("lastContext", Set.of("poe.Dispatcher", "poe.QueuedEvents")),
            Map.entry("postedTo", Set.of("poe.Dispatcher", "poe.QueuedEvents")),
            Map.entry("postedContext", Set.of("poe.Dispatcher", "poe.QueuedEvents")),
            Map.entry("postedRoutes", Set.of("poe.Dispatcher")),
            Map.entry("sweptIn", Set.of("poe.Dispatcher")),
            Map.entry("dispatchDepth", Set.of("poe.Dispatcher")));

    /** Fields of {@code Session} that others may read but only these classes write. */
    private static final Map<String, Set<String>> SESSION_FIELD_WRITERS = Map.of(
            "parent", Set.of("poe.Sessions"),
            "children", Set.of("poe.Sessions"),
            "refs", Set.of("poe.Dispatcher", "poe.Sessions"),
            "queued", Set.of("poe.Dispatcher", "poe.Timers", "poe.Sessions"),
            "timers", Set.of("poe.Dispatcher", "poe.Timers"));

    @Test
    void noResourceDependsOnTheKernel() {
        ArchRule rule = noClasses().that(named(RESOURCES))
                .should().dependOnClassesThat().haveFullyQualifiedName("poe.Kernel")
                .allowEmptyShould(false);
        rule.check(all);
    }

    /**
     * Resources that may use the {@code Dispatcher} class itself, and why; every other resource gets a narrow
     * interface of what it uses ({@code SessionRefs}, {@code TimerQueue}, {@code SignalDispatch}).
     * <ul>
     *   <li>{@code Sessions} runs {@code _start}, {@code _stop}, {@code _child} and {@code _parent} through the
     *       dispatcher and catches its {@code Fatal}: it uses a dozen of its methods, so an interface
     *       would be the dispatcher's handler API again, not a narrow view.</li>
     * </ul>
     */
    private static final Set<String> DISPATCHER_USERS = Set.of("poe.Sessions");

    @Test
    void resourcesUseTheDispatcherThroughNarrowInterfaces() {
        Set<String> others = new TreeSet<>(RESOURCES);
        others.removeAll(DISPATCHER_USERS);
        ArchRule rule = noClasses().that(named(others))
                .should().dependOnClassesThat().haveFullyQualifiedName("poe.Dispatcher")
                .allowEmptyShould(false);
        rule.check(all);
    }

    @Test
    void resourcesDoNotReachIntoEachOthersTables() {
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, Set<String>> field : new TreeMap<>(SESSION_FIELD_OWNERS).entrySet()) {
            ArchRule rule = noClasses().that(notNamed(field.getValue()))
                    .should().accessField(Session.class, field.getKey())
                    .because("Session." + field.getKey() + " is " + field.getValue() + "'s");
            report(rule.evaluate(all), failures);
        }
        for (Map.Entry<String, Set<String>> field : new TreeMap<>(SESSION_FIELD_WRITERS).entrySet()) {
            ArchRule rule = noClasses().that(notNamed(field.getValue()))
                    .should().setField(Session.class, field.getKey())
                    .because("only " + field.getValue() + " write Session." + field.getKey());
            report(rule.evaluate(all), failures);
        }
        assertEquals("", failures.toString(), "a class touches another resource's per-session state");
    }

    private static void report(EvaluationResult result, StringBuilder failures) {
        if (result.hasViolation()) {
            failures.append(result.getFailureReport()).append('\n');
        }
    }

    /** Classes (top-level or nested) whose top-level class is one of these. */
    private static DescribedPredicate<JavaClass> named(Set<String> names) {
        return DescribedPredicate.describe("are one of " + new TreeSet<>(names), c -> {
            String name = c.getName();
            int inner = name.indexOf('$');
            return names.contains(inner < 0 ? name : name.substring(0, inner));
        });
    }

    private static DescribedPredicate<JavaClass> notNamed(Set<String> names) {
        return DescribedPredicate.describe("are not one of " + new TreeSet<>(names), named(names).negate()::test);
    }

    /** Classes of one Maven module: its classes directory or its jar. */
    private static DescribedPredicate<JavaClass> inModule(String module) {
        return DescribedPredicate.describe("are in module " + module, c -> c.getSource()
                .map(s -> {
                    String uri = s.getUri().toString();
                    return uri.contains("/" + module + "/target/classes/") || uri.contains("/" + module + "-");
                })
                .orElse(false));
    }

    /** The top-level classes of a result's violations. */
    private static Set<String> violators(EvaluationResult result) {
        Set<String> found = new TreeSet<>();
        result.handleViolations((java.util.Collection<Dependency> violations, String message) -> {
            for (Dependency d : violations) {
                String name = d.getOriginClass().getName();
                int inner = name.indexOf('$');
                found.add(inner < 0 ? name : name.substring(0, inner));
            }
        });
        return found;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
