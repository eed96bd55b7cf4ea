package poe.compat.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import poe.Callback;
import poe.Errno;
import poe.KernelException;
import poe.Postback;
import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/** K3-PB: postbacks and callbacks, their hold on the session, and postbacks from other threads. */
class PostbackTest {

    /** K3-PB-1: a postback posts (creation args, call args); a callback calls and returns the value. */
    @LoopTest
    void postbackAndCallbackArguments(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    Postback pb = ev.session().postback("pb", "made", 1);
                    values.add(pb.post("given", 2));
                    pb.close();
                    Callback cb = ev.session().callback("cb", "fixed");
                    values.add(cb.call("now"));
                    cb.close();
                    log.add("start done");
                })
                .on("pb", ev -> log.add("pb " + ev.arg(0) + " " + ev.arg(1) + " sender " + ev.sender().id()))
                .onValue("cb", ev -> {
                    log.add("cb " + ev.arg(0) + " " + ev.arg(1));
                    return 42;
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("cb [fixed] [now]", "start done", "pb [made, 1] [given, 2] sender 1"), log);
        assertEquals(List.of(true, 42), values);
    }

    /** K3-PB-2: an outstanding postback keeps its session alive until it is closed. */
    @LoopTest
    void aPostbackKeepsItsSessionAliveUntilClosed(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        AtomicReference<Postback> held = new AtomicReference<>();
        Session.builder()
                .on("_start", ev -> held.set(ev.session().postback("never_used")))
                .on("_stop", ev -> log.add("holder stop"))
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("close", 0.1))
                .on("close", ev -> {
                    log.add("closing");
                    held.get().close();
                    held.get().close();                              // idempotent
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("closing", "holder stop"), log);
        assertTrue(held.get().isClosed());
    }

    /** K3-PB-2: a postback whose session is gone fails like any post to an unknown session. */
    @LoopTest
    void aPostbackToAGoneSession(ScenarioContext ctx) {
        List<Object> results = new ArrayList<>();
        AtomicReference<Postback> pb = new AtomicReference<>();
        Session.builder()
                .on("_start", ev -> {
                    pb.set(ev.session().postback("x"));
                    pb.get().close();
                })
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> ev.kernel().delay("try", 0.05))
                .on("try", ev -> {
                    try {
                        results.add(pb.get().post());
                    } catch (KernelException e) {
                        results.add(e.errno());
                    }
                })
                .create(ctx.kernel());
        ctx.drive();
        boolean strict = Boolean.getBoolean("poe.assert.default") || Boolean.getBoolean("poe.assert.usage");
        assertEquals(List.of(strict ? Errno.ESRCH : Boolean.FALSE), results);
    }

    /** Postbacks invoked from other threads arrive on the loop thread, in each thread's order. */
    @LoopTest
    void postbacksFromAnotherThread(ScenarioContext ctx) throws InterruptedException {
        int threads = 3;
        int each = 2_000;
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        int[] next = new int[threads];
        int[] total = new int[1];
        List<Thread> workers = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    for (int t = 0; t < threads; t++) {
                        Postback pb = ev.session().postback("result", t);
                        Thread w = new Thread(() -> {
                            for (int i = 0; i < each; i++) {
                                if (i % 2 == 0) {
                                    pb.post(i);
                                } else {
                                    pb.accept(i);
                                }
                            }
                            pb.close();
                        }, "postback-worker-" + t);
                        workers.add(w);
                    }
                    workers.forEach(Thread::start);
                })
                .on("result", ev -> {
                    if (!ev.kernel().loop().inLoopThread()) {
                        problems.add("handler on " + Thread.currentThread().getName());
                    }
                    List<Object> made = ev.arg(0);
                    List<Object> given = ev.arg(1);
                    int t = (Integer) made.get(0);
                    int i = (Integer) given.get(0);
                    if (i != next[t]) {
                        problems.add("worker " + t + ": got " + i + ", expected " + next[t]);
                    }
                    next[t] = i + 1;
                    total[0]++;
                })
                .create(ctx.kernel());
        ctx.drive();
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(List.of(), problems);
        assertEquals(threads * each, total[0]);
    }
}
