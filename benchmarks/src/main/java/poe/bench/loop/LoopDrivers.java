package poe.bench.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import poe.loop.LoopProvider;
import poe.loop.Loops;

/**
 * The loops found on the class path at run time, and a driver for each.
 *
 * <pre>{@code
 * List<String> loops = LoopDrivers.available();      // e.g. [select, vertx]
 * LoopDriver driver = LoopDrivers.open("select");
 * }</pre>
 */
public final class LoopDrivers {

    private LoopDrivers() {
    }

    /** Names of the loops that can run here, {@code select} first. */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        for (LoopProvider p : Loops.providers().values()) {
            if (p.unavailableReason() == null) {
                names.add(p.name());
            }
        }
        names.sort((a, b) -> Boolean.compare(!Loops.DEFAULT.equals(a), !Loops.DEFAULT.equals(b)));
        return names;
    }

    /** Loops found but not usable here (no display, say), with the reason. */
    public static Map<String, String> unavailable() {
        Map<String, String> out = new LinkedHashMap<>();
        for (LoopProvider p : Loops.providers().values()) {
            String reason = p.unavailableReason();
            if (reason != null) {
                out.put(p.name(), reason);
            }
        }
        return out;
    }

    /**
     * A driver for the named loop.
     *
     * @param loop a loop name from {@link #available()}
     * @return its driver; close it when done
     */
    public static LoopDriver open(String loop) {
        return new CallerThreadDriver(loop);
    }
}
