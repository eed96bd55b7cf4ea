package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import poe.compat.LoopTest;
import poe.compat.ScenarioContext;

/**
 * POE::Wheel::ReadLine on a real pseudo-terminal: POE::Test::Loops {@code wheel_readline}
 * (WRL-01..06) with JLine's emacs bindings, printing above the prompt while the user types,
 * ^C and ^D, and the history across two runs. Each case runs {@link ReadLineChildMain} in a
 * child JVM on the same loop and drive mode, and types into its terminal
 * ({@link TerminalConversation}) only once the screen shows the prompt or the echo.
 */
class WheelReadLineTest {

    private static final String ENTER = "\n";        // C-j, accept-line, as POE's test types it

    /**
     * The six editing scripts of wheel_readline.pm: the text typed first, the keys after, and
     * the line JLine's emacs bindings make of them. WRL-01..03 give POE's lines. Where JLine's
     * widgets differ from POE's own editor the line differs, and the test asserts JLine's:
     * WRL-04 (POE: {@code two four}): kill-word keeps the blank before the next word, as in
     * Emacs and bash; WRL-05 (POE: {@code LOWer uppER Other}) and WRL-06 (POE:
     * {@code two one 2121}): JLine 3.26's case-change and transpose widgets move the cursor
     * and pick words differently from POE's editor (e.g. transpose-chars at the start of the
     * line swaps the first two characters: {@code one} becomes {@code noe}).
     */
    private static final String[][] WRL = {
        {"this is a test", "", "this is a test"},
        {"this is a test", "\b\b\b\bTEST\u0001\u0001\u0004T", "This is a TEST"},
        {"one three five", "\u0001\u0002\033b\b\u0006\u0006\u0006 two\u0005\u0005\u0006\u0004\033f\u0002\u0002\u0002\u0002four ",
            "one two three four five"},
        {"one two three", "\033d\033\bfour\u0001\033\b\033d", " two four"},
        {"LOWER upper other", "\u0001\u0006\u0006\u0006\033l\033f\033b\u0006\u0006\u0006\033u\033c\u0005\033l\033u\033c",
            "LOWER Upper other"},
        {"one two 12", "\u0002\u0014\033b\033b\033t\u0001\u0014\u000512\u0014", "noe 21 two21"},
    };

    private static boolean atPrompt(VirtualScreen s) {
        return s.cursorLine().equals("> ");
    }

    /** WRL-01..06: each script gives exactly one InputEvent with POE's line. */
    @LoopTest(timeoutSeconds = 180)
    void wrl01to06EmacsEditing(ScenarioContext ctx) {
        TerminalConversation talk = TerminalConversation.child(ReadLineChildMain.class, ctx.loopName(),
                ctx.mode().label(), "lines");
        for (int i = 0; i < WRL.length; i++) {
            String typed = WRL[i][0];
            int n = i;
            talk.await("the prompt for WRL-0" + (i + 1), s -> atPrompt(s) && (n == 0 || s.shows("line " + n + ": [")))
                    .type(typed)
                    .await("the echo of '" + typed + "'", s -> s.cursorLine().equals("> " + typed))
                    .type(WRL[i][1] + ENTER)
                    .awaitText("line " + (i + 1) + ": [");
        }
        TerminalConversation.Result r = talk
                .await("the last prompt", s -> atPrompt(s) && s.shows("line 6: ["))
                .type("quit" + ENTER)
                .awaitText("run returned")
                .run(ctx).ok();
        List<String> got = new ArrayList<>();
        List<String> want = new ArrayList<>();
        for (int i = 0; i < WRL.length; i++) {
            want.add("line " + (i + 1) + ": [" + WRL[i][2] + "]");
            for (String l : r.screen().lines()) {
                if (l.startsWith("line " + (i + 1) + ": [")) {
                    got.add(l);
                }
            }
        }
        assertEquals(want, got, r.screen().dump());
        assertTrue(r.screen().shows("readline threads left: []"), r.screen().dump());
        assertEquals(0, r.exit(), r.stderr());
    }

    /**
     * A timer prints {@code tick N} above the prompt while a line is half typed: the ticks
     * stack up above it, the prompt and the half line are drawn again below, and the line
     * entered is the one typed.
     */
    @LoopTest(timeoutSeconds = 180)
    void putPrintsAboveThePromptWhileTheUserTypes(ScenarioContext ctx) {
        TerminalConversation.Result r = TerminalConversation.child(ReadLineChildMain.class, ctx.loopName(),
                        ctx.mode().label(), "ticks")
                .await("the prompt", WheelReadLineTest::atPrompt)
                .type("hel")
                .await("three ticks above '> hel'", s -> s.cursorLine().equals("> hel") && s.shows("tick 3")
                        && ticksAfterEcho(s))
                .type("lo" + ENTER)
                .awaitText("line 1: [hello]")
                .await("the next prompt", s -> atPrompt(s) || s.cursorLine().startsWith("> "))
                .type("\u0004")
                .awaitText("run returned")
                .run(ctx).ok();
        List<String> lines = r.screen().lines();
        for (String l : lines) {
            assertTrue(!l.contains("tick") || l.matches("tick \\d+"), "a tick line is garbled: '" + l + "'\n"
                    + r.screen().dump());
        }
        assertTrue(lines.contains("line 1: [hello]"), r.screen().dump());
        assertEquals(0, r.exit(), r.stderr());
    }

    /** The half-typed line is drawn below the ticks: no tick line after the last "> hel". */
    private static boolean ticksAfterEcho(VirtualScreen s) {
        List<String> lines = s.lines();
        int prompt = lines.lastIndexOf("> hel");
        return prompt > 0 && lines.subList(0, prompt).stream().filter(l -> l.startsWith("tick ")).count() >= 3;
    }

    /** ^C while a line is read is InputEvent's "interrupt" (the half line is dropped); ^D on an empty line "eof". */
    @LoopTest(timeoutSeconds = 180)
    void ctrlCInterruptsAndCtrlDIsEof(ScenarioContext ctx) {
        TerminalConversation.Result r = TerminalConversation.child(ReadLineChildMain.class, ctx.loopName(),
                        ctx.mode().label(), "lines")
                .await("the prompt", WheelReadLineTest::atPrompt)
                .type("abc")
                .await("the echo", s -> s.cursorLine().equals("> abc"))
                .type("\u0003")
                .await("interrupt, then a new prompt", s -> s.shows("exception: interrupt") && atPrompt(s))
                .type("xyz" + ENTER)
                .await("the line, then a new prompt", s -> s.shows("line 1: [xyz]") && atPrompt(s))
                .type("\u0004")
                .awaitText("run returned")
                .run(ctx).ok();
        List<String> events = r.screen().lines().stream()
                .filter(l -> l.startsWith("exception: ") || l.startsWith("line ")).toList();
        assertEquals(List.of("exception: interrupt", "line 1: [xyz]", "exception: eof"), events, r.screen().dump());
        assertTrue(r.screen().shows("readline threads left: []"), r.screen().dump());
        assertEquals(0, r.exit(), r.stderr());
    }

    /** Tab completes the word under the cursor with the builder's completion function. */
    @LoopTest(timeoutSeconds = 180)
    void tabCompletesWithTheCompletionFunction(ScenarioContext ctx) {
        TerminalConversation.Result r = TerminalConversation.child(ReadLineChildMain.class, ctx.loopName(),
                        ctx.mode().label(), "lines")
                .await("the prompt", WheelReadLineTest::atPrompt)
                .type("say wo")
                .await("the echo", s -> s.cursorLine().equals("> say wo"))
                .type("\t")
                .await("the completion", s -> s.cursorLine().equals("> say world "))
                .type(ENTER)
                .await("the line, then a new prompt", s -> s.shows("line 1: [say world ]") && atPrompt(s))
                .type("quit" + ENTER)
                .awaitText("run returned")
                .run(ctx).ok();
        assertEquals(0, r.exit(), r.stderr());
    }

    /** writeHistory at the end of one run, readHistory at the start of the next: Up recalls the lines. */
    /**
     * A resize of the window while a line is edited (SIGWINCH): JLine takes the new width and
     * draws the line again, wrapped at 20 columns where it was one row of 32; moving to its
     * start (C-a) goes up to the prompt's row; the wheel's {@code terminalSize()} says the new
     * size; and wider again (100), a 92-column line takes one row.
     */
    @LoopTest(timeoutSeconds = 180)
    void aResizeWhileTypingIsFollowed(ScenarioContext ctx) {
        String typed = "abcdefghijklmnopqrstuvwxyz0123";           // 30: "> " and these fit in 80 columns, not in 20
        TerminalConversation.Result r = TerminalConversation.child(ReadLineChildMain.class, ctx.loopName(),
                        ctx.mode().label(), "lines")
                .await("the prompt", WheelReadLineTest::atPrompt)
                .type(typed)
                .await("the echo on one row", s -> s.cursorLine().equals("> " + typed))
                .resize(24, 20)                                    // the screen cuts the row at 20 columns
                .await("the line drawn again on two rows of 20", s -> rowsFrom(s, "> abcdefghijklmnopqr", "stuvwxyz0123")
                        && s.cursorColumn() == 12)
                .type("\u0001X")                                   // C-a goes up to the prompt's row
                .await("X at the line's start", s -> rowsFrom(s, "> Xabcdefghijklmnopq", "rstuvwxyz0123")
                        && s.cursorColumn() == 3 && s.cursorLine().startsWith("> X"))
                .type(ENTER)
                .await("the line entered", s -> String.join("", s.lines()).contains("line 1: [X" + typed + "]"))
                .await("the prompt", WheelReadLineTest::atPrompt)
                .type("size" + ENTER).awaitText("size: 20x24")
                .await("the prompt", WheelReadLineTest::atPrompt)
                .resize(30, 100)
                .type("size" + ENTER).awaitText("size: 100x30")
                .await("the prompt", WheelReadLineTest::atPrompt)
                .type("0123456789".repeat(9))
                .await("a 92-column line on one row", s -> s.cursorLine().equals("> " + "0123456789".repeat(9)))
                .type(ENTER).awaitText("line 4: [" + "0123456789".repeat(9) + "]")
                .await("the prompt", WheelReadLineTest::atPrompt)
                .type("quit" + ENTER)
                .awaitText("run returned")
                .run(ctx).ok();
        assertEquals(0, r.exit(), r.stderr());
    }

    /** Whether two consecutive rows of the screen are exactly these. */
    private static boolean rowsFrom(VirtualScreen s, String first, String second) {
        List<String> lines = s.lines();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).equals(first) && lines.get(i + 1).equals(second)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code clear()} while the user is typing: the screen is cleared and the prompt is drawn
     * again, with what was typed so far, on the first row; the line goes on from there.
     */
    @LoopTest(timeoutSeconds = 180)
    void clearRedrawsThePromptAndTheInput(ScenarioContext ctx) {
        TerminalConversation.Result r = TerminalConversation.child(ReadLineChildMain.class, ctx.loopName(),
                        ctx.mode().label(), "lines")
                .await("the prompt", WheelReadLineTest::atPrompt)
                .type("one" + ENTER).awaitText("line 1: [one]")
                .await("the prompt", WheelReadLineTest::atPrompt)
                .type("par")
                .await("the echo of 'par'", s -> s.cursorLine().equals("> par"))
                .signal("USR1")                                    // the child calls clear()
                .await("a cleared screen with the prompt and 'par' on top", s -> !s.shows("line 1")
                        && s.lines().get(0).equals("> par") && s.cursorLine().equals("> par")
                        && s.lines().stream().skip(1).allMatch(String::isEmpty))
                .type("t" + ENTER).awaitText("line 2: [part]")
                .await("the prompt", WheelReadLineTest::atPrompt)
                .type("quit" + ENTER)
                .awaitText("run returned")
                .run(ctx).ok();
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("> part", r.screen().lines().get(0), r.screen().dump());
    }

    @LoopTest(timeoutSeconds = 240)
    void historyAcrossTwoRuns(ScenarioContext ctx) throws Exception {
        Path file = Files.createTempFile("poe-readline-history", ".txt");
        Files.delete(file);
        try {
            TerminalConversation.child(ReadLineChildMain.class, ctx.loopName(), ctx.mode().label(), "history",
                            file.toString())
                    .await("the prompt", WheelReadLineTest::atPrompt)
                    .type("first" + ENTER)
                    .await("the second prompt", s -> s.shows("line 1: [first]") && atPrompt(s))
                    .type("second" + ENTER)
                    .await("the third prompt", s -> s.shows("line 2: [second]") && atPrompt(s))
                    .type("quit" + ENTER)
                    .awaitText("run returned")
                    .run(ctx).ok();
            TerminalConversation.Result r = TerminalConversation.child(ReadLineChildMain.class, ctx.loopName(),
                            ctx.mode().label(), "history", file.toString())
                    .await("the prompt", s -> s.shows("history: [first, second, quit]") && atPrompt(s))
                    .type("\033OA")           // Up, as xterm sends it in the keypad mode JLine sets
                    .await("quit recalled", s -> s.cursorLine().equals("> quit"))
                    .type("\033OA")           // Up, as xterm sends it in the keypad mode JLine sets
                    .await("second recalled", s -> s.cursorLine().equals("> second"))
                    .type(ENTER)
                    .await("the next prompt", s -> s.shows("line 1: [second]") && atPrompt(s))
                    .type("quit" + ENTER)
                    .awaitText("run returned")
                    .run(ctx).ok();
            assertEquals(0, r.exit(), r.stderr());
            List<String> saved = Files.readAllLines(file).stream().map(l -> l.replaceFirst("^\\d+:", "")).toList();
            assertEquals(List.of("first", "second", "quit", "second", "quit"), saved);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The builder's {@code wordChars} (POE's word separators): by default {@code -} is part of
     * a word (JLine's WORDCHARS), so M-DEL after {@code x foo-bar} kills {@code foo-bar};
     * with {@code wordChars("")} it kills only {@code bar}.
     */
    @LoopTest(timeoutSeconds = 180)
    void wordCharsDecideWhatAWordIs(ScenarioContext ctx) {
        for (String[] c : new String[][] {{"lines", "x "}, {"words", "x foo-"}}) {
            TerminalConversation.Result r = TerminalConversation.child(ReadLineChildMain.class, ctx.loopName(),
                            ctx.mode().label(), c[0])
                    .await("the prompt", WheelReadLineTest::atPrompt)
                    .type("x foo-bar")
                    .await("the echo", s -> s.cursorLine().equals("> x foo-bar"))
                    .type("\033\177" + ENTER)                     // M-DEL: backward-kill-word
                    .awaitText("line 1: [")
                    .await("the prompt", WheelReadLineTest::atPrompt)
                    .type("quit" + ENTER)
                    .awaitText("run returned")
                    .run(ctx).ok();
            assertTrue(r.screen().shows("line 1: [" + c[1] + "]"), c[0] + ": " + r.screen().dump());
        }
    }

    /**
     * A terminal that fails under the reader (its input throws) ends the asked line with the
     * exception word {@code cancel} and no line, with the wheel's ID; the session goes on to
     * close the wheel.
     */
    @LoopTest
    void aFailingTerminalIsCancel(ScenarioContext ctx) throws Exception {
        java.io.InputStream broken = new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("the terminal went away");
            }
        };
        List<Object> got = new ArrayList<>();
        try (org.jline.terminal.Terminal terminal = new org.jline.terminal.impl.DumbTerminal(broken,
                java.io.OutputStream.nullOutputStream())) {
            java.util.Map<String, Object> heap = new java.util.HashMap<>();
            poe.Session.builder()
                    .on("_start", ev -> {
                        poe.wheel.ReadLine rl = poe.wheel.ReadLine.builder().inputEvent("got").terminal(terminal)
                                .create(ev.kernel());
                        heap.put("rl", rl);
                        heap.put("id", rl.id());
                        rl.get("> ");
                    })
                    .on("got", ev -> {
                        got.add(ev.arg(poe.wheel.ReadLine.ARG_INPUT));
                        got.add(ev.arg(poe.wheel.ReadLine.ARG_EXCEPTION));
                        got.add(ev.<Object>arg(poe.wheel.ReadLine.ARG_WHEEL_ID).equals(heap.get("id")));
                        ((poe.wheel.ReadLine) heap.get("rl")).close();
                    })
                    .create(ctx.kernel());
            ctx.drive();
        }
        assertEquals(java.util.Arrays.asList(null, "cancel", true), got);
    }

    /** On a standard input that is not a terminal (a pipe) the wheel reads line by line; its end is "eof". */
    @LoopTest(timeoutSeconds = 180)
    void aPipeIsReadLineByLine(ScenarioContext ctx) {
        List<String> out = new ArrayList<>();
        int[] exit = {Integer.MIN_VALUE};
        java.util.Map<String, Object> heap = new java.util.HashMap<>();
        poe.Session.builder()
                .on("_start", ev -> {
                    poe.wheel.Run r = poe.wheel.Run.builder()
                            .command(TerminalConversation.child(ReadLineChildMain.class, ctx.loopName(),
                                    ctx.mode().label(), "lines").command())
                            .stdinFilter(poe.filter.Line.literal("\n"))     // as a Unix pipe has them
                            .stdoutEvent("out").stderrEvent("err").closeEvent("closed").create(ev.kernel());
                    heap.put("run", r);
                    ev.kernel().sigChild(r.pid(), "exited");
                    r.put("one");
                    r.put("two");
                    r.shutdownStdin();
                })
                .on("out", ev -> out.add(ev.arg(0)))
                .on("err", ev -> out.add("stderr: " + ev.arg(0)))
                .on("closed", ev -> ((poe.wheel.Run) heap.get("run")).close())
                .on("exited", ev -> exit[0] = ev.arg(2))
                .create(ctx.kernel());
        ctx.drive();
        List<String> events = out.stream().map(l -> l.replace("> ", ""))
                .filter(l -> l.startsWith("line ") || l.startsWith("exception: ") || l.startsWith("readline threads"))
                .toList();
        assertEquals(List.of("line 1: [one]", "line 2: [two]", "exception: eof", "readline threads left: []"), events,
                out.toString());
        assertEquals(0, exit[0], out.toString());
    }
}
