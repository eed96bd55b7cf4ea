package poe.compat.misuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import poe.EventContext;
import poe.Kernel;
import poe.Postback;
import poe.Session;
import poe.compat.LogCapture;

/**
 * A newcomer's mistakes get an error that says what went wrong and what to do. This
 * module's tests run with {@code poe.assert.default=true}, so usage assertions are on.
 */
@Timeout(30)
class MisuseErrorsTest {

    // ---- loop names

    @Test
    void aBlankLoopNameIsAnErrorListingTheLoops() {
        for (String blank : List.of("", "   ", "\t")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernel.create(blank));
            assertTrue(e.getMessage().contains("blank") && e.getMessage().contains("select")
                    && e.getMessage().contains("vertx"), e.getMessage());
        }
    }

    @Test
    void anUnknownLoopNameIsAnErrorListingTheLoops() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernel.create("selct"));
        assertTrue(e.getMessage().contains("'selct'") && e.getMessage().contains("select"), e.getMessage());
    }

    @Test
    void aBlankPoeLoopPropertyIsAnErrorNotASilentDefault() {
        String was = System.getProperty("poe.loop");
        System.setProperty("poe.loop", " ");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Kernel::create);
            assertTrue(e.getMessage().contains("-Dpoe.loop") && e.getMessage().contains("select"), e.getMessage());
        } finally {
            if (was == null) {
                System.clearProperty("poe.loop");
            } else {
                System.setProperty("poe.loop", was);
            }
        }
    }

    // ---- a closed kernel

    @Test
    void aClosedKernelSaysItIsClosed() throws Exception {
        Kernel kernel = Kernel.create("select");
        kernel.close();
        List<Runnable> uses = List.of(
                kernel::run,
                kernel::runOneTimeslice,
                () -> Session.builder().on("_start", ev -> { }).create(kernel),
                () -> kernel.aliasSet("x"));
        for (Runnable use : uses) {
            IllegalStateException e = assertThrows(IllegalStateException.class, use::run);
            assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("Kernel.create"), e.getMessage());
        }
        AtomicReference<Throwable> fromThread = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                kernel.post("someone", "event");
            } catch (Throwable t) {
                fromThread.set(t);
            }
        });
        other.start();
        other.join();
        assertTrue(fromThread.get() instanceof IllegalStateException
                && fromThread.get().getMessage().contains("closed"), String.valueOf(fromThread.get()));
        kernel.close(); // closing twice is harmless
    }

    // ---- timers

    /** Runs the check in a session's _start on a fresh kernel. */
    private static void inHandler(Consumer<EventContext> check) {
        Kernel kernel = Kernel.create("select");
        List<Throwable> failures = new ArrayList<>();
        Session.builder().on("_start", ev -> {
            try {
                check.accept(ev);
            } catch (Throwable t) {
                failures.add(t);
            }
        }).create(kernel);
        kernel.run();
        kernel.close();
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.get(0));
        }
    }

    private static void rejected(Runnable call, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(value), "the message should name " + value + ": " + e.getMessage());
    }

    @Test
    void infiniteOrAbsurdTimesAreRejectedWithTheValueNamed() {
        inHandler(ev -> {
            Kernel k = ev.kernel();
            rejected(() -> k.delay("t", Double.POSITIVE_INFINITY), "Infinity");
            rejected(() -> k.delay("t", Double.NaN), "NaN");
            rejected(() -> k.delayAdd("t", 1e12), "1.0E12");
            rejected(() -> k.delaySet("t", -1e300), "-1.0E300");
            rejected(() -> k.delay("t", Duration.ofDays(365L * 1000)), "PT8760000H");
            rejected(() -> k.alarm("t", Double.POSITIVE_INFINITY), "Infinity");
            rejected(() -> k.alarmAdd("t", 1e300), "1.0E300");
            rejected(() -> k.alarmSet("t", Instant.MAX), Instant.MAX.toString());
            long id = k.delaySet("t", 10);
            rejected(() -> k.alarmAdjust(id, Double.NEGATIVE_INFINITY), "-Infinity");
            rejected(() -> k.delayAdjust(id, 1e15), "1.0E15");
            // sane values still work: past times fire as soon as possible
            k.alarm("t", 0.0);
            k.delay("t", -5);
            k.alarmRemoveAll();
        });
    }

    // ---- posts to nobody

    @Test
    void aPostFromAnotherThreadToNobodyIsLoggedUnderUsageAssertions() throws Exception {
        List<String> messages;
        try (LogCapture log = LogCapture.of("poe.Kernel")) {
            Kernel kernel = Kernel.create("select");
            AtomicReference<Postback> hold = new AtomicReference<>();
            Session.builder()
                    .on("_start", ev -> {
                        Kernel k = ev.kernel();
                        Postback done = ev.session().postback("done");   // keeps the session alive until closed
                        hold.set(done);
                        new Thread(() -> {
                            k.post("nobody-here", "hello", 1);
                            done.run();
                        }).start();
                    })
                    .on("done", ev -> hold.get().close())
                    .create(kernel);
            kernel.run();
            kernel.close();
            messages = log.messages();
        }
        List<String> reports = messages.stream().filter(m -> m.contains("from another thread")).toList();
        assertEquals(1, reports.size(), "one report: " + reports);
        assertTrue(reports.get(0).contains("'hello'") && reports.get(0).contains("alias 'nobody-here'"),
                reports.get(0));
    }

    // ---- run() from a handler

    @Test
    void runFromAHandlerIsRefusedClearly() {
        inHandler(ev -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ev.kernel().run());
            assertTrue(e.getMessage().contains("handler") && e.getMessage().contains("runOneTimeslice"),
                    e.getMessage());
        });
    }

    // ---- ev.arg(i) passed on as the only varargs argument

    @Test
    void anArgumentPassedOnAsTheOnlyVarargIsOneArgument() {
        Kernel kernel = Kernel.create("select");
        // by event: the timer may come first on a loaded machine (POE orders by due time too)
        Map<String, Object> got = new TreeMap<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("first", "name", List.of("a", "b")))
                .on("first", ev -> {
                    ev.kernel().delay("second", 0.001, ev.arg(1));      // a List, alone in the varargs
                    ev.kernel().yield("third", ev.arg(0));               // a String, alone
                    ev.kernel().post(ev.session(), "fourth", ev.arg(5));  // null (no such argument), alone
                })
                .on("second", ev -> got.put(ev.state(), ev.args()))
                .on("third", ev -> got.put(ev.state(), ev.args()))
                .on("fourth", ev -> got.put(ev.state(), ev.args()))
                .create(kernel);
        kernel.run();
        kernel.close();
        List<Object> nullArg = new ArrayList<>();
        nullArg.add(null);
        assertEquals(Map.of("second", List.of(List.of("a", "b")), "third", List.of("name"), "fourth", nullArg), got);
    }

    @Test
    void anArgumentOfTheWrongTypeSaysWhichItIs() {
        Kernel kernel = Kernel.create("select");
        List<Throwable> failures = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().yield("typed", "not a number"))
                .on("typed", ev -> {
                    try {
                        int n = ev.arg(0);
                        failures.add(new AssertionError("got " + n));
                    } catch (ClassCastException e) {
                        failures.add(e);
                    }
                })
                .create(kernel);
        kernel.run();
        kernel.close();
        assertEquals(1, failures.size());
        String message = failures.get(0).getMessage();
        assertTrue(failures.get(0) instanceof ClassCastException && message.contains("arg(0)")
                && message.contains("java.lang.String") && message.contains("java.lang.Integer"), message);
    }
}
