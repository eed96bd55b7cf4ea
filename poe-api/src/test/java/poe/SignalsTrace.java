package poe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A trace log and a small session maker, so that the Java twins of the Perl programs used
 * to check the kernel read like them: {@code ses("P", start, stop, states)} logs
 * {@code start P}, {@code stop P} and {@code child P <op>}.
 */
final class SignalsTrace {

    final List<String> log = new ArrayList<>();
    final Kernel kernel = SignalsTestLoop.kernel();

    void add(String entry) {
        log.add(entry);
    }

    static Map<String, Handler> states(String e1, Handler h1) {
        Map<String, Handler> m = new LinkedHashMap<>();
        m.put(e1, h1);
        return m;
    }

    static Map<String, Handler> states(String e1, Handler h1, String e2, Handler h2) {
        Map<String, Handler> m = states(e1, h1);
        m.put(e2, h2);
        return m;
    }

    static Map<String, Handler> states(String e1, Handler h1, String e2, Handler h2, String e3, Handler h3) {
        Map<String, Handler> m = states(e1, h1, e2, h2);
        m.put(e3, h3);
        return m;
    }

    Session ses(String name, Handler start) {
        return ses(name, start, null, Map.of());
    }

    Session ses(String name, Handler start, Map<String, Handler> states) {
        return ses(name, start, null, states);
    }

    Session ses(String name, Handler start, Handler stop, Map<String, Handler> states) {
        SessionBuilder b = Session.builder()
                .on("_start", ev -> {
                    add("start " + name);
                    if (start != null) {
                        start.handle(ev);
                    }
                })
                .on("_stop", ev -> {
                    add("stop " + name);
                    if (stop != null) {
                        stop.handle(ev);
                    }
                })
                .on("_child", ev -> add("child " + name + " " + ev.arg(0)));
        states.forEach(b::on);
        return b.create(kernel);
    }

    /** Runs the kernel; returns the log and what run() threw, as "a, b | died=[msg]". */
    String run() {
        return run(Kernel::run);
    }

    String run(Consumer<Kernel> drive) {
        String died = "";
        try {
            drive.accept(kernel);
        } catch (RuntimeException | AssertionError e) {
            died = describe(e);
        }
        return String.join(", ", log) + " | died=[" + died + "]";
    }

    /** The message, then each suppressed one after " + " (POE's "Additional error ..."). */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable s : e.getSuppressed()) {
            sb.append(" + ").append(s.getMessage());
        }
        return sb.toString();
    }

    /** Runs to the end in the external-driver mode. */
    static void slices(Kernel k) {
        while (k.runOneTimeslice()) {
            // drive
        }
    }
}
