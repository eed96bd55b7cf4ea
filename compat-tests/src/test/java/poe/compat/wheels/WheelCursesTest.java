package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * POE::Wheel::Curses on a real pseudo-terminal (POE::Test::Loops {@code wheel_curses},
 * WCUR-01, which PTL keeps dormant): {@link CursesChildMain} runs in a child JVM on the same
 * loop and drive mode; the test types one key at a time, each once the screen shows the
 * previous one, and checks that the terminal is given back (the alternate screen left, line
 * mode and echo on again) after close, after a DIE, and after ^C.
 */
class WheelCursesTest {

    /** Whether a frame showing {@code text} is complete: each frame ends with the cursor home. */
    private static boolean frameDrawn(VirtualScreen s, String text) {
        return s.shows(text) && s.cursorColumn() == 0 && s.cursorLine().startsWith("type here:");
    }

    private static boolean started(VirtualScreen s) {
        return s.onAlternateScreen() && s.shows("type here:");
    }

    /** WCUR-01: keys reach InputEvent one by one; their concatenation is "this is a test!". Arrows and F1 too. */
    @LoopTest(timeoutSeconds = 180)
    void wcur01KeysArriveOneByOne(ScenarioContext ctx) {
        TerminalConversation talk = TerminalConversation.child(CursesChildMain.class, ctx.loopName(), ctx.mode().label())
                .await("the program's screen", WheelCursesTest::started);
        String text = "this is a test";
        for (int i = 1; i <= text.length(); i++) {
            String prefix = text.substring(0, i);
            talk.type(text.substring(i - 1, i)).await("'" + prefix + "' on the screen", s -> s.shows("typed: [" + prefix + "]")
                    && s.onAlternateScreen());
        }
        TerminalConversation.Result r = talk
                .type("\033[A").awaitText("last key: ArrowUp")
                .type("\033OP").awaitText("last key: F1")
                .type("!")
                .awaitText("curses threads left:")
                .run(ctx).ok();
        assertTrue(r.screen().shows("run returned"), r.screen().dump());
        assertTrue(r.screen().shows("keys: [this is a test!]"), r.screen().dump());
        assertGivenBack(r);
    }

    /**
     * The window is resized (the pty's size changes, the child gets SIGWINCH): InputEvent
     * carries no key and the new size, the screen has that size already, and what the program
     * draws again fills it (its last line's last columns); smaller again, the same.
     */
    @LoopTest(timeoutSeconds = 180)
    void aResizeIsAnInputEventAndTheScreenTakesTheNewSize(ScenarioContext ctx) {
        TerminalConversation.Result r = TerminalConversation.child(CursesChildMain.class, ctx.loopName(),
                        ctx.mode().label())
                .await("the program's screen", WheelCursesTest::started)
                // resize only once the frame for the key is drawn: Lanterna measures the new size
                // by moving the cursor and asking where it is, from its signal thread, and a
                // frame drawn at that moment moves the cursor too (a known race, see Curses)
                .type("a").await("the frame for 'a' drawn", s -> frameDrawn(s, "typed: [a]"))
                .resize(30, 100)
                .await("the screen drawn at 100x30", s -> s.shows("resized: 100x30, screen 100x30")
                        && s.lines().get(29).endsWith(" bottom right") && s.lines().get(29).length() == 100)
                .type("b").await("the frame for 'b' drawn", s -> frameDrawn(s, "typed: [ab]"))
                .resize(20, 60)
                .await("the screen drawn at 60x20", s -> s.shows("resized: 60x20, screen 60x20")
                        && s.lines().get(19).endsWith(" bottom right") && s.lines().get(19).length() == 60)
                .type("!")
                .awaitText("curses threads left:")
                .run(ctx).ok();
        assertTrue(r.screen().shows("keys: [ab!]"), r.screen().dump());
        assertGivenBack(r);
    }

    /** A handler that throws (DIE, not handled): the session stops, the wheel with it, and the terminal is given back. */
    @LoopTest(timeoutSeconds = 180)
    void theTerminalIsGivenBackAfterADie(ScenarioContext ctx) {
        TerminalConversation.Result r = TerminalConversation.child(CursesChildMain.class, ctx.loopName(),
                        ctx.mode().label())
                .await("the program's screen", WheelCursesTest::started)
                .type("a").awaitText("typed: [a]")
                .type("x")
                .awaitText("curses threads left:")
                .run(ctx).ok();
        assertTrue(r.screen().shows("keys: [a]"), r.screen().dump());
        assertGivenBack(r);
    }

    /** ^C closes the wheel and signals INT to the kernel; unhandled, it stops the program. */
    @LoopTest(timeoutSeconds = 180)
    void ctrlCGivesTheTerminalBackAndStopsTheProgram(ScenarioContext ctx) {
        TerminalConversation.Result r = TerminalConversation.child(CursesChildMain.class, ctx.loopName(),
                        ctx.mode().label())
                .await("the program's screen", WheelCursesTest::started)
                .type("a").awaitText("typed: [a]")
                .type("\u0003")
                .awaitText("curses threads left:")
                .run(ctx).ok();
        assertTrue(r.screen().shows("keys: [a]"), r.screen().dump());
        assertGivenBack(r);
    }

    private static void assertGivenBack(TerminalConversation.Result r) {
        assertFalse(r.screen().onAlternateScreen(), r.screen().dump());
        assertFalse(r.screen().shows("type here:"), "the program's screen is gone: " + r.screen().dump());
        assertTrue(r.screen().shows("tty sane: true"), r.screen().dump());
        assertTrue(r.screen().shows("curses threads left: []"), r.screen().dump());
        assertEquals(0, r.exit(), r.stderr());
    }

    /** Misuse is a clear error: no InputEvent; made outside a handler of the session that would own it. */
    @LoopTest
    void misuseIsAClearError(ScenarioContext ctx) {
        IllegalArgumentException noEvent = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> poe.wheel.Curses.builder().create(ctx.kernel()));
        assertTrue(noEvent.getMessage().contains("inputEvent"), noEvent.getMessage());
        IllegalArgumentException noLineEvent = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> poe.wheel.ReadLine.builder().create(ctx.kernel()));
        assertTrue(noLineEvent.getMessage().contains("inputEvent"), noLineEvent.getMessage());
        IllegalStateException outside = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> poe.wheel.ReadLine.builder().inputEvent("line").create(ctx.kernel()));
        assertTrue(outside.getMessage().contains("inside a handler"), outside.getMessage());
        IllegalStateException outsideCurses = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> poe.wheel.Curses.builder().inputEvent("key").create(ctx.kernel()));
        assertTrue(outsideCurses.getMessage().contains("inside a handler"), outsideCurses.getMessage());
        ctx.drive();
    }
}
