package poe.compat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import poe.loop.Loops;

/**
 * Finds the {@link LoopFixture}s on the class path and decides which loops and modes a
 * run covers.
 *
 * <p>System properties narrow a run: {@code -Dpoe.compat.loops=select,javafx} and
 * {@code -Dpoe.compat.modes=run}. A loop whose provider is on the class path but has no
 * fixture is not skipped: its invocations fail and say so.
 *
 * <pre>{@code
 * for (LoopFixture f : LoopFixtures.fixtures().values()) System.out.println(f.loopName());
 * }</pre>
 */
public final class LoopFixtures {

    private LoopFixtures() {
    }

    /** Every fixture on the class path by loop name, {@code select} first, then by name. */
    public static Map<String, LoopFixture> fixtures() {
        Map<String, LoopFixture> found = new java.util.TreeMap<>((a, b) -> {
            if (a.equals(b)) {
                return 0;
            }
            if (a.equals(Loops.DEFAULT)) {
                return -1;
            }
            if (b.equals(Loops.DEFAULT)) {
                return 1;
            }
            return a.compareTo(b);
        });
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        for (LoopFixture f : ServiceLoader.load(LoopFixture.class, cl != null ? cl : LoopFixtures.class.getClassLoader())) {
            LoopFixture previous = found.putIfAbsent(f.loopName(), f);
            if (previous != null && previous.getClass() != f.getClass()) {
                throw new IllegalStateException("two fixtures for the '" + f.loopName() + "' loop: "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return found;
    }

    /**
     * The loops this run covers: the ones named by {@code poe.compat.loops}, or every loop
     * that has a fixture or a provider on the class path.
     */
    public static List<String> selectedLoops() {
        Set<String> all = new LinkedHashSet<>(fixtures().keySet());
        List<String> providers = new ArrayList<>(Loops.names());
        providers.sort(null);
        all.addAll(providers);
        String wanted = System.getProperty("poe.compat.loops");
        if (wanted == null || wanted.isBlank()) {
            return new ArrayList<>(all);
        }
        return Arrays.stream(wanted.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .distinct()
                .collect(Collectors.toList());
    }

    /** The drive modes this run covers ({@code poe.compat.modes}, default both). */
    public static List<DriveMode> selectedModes() {
        String wanted = System.getProperty("poe.compat.modes");
        if (wanted == null || wanted.isBlank()) {
            return List.of(DriveMode.values());
        }
        return Arrays.stream(wanted.split(",")).map(DriveMode::ofLabel).distinct().collect(Collectors.toList());
    }

    /** Every loop name that has a provider, with why it is unavailable (null if it is). */
    static Map<String, String> providerStates() {
        Map<String, String> out = new LinkedHashMap<>();
        Loops.providers().forEach((name, p) -> out.put(name, p.unavailableReason()));
        return out;
    }
}
