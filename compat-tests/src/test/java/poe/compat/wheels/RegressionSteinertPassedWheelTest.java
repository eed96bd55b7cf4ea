package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.pipe.OneWay;
import poe.wheel.ReadWrite;
import poe.wheel.Wheel;

/**
 * POE's t/90_regression/steinert-passed-wheel.t: a ReadWrite wheel on a one-way pipe is
 * passed as an argument of an event ({@code yield(destructo => $wheel)}) and even returned
 * from that handler. In Perl the wheel is then destroyed outside the session's handler once
 * the last reference goes, which once was a hard error; the test checks only that the
 * session shuts down normally ({@code _stop} runs, {@code run()} returns).
 *
 * <p>Mapping (Java has no destruction on the last reference, [M-GC]):
 * <ul>
 *   <li>{@link #wheelPassedToAnotherEventOfItsSession}: the wheel travels as an event
 *       argument to another handler of its own session, which drops it ({@code close()});
 *       the session stops normally and the pipe ends are closed. This is the .t itself.</li>
 *   <li>{@link #wheelUsedFromAnotherSessionIsIllegalState}: passing the wheel to a
 *       <em>different</em> session and using it there is this port's "wrong session" error:
 *       {@code put}, {@code pauseInput}, {@code event} and {@code close} throw
 *       {@link IllegalStateException} naming both sessions and nothing changes; the owner can
 *       still use and drop it, and everything shuts down normally.</li>
 *   <li>{@link #wheelNobodyDropsIsClosedWhenItsSessionStops}: nobody drops the wheel (it is
 *       only referenced from an event's arguments); when the kernel stops the session, the
 *       session's stop closes the wheel: no leaked watcher or channel.</li>
 * </ul>
 */
class RegressionSteinertPassedWheelTest {

    @LoopTest
    void wheelPassedToAnotherEventOfItsSession(ScenarioContext ctx) throws IOException {
        OneWay pipe = OneWay.open();
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ReadWrite wheel = ReadWrite.builder().inputHandle(pipe.read()).outputHandle(pipe.write())
                            .inputEvent("got_input").create(ev.kernel());
                    ev.kernel().yield("destructo", wheel);
                })
                .on("got_input", ev -> log.add("input " + ev.arg(0)))
                .onValue("destructo", ev -> {
                    Wheel wheel = ev.arg(0);
                    wheel.close();                                      // the last reference goes
                    log.add("dropped " + wheel.isClosed());
                    return ev.args();                                   // "return it too, for perversity"
                })
                .on("_stop", ev -> log.add("normal shutdown"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("dropped true", "normal shutdown"), log);
        assertFalse(pipe.read().isOpen() || pipe.write().isOpen());
    }

    @LoopTest
    void wheelUsedFromAnotherSessionIsIllegalState(ScenarioContext ctx) throws IOException {
        OneWay pipe = OneWay.open();
        List<String> log = new ArrayList<>();
        ReadWrite[] wheel = new ReadWrite[1];
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("owner");
                    wheel[0] = ReadWrite.builder().inputHandle(pipe.read()).outputHandle(pipe.write())
                            .inputEvent("got_input").create(ev.kernel());
                    Session.builder()
                            .args((Object) wheel[0])
                            .on("_start", c -> c.kernel().yield("misuse", (Object) c.arg(0)))
                            .on("misuse", c -> {
                                ReadWrite w = c.arg(0);
                                for (String what : List.of("put", "pauseInput", "event", "close")) {
                                    try {
                                        switch (what) {
                                            case "put" -> w.put("from the wrong session");
                                            case "pauseInput" -> w.pauseInput();
                                            case "event" -> w.event("InputEvent", "stolen");
                                            default -> w.close();
                                        }
                                        log.add(what + " allowed");
                                    } catch (IllegalStateException e) {
                                        boolean names = e.getMessage().contains(c.session().toString())
                                                && e.getMessage().contains(ev.session().toString());
                                        log.add(what + " refused" + (names ? "" : ": " + e.getMessage()));
                                    }
                                }
                                log.add("closed " + w.isClosed());
                                c.kernel().post("owner", "use_it");
                            })
                            .create(ev.kernel());
                })
                .on("use_it", ev -> wheel[0].put("from the owner"))
                .on("got_input", ev -> {
                    log.add("input " + ev.arg(0));
                    wheel[0].close();
                    ev.kernel().aliasRemove("owner");
                })
                .on("_stop", ev -> log.add("normal shutdown"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("put refused", "pauseInput refused", "event refused", "close refused", "closed false",
                "input from the owner", "normal shutdown"), log);
        assertFalse(pipe.read().isOpen() || pipe.write().isOpen());
    }

    @LoopTest
    void wheelNobodyDropsIsClosedWhenItsSessionStops(ScenarioContext ctx) throws IOException {
        OneWay pipe = OneWay.open();
        List<String> log = new ArrayList<>();
        List<Wheel> seen = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> {
                    ReadWrite wheel = ReadWrite.builder().inputHandle(pipe.read()).outputHandle(pipe.write())
                            .inputEvent("got_input").create(ev.kernel());
                    ev.kernel().yield("destructo", wheel);
                })
                .on("got_input", ev -> log.add("input " + ev.arg(0)))
                .on("destructo", ev -> {
                    seen.add(ev.arg(0));                                // kept, never dropped
                    ev.kernel().delay("give_up", 0.1);
                })
                .on("give_up", ev -> {
                    log.add("stopping with the wheel open: " + !seen.get(0).isClosed());
                    ev.kernel().stop();
                })
                .on("_stop", ev -> log.add("normal shutdown"))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("stopping with the wheel open: true", "normal shutdown"), log);
        assertTrue(seen.get(0).isClosed(), "the session's stop closed its wheel");
        assertFalse(pipe.read().isOpen() || pipe.write().isOpen());
    }
}
