package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.pipe.OneWay;
import poe.pipe.TwoWay;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;
import poe.wheel.Wheel;

/**
 * A wheel's life (CONFORMANCE.md 2.5, wheel facts; M-GC): unique IDs; close() takes its
 * watchers and handlers at once; a session that stops closes the wheels it still owns;
 * use from outside a handler, from another session or from another thread is a clear error.
 */
class WheelLifecycleTest {

    @LoopTest
    void closeTakesWatchersAndHandlersAtOnceAndTheSessionEnds(ScenarioContext ctx) throws Exception {
        List<String> log = new ArrayList<>();
        TwoWay pair = TwoWay.open();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    ReadWrite a = ReadWrite.builder().handle(pair.a()).inputEvent("in").create(ev.kernel());
                    ReadWrite b = ReadWrite.builder().handle(pair.b()).inputEvent("in").create(ev.kernel());
                    assertTrue(b.id() > a.id(), "IDs are unique and rising");
                    log.add("watched " + ev.kernel().loop().registrations().size());
                    a.close();
                    b.close();
                    a.close();                                       // again: nothing
                    log.add("watched " + ev.kernel().loop().registrations().size());
                    log.add("closed " + (!pair.a().isOpen() && !pair.b().isOpen()));
                    ev.kernel().yield("poe.wheel.ReadWrite(" + a.id() + ") read");   // its handler is gone
                })
                .on("_default", ev -> log.add("default " + ev.arg(0)))
                .on("_stop", ev -> log.add("stop"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals("watched 4", log.get(0), "read, and write (paused), for each of the two");
        assertEquals(List.of("watched 0", "closed true"), log.subList(1, 3));
        assertTrue(log.get(3).startsWith("default poe.wheel.ReadWrite("), log.toString());
        assertEquals("stop", log.get(4));
    }

    @LoopTest
    void aStoppingSessionClosesTheWheelsItOwns(ScenarioContext ctx) throws Exception {
        OneWay pipe = OneWay.open();
        List<Wheel> wheels = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    wheels.add(ReadWrite.builder().inputHandle(pipe.read()).outputHandle(pipe.write())
                            .inputEvent("in").create(ev.kernel()));
                    wheels.add(SocketFactory.builder().bindAddress("127.0.0.1")
                            .successEvent("up").failureEvent("down").create(ev.kernel()));
                    ev.kernel().delay("quit", 0.05);
                })
                .on("quit", ev -> ev.kernel().stop())                // stops every session, wheels and all
                .create(ctx.kernel());
        ctx.drive();
        assertTrue(wheels.get(0).isClosed() && wheels.get(1).isClosed(), "both wheels closed");
        assertFalse(pipe.read().isOpen() || pipe.write().isOpen(), "the pipe went with its wheel");
        assertEquals(0, ctx.kernel().loop().registrations().size());
    }

    @LoopTest
    void useFromOutsideItsOwnerIsAClearError(ScenarioContext ctx) throws Exception {
        TwoWay pair = TwoWay.open();
        Map<String, Object> shared = new HashMap<>();
        List<String> errors = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> ReadWrite.builder().handle(pair.a()).create(ctx.kernel()),
                "outside any handler");
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("owner");
                    shared.put("rw", ReadWrite.builder().handle(pair.a()).inputEvent("in").create(ev.kernel()));
                })
                .on("done", ev -> {
                    ((ReadWrite) shared.get("rw")).close();
                    ev.kernel().aliasRemove("owner");
                })
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> {
                    ReadWrite rw = (ReadWrite) shared.get("rw");
                    errors.add(assertThrows(IllegalStateException.class, () -> rw.put("x")).getMessage());
                    CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                        try {
                            rw.put("x");
                            return null;
                        } catch (RuntimeException e) {
                            return e;
                        }
                    });
                    try {
                        errors.add(other.get(10, TimeUnit.SECONDS).getMessage());
                    } catch (ExecutionException e) {
                        throw new AssertionError(e);
                    }
                    ev.kernel().post("owner", "done");
                })
                .create(ctx.kernel());
        ctx.drive();
        pair.close();
        assertEquals(2, errors.size());
        assertTrue(errors.get(0).contains("belongs to") && errors.get(0).contains("post an event"), errors.get(0));
        assertTrue(errors.get(1).contains("thread"), errors.get(1));
    }
}
