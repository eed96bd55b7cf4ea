package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.filter.Line;
import poe.wheel.FollowTail;

/**
 * POE's t/90_regression bingos-followtail.t (a partial record present before the wheel
 * starts is skipped; the record completed after it is delivered once) and
 * pipe-followtail.t (FollowTail by the name of a FIFO delivers what a writer sends; in
 * Java, opening a FIFO blocks until a writer comes, so the wheel must not open it on the
 * kernel's thread).
 */
class RegressionFollowTailT90Test {

    @LoopTest(timeoutSeconds = 60)
    void bingosPartialRecordBeforeTheStartIsSkipped(ScenarioContext ctx) throws IOException {
        Path dir = Files.createTempDirectory("poe-bingos");
        Path file = dir.resolve("bingos-followtail");
        Files.writeString(file, "moocow - this line should be skipped!");
        List<String> got = new ArrayList<>();
        try {
            Session.builder()
                    .heap(new HashMap<String, Object>())
                    .on("_start", ev -> {
                        ev.<Map<String, Object>>heap().put("tail", FollowTail.builder().filename(file)
                                .filter(Line.literal("!")).pollInterval(0.1)
                                .inputEvent("input").idleEvent("idle").errorEvent("error").create(ev.kernel()));
                        Files.writeString(file, "Cows go moo, yes they do!", StandardOpenOption.APPEND);
                    })
                    .on("input", ev -> got.add(ev.arg(0)))
                    .on("error", ev -> got.add("error " + ev.args()))
                    .on("idle", ev -> {
                        if (!got.isEmpty()) {
                            ((FollowTail) ev.<Map<String, Object>>heap().remove("tail")).close();
                        }
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        assertEquals(List.of("Cows go moo, yes they do"), got);
    }

    @LoopTest(timeoutSeconds = 60)
    void pipeFollowTailReadsAFifoByName(ScenarioContext ctx) throws Exception {
        Path dir = Files.createTempDirectory("poe-fifo");
        Path fifo = dir.resolve("testpipe");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Files.deleteIfExists(dir);
            assumeTrue(false, "needs mkfifo (POSIX): " + e.getMessage());
            return;
        }
        assumeTrue(mk.waitFor() == 0, "mkfifo failed");
        List<String> got = new ArrayList<>();
        try {
            Session.builder()
                    .heap(new HashMap<String, Object>())
                    .on("_start", ev -> {
                        ev.<Map<String, Object>>heap().put("tail", FollowTail.builder().filename(fifo)
                                .inputEvent("input").idleEvent("ended").create(ev.kernel()));
                        OutputStream writer = new FileOutputStream(fifo.toFile());   // the wheel's reader is there
                        writer.write("foo\nbar\n".getBytes(StandardCharsets.UTF_8));
                        writer.flush();
                        ev.<Map<String, Object>>heap().put("writer", writer);
                    })
                    .on("input", ev -> {
                        got.add(ev.arg(0));
                        if (got.size() == 2) {
                            ((OutputStream) ev.<Map<String, Object>>heap().remove("writer")).close();
                        }
                    })
                    .on("ended", ev -> {                      // the writer closed: end of the stream
                        got.add("end");
                        ((FollowTail) ev.<Map<String, Object>>heap().remove("tail")).close();
                    })
                    .create(ctx.kernel());
            ctx.drive();
        } finally {
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        }
        assertEquals(List.of("foo", "bar", "end"), got);
    }
}
