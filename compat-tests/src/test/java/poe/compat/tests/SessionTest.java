package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import poe.Callback;
import poe.EventContext;
import poe.Kernel;
import poe.Postback;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** POE::Test::Loops ses_session (SES-01 .. SES-17; SES-11, -12, -14 do not apply to Java). */
class SessionTest {

    /** SES-01: self-signals, handled; watchers removed with sig(name); timers keep the session. */
    @LoopTest
    void selfSignals(ScenarioContext ctx) {
        Map<String, Integer> got = new HashMap<>();
        List<String> wrongArgs = new ArrayList<>();
        int[] sent = new int[1];
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().sig("ALRM", "sig_alrm");
                    ev.kernel().sig("PIPE", "sig_pipe");
                    ev.kernel().delay("send", 0.05);
                })
                .on("send", ev -> {
                    ev.kernel().signal(ev.session(), "ALRM");
                    ev.kernel().signal(ev.session(), "PIPE");
                    if (++sent[0] < 5) {
                        ev.kernel().delay("send", 0.05);
                    } else {
                        ev.kernel().delay("unwatch", 0.05);
                    }
                })
                .on("unwatch", ev -> {
                    ev.kernel().sig("ALRM");
                    ev.kernel().sig("PIPE");
                    ev.kernel().signal(ev.session(), "ALRM");                     // nobody watches it now
                })
                .on("sig_alrm", ev -> count(ev, got, wrongArgs, "ALRM"))
                .on("sig_pipe", ev -> count(ev, got, wrongArgs, "PIPE"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(Map.of("ALRM", 5, "PIPE", 5), got);
        assertEquals(List.of(), wrongArgs);
    }

    private static void count(EventContext ev, Map<String, Integer> got, List<String> wrong, String name) {
        if (!name.equals(ev.arg(0)) || !(ev.sender() instanceof Kernel)) {
            wrong.add(ev.toString());
        }
        got.merge(name, 1, Integer::sum);
        ev.kernel().sigHandled();
    }

    /** SES-02 .. SES-05: heap and args, yield vs post sender, call's value, _default. */
    @LoopTest
    void tasks(ScenarioContext ctx) {
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        int[] senderOk = new int[1];
        int[] defaults = new int[1];
        int[] heapAtStop = new int[1];
        for (int i = 1; i <= 10; i++) {
            Map<String, Object> heap = new HashMap<>();
            heap.put("got_heap", i);
            Session.builder()
                    .heap(heap)
                    .args(i)
                    .on("_start", ev -> {
                        Map<String, Object> h = ev.heap();
                        int id = ev.arg(0);                                             // SES-02
                        if (!h.get("got_heap").equals(id)) {
                            problems.add("heap " + h + " for " + id);
                        }
                        h.put("id", id);
                        h.put("count", 0);
                        ev.kernel().yield("count");
                    })
                    .on("count", ev -> {
                        if (ev.sender() == ev.session()) {                              // SES-03
                            senderOk[0]++;
                        }
                        Map<String, Object> h = ev.heap();
                        int n = (Integer) ev.kernel().call(ev.session(), "next_count");   // SES-04
                        boolean post = n % 2 == 0;
                        if (n < 5) {
                            if (post) {
                                ev.kernel().post(ev.session(), "count");
                            } else {
                                ev.kernel().yield("count");
                            }
                        }
                        if (post) {                                                      // SES-05
                            ev.kernel().post(ev.session(), "bogus", h.get("id"));
                        } else {
                            ev.kernel().yield("bogus", h.get("id"));
                        }
                    })
                    .onValue("next_count", ev -> {
                        Map<String, Object> h = ev.heap();
                        int n = (Integer) h.get("count") + 1;
                        h.put("count", n);
                        return n;
                    })
                    .on("_default", ev -> {
                        if (ev.state().equals("_default") && "bogus".equals(ev.arg(0))) {
                            defaults[0]++;
                        } else if ("_stop".equals(ev.arg(0))) {                          // SES-02
                            Map<String, Object> h = ev.heap();
                            if (h.get("got_heap").equals(h.get("id")) && h.get("count").equals(5)) {
                                heapAtStop[0]++;
                            }
                        } else {
                            problems.add("_default got " + ev.arg(0) + " state " + ev.state());
                        }
                    })
                    .create(ctx.kernel());
        }
        ctx.drive();
        assertEquals(List.of(), problems);
        assertEquals(50, senderOk[0]);
        assertEquals(50, defaults[0]);
        assertEquals(10, heapAtStop[0], "every task's heap in _stop, with 5 counts");
    }

    /** SES-06, SES-07, SES-08: postbacks and callbacks between a client and a server. */
    @LoopTest
    void postbacksAndCallbacks(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int[] serial = new int[1];
        Session.builder()                                                                // the server
                .on("_start", ev -> ev.kernel().aliasSet("server"))
                .on("query", ev -> {
                    Postback pb = ev.arg(0);
                    pb.post(++serial[0]);
                    pb.close();
                })
                .on("sync_query", ev -> {
                    Callback cb = ev.arg(0);
                    cb.call(++serial[0]);
                    cb.close();
                })
                .on("hold", ev -> ev.kernel().delay("release", 0.2, ev.<Object>arg(0)))
                .on("release", ev -> {
                    log.add("server releases the last postback");
                    ((Postback) ev.arg(0)).close();
                })
                .on("_stop", ev -> { })
                .create(ctx.kernel());
        Session.builder()                                                                // the client
                .heap(new HashMap<String, Object>(Map.of("name", "client")))
                .on("_start", ev -> ev.kernel().yield("round", 1))
                .on("round", ev -> {
                    int round = ev.arg(0);
                    Postback pb = ev.session().postback("response", "cookie " + round);
                    ev.kernel().post("server", "query", pb);
                    Callback cb = ev.session().callback("sync_response", "cookie " + (round + 1));
                    ev.kernel().call("server", "sync_query", cb);
                    log.add("call returned");                                            // SES-07
                })
                .on("sync_response", ev -> log.add("sync " + ev.arg(0) + " " + ev.arg(1)))
                .on("response", ev -> {
                    log.add("async " + ev.arg(0) + " " + ev.arg(1));                     // SES-06
                    List<Object> made = ev.arg(0);
                    int round = Integer.parseInt(((String) made.get(0)).substring(7));
                    if (round < 5) {
                        ev.kernel().yield("round", round + 1);
                    } else {                                                              // SES-08
                        ev.kernel().post("server", "hold", ev.session().postback("never"));
                    }
                })
                .on("_stop", ev -> {
                    if (ev.kernel().activeSession() != ev.session()) {
                        problems.add("active session in _stop is " + ev.kernel().activeSession());
                    }
                    Map<String, Object> heap = ev.heap();
                    log.add("client stop, heap " + heap.get("name"));
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of(), problems);
        List<String> want = new ArrayList<>();
        for (int r = 1, n = 1; r <= 5; r++, n += 2) {
            want.add("sync [cookie " + (r + 1) + "] [" + n + "]");
            want.add("call returned");
            want.add("async [cookie " + r + "] [" + (n + 1) + "]");
        }
        want.add("server releases the last postback");
        want.add("client stop, heap client");
        assertEquals(want, log);
    }

    /** Handlers as instance methods (object states). */
    public static final class Counter {
        final List<String> log;

        Counter(List<String> log) {
            this.log = log;
        }

        void _start(EventContext ev) {
            ev.kernel().yield("increment", 1);
        }

        void increment(EventContext ev) {
            step(ev, this, ev.arg(0));
        }

        void bump(EventContext ev) {
            step(ev, this, ev.arg(0));
        }

        void _stop(EventContext ev) {
            log.add("object stop " + ev.object().getClass().getSimpleName());
        }
    }

    /** Handlers as static methods (package states). */
    public static final class StaticCounter {
        /** Not a ThreadLocal: on some loops (vertx) handlers run on another thread than the scenario. */
        static final java.util.concurrent.atomic.AtomicReference<List<String>> LOG =
                new java.util.concurrent.atomic.AtomicReference<>();

        static void _start(EventContext ev) {
            ev.kernel().yield("increment", 1);
        }

        static void increment(EventContext ev) {
            step(ev, StaticCounter.class, ev.arg(0));
        }

        static void bump(EventContext ev) {
            step(ev, StaticCounter.class, ev.arg(0));
        }

        static void _stop(EventContext ev) {
            LOG.get().add("class stop " + ((Class<?>) ev.object()).getSimpleName());
        }
    }

    private static void step(EventContext ev, Object expectedObject, int n) {
        List<String> log = expectedObject instanceof Counter c ? c.log : StaticCounter.LOG.get();
        if (ev.object() != expectedObject) {
            log.add("wrong OBJECT " + ev.object());
        }
        log.add(ev.state() + " " + n);
        if (n < 5) {
            ev.kernel().yield(ev.state(), n + 1);
        }
    }

    /** SES-09: object and package (static) states, by list and by map. */
    @LoopTest
    void objectAndStaticStates(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        StaticCounter.LOG.set(log);
        try {
            Counter byList = new Counter(log);
            Session.builder().object(byList, "_start", "increment", "_stop").create(ctx.kernel());
            ctx.drive();
            Counter byMap = new Counter(log);
            Session.builder().object(byMap, Map.of("_start", "_start", "increment", "bump", "_stop", "_stop"))
                    .create(ctx.kernel());
            ctx.drive();
            Session.builder().statics(StaticCounter.class, "_start", "increment", "_stop").create(ctx.kernel());
            ctx.drive();
            Session.builder().statics(StaticCounter.class, Map.of("_start", "_start", "increment", "bump",
                    "_stop", "_stop")).create(ctx.kernel());
            ctx.drive();
        } finally {
            StaticCounter.LOG.set(null);
        }
        List<String> one = List.of("increment 1", "increment 2", "increment 3", "increment 4", "increment 5");
        List<String> want = new ArrayList<>(one);
        want.add("object stop Counter");
        want.addAll(one);
        want.add("object stop Counter");
        want.addAll(one);
        want.add("class stop StaticCounter");
        want.addAll(one);
        want.add("class stop StaticCounter");
        assertEquals(want, log);
    }

    /** SES-10, K3-SES-1: options return their previous values. */
    @LoopTest
    void options(ScenarioContext ctx) {
        List<Object> seen = new ArrayList<>();
        Session.builder()
                .option("default", true)
                .on("_start", ev -> {
                    Session s = ev.session();
                    seen.add(s.option("default", false));         // previous: true
                    seen.add(s.option("default"));                // current: false
                    seen.add(s.option("default", true));          // previous: false
                    seen.add(s.option("default"));                // back to the original
                    seen.add(s.option("my_own", "data"));         // unknown names are user data
                    seen.add(s.option("my_own"));
                    Map<String, Object> previous = s.options(Map.of("trace", false, "my_own", "more"));
                    seen.add(previous.get("my_own"));
                    seen.add(previous.containsKey("trace") ? previous.get("trace") : "no trace key");
                })
                .create(ctx.kernel());
        ctx.drive();
        List<Object> want = new ArrayList<>(List.of(true, false, false, true));
        want.add(null);
        want.add("data");
        want.add("data");
        want.add(null);
        assertEquals(want, seen);
    }

    /** SES-13: the active session is the kernel before and after running. */
    @LoopTest
    void activeSessionOutsideHandlers(ScenarioContext ctx) {
        Kernel k = ctx.kernel();
        assertSame(k, k.activeSession());
        assertEquals("", k.activeEvent());
        List<Object> inside = new ArrayList<>();
        Session.builder().on("_start", ev -> inside.add(ev.kernel().activeSession())).create(k);
        assertSame(k, k.activeSession());
        ctx.drive();
        assertSame(k, k.activeSession());
        assertEquals(1, inside.size());
        assertTrue(inside.get(0) instanceof Session);
    }

    /** SES-15 .. SES-17: Kernel.stop() from a handler, then a restart. */
    @LoopTest
    void stopThenRestart(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        int[] stops = new int[1];
        int[] loses = new int[1];
        int[] parents = new int[1];
        List<String> afterStop = new ArrayList<>();
        nested(log, sessions, stops, loses, parents, afterStop, 0).create(ctx.kernel());
        long start = System.nanoTime();
        ctx.drive(Duration.ofSeconds(20));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "3600 s timers delayed run()");
        assertEquals(4, sessions.size());
        assertEquals(List.of("descendants alive: false false false"), afterStop);           // SES-15
        assertEquals(4, stops[0], "_stop count");                                           // SES-16
        assertEquals(3, loses[0], "_child lose count");
        assertEquals(0, parents[0], "_parent count");
        for (Session s : sessions) {
            assertFalse(s.isAlive(), s.toString());
        }
        // SES-17: a new session after stop() runs normally
        List<String> again = new ArrayList<>();
        Session.builder()
                .option("trace", true).option("default", true).option("debug", true)
                .on("_start", ev -> {
                    again.add("start");
                    ev.kernel().yield("yielded");
                })
                .on("yielded", ev -> {
                    again.add("yielded");
                    ev.kernel().delay("delayed", 0.1);
                })
                .on("delayed", ev -> again.add("delayed"))
                .on("_stop", ev -> again.add("stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("start", "yielded", "delayed", "stop"), again);
    }

    private static poe.SessionBuilder nested(List<String> log, List<Session> sessions, int[] stops, int[] loses,
                                             int[] parents, List<String> afterStop, int depth) {
        return Session.builder()
                .on("_start", ev -> {
                    sessions.add(ev.session());
                    ev.kernel().aliasSet("level " + depth);
                    ev.kernel().delay("never", 3600);
                    if (depth < 3) {
                        nested(log, sessions, stops, loses, parents, afterStop, depth + 1).create(ev.kernel());
                    }
                    if (depth == 0) {
                        ev.kernel().yield("stop");
                    }
                })
                .on("stop", ev -> {
                    ev.kernel().stop();
                    afterStop.add("descendants alive: " + sessions.get(1).isAlive() + " " + sessions.get(2).isAlive()
                            + " " + sessions.get(3).isAlive());
                })
                .on("never", ev -> log.add("a 3600 s timer fired"))
                .on("_child", ev -> {
                    if ("lose".equals(ev.arg(0))) {
                        loses[0]++;
                    }
                })
                .on("_parent", ev -> parents[0]++)
                .on("_stop", ev -> stops[0]++);
    }
}
