package poe.compat.tests;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.SessionBuilder;

/**
 * Sessions that trace every handler the way {@code /work/shared/difffuzz} does, so that a
 * test can state real POE's trace line for line: each handler logs
 * {@code NAME EVENT #N from=SENDER args=A,B} (N counts the session's handler runs; sessions
 * print as names, the kernel as {@code kernel}, null as {@code undef}) and returns
 * {@code r:NAME:EVENT}, which shows in {@code call} results and {@code _child} values.
 *
 * <pre>{@code
 * Traced t = new Traced();
 * t.template("A").on("_stop");
 * t.template("R").on("_start", ev -> t.create("A", ev.kernel())).on("_child");
 * t.create("R", kernel);
 * }</pre>
 */
final class Traced {

    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Template> templates = new HashMap<>();
    private final Map<String, Integer> instances = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Map<String, Session> byName = new HashMap<>();
    private final Map<String, Integer> runs = new HashMap<>();

    /** A template of sessions: the handlers each instance gets. */
    final class Template {
        private final Map<String, Consumer<EventContext>> handlers = new HashMap<>();

        /** A handler that only traces. */
        Template on(String event) {
            return on(event, ev -> { });
        }

        /** A handler that traces, then runs {@code body}. */
        Template on(String event, Consumer<EventContext> body) {
            handlers.put(event, body);
            return this;
        }
    }

    Template template(String name) {
        return templates.computeIfAbsent(name, n -> new Template());
    }

    /** Creates an instance of a template ({@code A}, then {@code A.2}, ...) as a child of the active session. */
    Session create(String template, Kernel kernel) {
        Template t = templates.get(template);
        int n = instances.merge(template, 1, Integer::sum);
        String me = n == 1 ? template : template + "." + n;
        SessionBuilder b = Session.builder();
        Consumer<EventContext> start = t.handlers.getOrDefault("_start", ev -> { });
        b.onValue("_start", ev -> {
            names.put(ev.session().id(), me);
            byName.put(me, ev.session());
            return run(me, ev, start);
        });
        t.handlers.forEach((event, body) -> {
            if (!event.equals("_start")) {
                b.onValue(event, ev -> run(me, ev, body));
            }
        });
        return b.create(kernel);
    }

    private Object run(String me, EventContext ev, Consumer<EventContext> body) {
        int n = runs.merge(me, 1, Integer::sum);
        StringJoiner args = new StringJoiner(",");
        for (Object a : ev.args()) {
            args.add(name(a));
        }
        log.add(me + " " + ev.state() + " #" + n + " from=" + name(ev.sender()) + " args=" + args);
        body.accept(ev);
        return "r:" + me + ":" + ev.state();
    }

    /** Logs an action's result the way difffuzz does: {@code NAME EVENT: what}. */
    void say(EventContext ev, String what) {
        log.add(names.get(ev.session().id()) + " " + ev.state() + ": " + what);
    }

    Session session(String name) {
        return byName.get(name);
    }

    String name(Object o) {
        if (o == null) {
            return "undef";
        }
        if (o instanceof Kernel) {
            return "kernel";
        }
        if (o instanceof Session s) {
            return names.getOrDefault(s.id(), String.valueOf(s.id()));
        }
        if (o instanceof List<?> l) {
            StringJoiner j = new StringJoiner(",", "[", "]");
            l.forEach(x -> j.add(name(x)));
            return j.toString();
        }
        return String.valueOf(o);
    }

    /** The trace as one string per line, for an assertEquals that shows the whole difference. */
    String text() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }
}
