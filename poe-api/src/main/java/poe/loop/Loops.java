package poe.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds loops on the class path and picks one at startup.
 *
 * <p>The choice, in order: an explicit name; the system property {@code poe.loop}; the
 * environment variable {@code POE_LOOP}; a toolkit already running in this JVM
 * ({@link LoopProvider#detectRunning()}); then {@code select}. A name that is blank (an
 * empty explicit name or {@code -Dpoe.loop=}, or blanks anywhere) or unknown is an
 * {@link IllegalArgumentException} listing the loops found, never a silent default; an
 * empty {@code POE_LOOP} counts as unset.
 *
 * <pre>{@code
 * Loop loop = Loops.open(null);        // the startup choice
 * Loop fx = Loops.open("javafx");      // or this one, or a clear error
 * }</pre>
 */
public final class Loops {

    /** The loop used when nothing else is asked for or detected. */
    public static final String DEFAULT = "select";

    private Loops() {
    }

    /** The providers on this library's own class path, found once (the scan reads every jar's services). */
    private static volatile Map<String, LoopProvider> ownProviders;

    /** Every loop provider on the class path, by name. */
    public static Map<String, LoopProvider> providers() {
        Map<String, LoopProvider> own = ownProviders;
        if (own == null) {
            Map<String, LoopProvider> scanned = new LinkedHashMap<>();
            for (LoopProvider provider : ServiceLoader.load(LoopProvider.class, Loops.class.getClassLoader())) {
                scanned.putIfAbsent(provider.name(), provider);
            }
            own = java.util.Collections.unmodifiableMap(scanned);
            ownProviders = own;
        }
        Map<String, LoopProvider> found = new LinkedHashMap<>(own);
        if (found.isEmpty()) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                for (LoopProvider provider : ServiceLoader.load(LoopProvider.class, context)) {
                    found.putIfAbsent(provider.name(), provider);
                }
            }
        }
        return found;
    }

    /** The names of the loops on the class path. */
    public static List<String> names() {
        return new ArrayList<>(providers().keySet());
    }

    /**
     * The name of the loop the startup choice makes, without creating it.
     *
     * @param explicit a name asked for by the program, or null
     * @return the chosen name
     * @throws IllegalArgumentException if the name is unknown or the loop unavailable
     */
    public static String choose(String explicit) {
        return chooseProvider(explicit).name();
    }

    /**
     * Makes the loop the startup choice picks.
     *
     * @param explicit a name asked for by the program, or null
     * @return a new, uninitialized loop
     * @throws IllegalArgumentException if the name is unknown or the loop unavailable; the
     *                                  message lists the loops found
     */
    public static Loop open(String explicit) {
        return chooseProvider(explicit).create();
    }

    private static LoopProvider chooseProvider(String explicit) {
        Map<String, LoopProvider> providers = providers();
        String name = explicit;
        String source = "the program";
        if (name == null) {
            name = System.getProperty("poe.loop");
            source = "-Dpoe.loop";
        }
        if (name == null) {
            // an empty POE_LOOP is unset, as shells mean it; a name that is only blanks is an error below
            String env = System.getenv("POE_LOOP");
            name = env == null || env.isEmpty() ? null : env;
            source = "POE_LOOP";
        }
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("the loop name '" + name + "' (asked for by " + source
                    + ") is blank; name one of the loops found on the class path: " + describe(providers)
                    + ", or ask for none to get the startup choice");
        }
        if (name == null) {
            for (LoopProvider provider : providers.values()) {
                if (provider.unavailableReason() == null && provider.detectRunning()) {
                    return provider;
                }
            }
            name = DEFAULT;
            source = "the default";
        }
        String key = name.trim().toLowerCase(java.util.Locale.ROOT);
        LoopProvider provider = providers.get(key);
        if (provider == null) {
            throw new IllegalArgumentException("no loop named '" + name + "' (asked for by " + source
                    + "); loops found on the class path: " + describe(providers)
                    + ". Add the loop's module (e.g. poe loop-" + key + ") to the class path or pick one of these.");
        }
        String reason = provider.unavailableReason();
        if (reason != null) {
            throw new IllegalArgumentException("the '" + key + "' loop (asked for by " + source
                    + ") is not available here: " + reason + "; loops found: " + describe(providers));
        }
        return provider;
    }

    private static String describe(Map<String, LoopProvider> providers) {
        if (providers.isEmpty()) {
            return "none";
        }
        return providers.values().stream().map(p -> {
            String reason = p.unavailableReason();
            return reason == null ? p.name() : p.name() + " (unavailable: " + reason + ")";
        }).collect(Collectors.joining(", "));
    }
}
