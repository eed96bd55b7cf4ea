package poe.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two files followed at once: lines appended to both, one rotated (renamed away, a new
 * file under its name), the other truncated and written again. Every line arrives exactly
 * once, with its file's name in front. Waits for output (generous timeouts), never a
 * fixed sleep.
 */
class LogFollowerTest {

    private static final long TIMEOUT_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    void followsTwoFilesAcrossRotationAndTruncation() throws Exception {
        Path app = dir.resolve("app.log");
        Path db = dir.resolve("db.log");
        append(app, "app-0");                                   // before the start: read with --from-start
        append(db, "db-0");
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> notices = new CopyOnWriteArrayList<>();
        List<String> expected = new ArrayList<>(List.of("[app.log] app-0", "[db.log] db-0"));
        try (LogFollower follower = LogFollower.start(List.of(app, db), true, 0.05, out::add, notices::add)) {
            awaitAll(out, expected);

            for (int i = 1; i <= 50; i++) {                     // both grow
                append(app, "app-" + i);
                append(db, "db-" + i + "-padding-so-the-file-is-longer-than-after-truncation");
                expected.add("[app.log] app-" + i);
                expected.add("[db.log] db-" + i + "-padding-so-the-file-is-longer-than-after-truncation");
            }
            awaitAll(out, expected);

            // rotation: app.log moves away (its last lines written first), a new app.log starts
            append(app, "app-51");
            expected.add("[app.log] app-51");
            Files.move(app, dir.resolve("app.log.1"));
            for (int i = 52; i <= 60; i++) {
                append(app, "app-" + i);
                expected.add("[app.log] app-" + i);
            }
            // truncation: db.log is emptied in place and written again (shorter than before)
            Files.write(db, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            for (int i = 51; i <= 60; i++) {
                append(db, "db-" + i);
                expected.add("[db.log] db-" + i);
            }
            awaitAll(out, expected);

            // a last line per file: anything repeated before it has arrived by now
            append(app, "app-end");
            append(db, "db-end");
            expected.add("[app.log] app-end");
            expected.add("[db.log] db-end");
            awaitAll(out, expected);
        }
        assertEquals(count(expected), count(out), "every line once, with its prefix; notices: " + notices);
        assertTrue(notices.stream().anyMatch(n -> n.startsWith("[app.log]")), "rotation noticed: " + notices);
        assertTrue(notices.stream().anyMatch(n -> n.startsWith("[db.log]")), "truncation noticed: " + notices);
        // each file's lines in the order written
        assertEquals(expected.stream().filter(l -> l.startsWith("[app.log]")).toList(),
                out.stream().filter(l -> l.startsWith("[app.log]")).toList());
        assertEquals(expected.stream().filter(l -> l.startsWith("[db.log]")).toList(),
                out.stream().filter(l -> l.startsWith("[db.log]")).toList());
    }

    @Test
    void startsAtTheEndByDefault() throws Exception {
        Path app = dir.resolve("old.log");
        append(app, "before");
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> notices = new CopyOnWriteArrayList<>();
        try (LogFollower follower = LogFollower.start(List.of(app), false, 0.05, out::add, notices::add)) {
            // the wheel opens the file while being made, before start() returns
            append(app, "after");
            awaitAll(out, List.of("[old.log] after"));
        }
        assertEquals(List.of("[old.log] after"), out);
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static Map<String, Integer> count(List<String> lines) {
        Map<String, Integer> m = new HashMap<>();
        lines.forEach(l -> m.merge(l, 1, Integer::sum));
        return m;
    }

    private static void awaitAll(List<String> out, List<String> expected) throws InterruptedException {
        await(() -> out.containsAll(expected), () -> "missing " + missing(out, expected) + " after " + TIMEOUT_MS
                + " ms; got " + out.size() + " lines");
    }

    private static List<String> missing(List<String> out, List<String> expected) {
        List<String> m = new ArrayList<>(expected);
        m.removeAll(out);
        return m;
    }

    private static void await(BooleanSupplier done, java.util.function.Supplier<String> message)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(message.get());
            }
            Thread.sleep(10);                                   // polling for a condition, not a fixed wait
        }
    }
}
