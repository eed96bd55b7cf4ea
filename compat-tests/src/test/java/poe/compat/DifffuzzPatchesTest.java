package poe.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential fuzzer's profiles ({@code docs/difffuzz/*.patch}) keep working: the
 * {@code patch} commands of {@code docs/difffuzz/README.md} apply, in its order, to a copy of
 * {@code ../shared/difffuzz}; every profile's generator makes scenarios; the patched Java
 * interpreter compiles against this kernel's API (a renamed method would otherwise break
 * fuzzing silently); and the patched Perl interpreter compiles where POE is installed.
 * Skipped, with the reason, when {@code ../shared/difffuzz}, {@code patch} or
 * {@code python3} is missing (CI has them).
 */
class DifffuzzPatchesTest {

    private static final List<String> PROFILES = List.of("", "kernel", "die", "timers", "children", "io", "rich");

    private static Path root;
    private static Path shared;

    @BeforeAll
    static void locate() {
        root = Path.of("").toAbsolutePath();
        if (!Files.isDirectory(root.resolve("docs/difffuzz"))) {
            root = root.getParent();                   // Maven runs the tests in compat-tests/
        }
        shared = root.getParent().resolve("shared/difffuzz");
    }

    @Test
    void theDocumentedPatchesApplyAndEveryProfileStillWorks(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isDirectory(shared), "no " + shared + " beside the checkout");
        assumeTrue(runs("patch", "--version"), "no patch on the PATH");
        assumeTrue(runs("python3", "--version"), "no python3 on the PATH");
        Path copy = tmp.resolve("difffuzz");
        copyTree(shared, copy);

        List<String> commands = patchCommands();
        try (Stream<Path> patches = Files.list(root.resolve("docs/difffuzz"))) {
            List<String> names = patches.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".patch"))
                    .sorted().toList();
            assertEquals(names, commands.stream().map(c -> c.replaceAll(".*docs/difffuzz/", "")).sorted().toList(),
                    "docs/difffuzz/README.md applies every patch of docs/difffuzz, once each");
        }
        for (String command : commands) {
            // as documented, from the project's root, with the copy in place of /tmp/difffuzz-k
            String line = command.replace("/tmp/difffuzz-k", copy.toString());
            Result r = run(root, List.of("sh", "-c", line));
            assertEquals(0, r.status, line + "\n" + r.output);
            assertFalse(r.output.contains("FAILED") || r.output.contains("Reversed"), line + "\n" + r.output);
        }

        for (String profile : PROFILES) {
            ProcessBuilder pb = new ProcessBuilder("python3", "gen.py", "1");
            pb.environment().put("DF_GEN_PROFILE", profile);
            Result r = run(copy, pb);
            assertEquals(0, r.status, "gen.py 1 (profile '" + profile + "')\n" + r.output);
            assertTrue(r.output.startsWith("{") && r.output.contains("\"templates\""),
                    "gen.py 1 (profile '" + profile + "') made no scenario:\n" + r.output);
        }

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeTrue(javac != null, "no Java compiler in this JVM");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-nowarn", "-d", classes.toString(), "-cp", System.getProperty("java.class.path")), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjects(copy.resolve("Interp.java")))
                .call();
        assertTrue(compiled, "the patched Interp.java no longer compiles against the kernel's API:\n" + diagnostics);

        if (runs("perl", "-MPOE", "-MJSON::PP", "-e", "1")) {
            Result r = run(copy, List.of("perl", "-c", "interp.pl"));
            assertEquals(0, r.status, "perl -c interp.pl\n" + r.output);
        } else {
            System.out.println("DifffuzzPatchesTest: perl with POE and JSON::PP missing, interp.pl not compiled");
        }
    }

    /** The {@code patch -d /tmp/difffuzz-k ...} lines of docs/difffuzz/README.md, in order. */
    private static List<String> patchCommands() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("docs/difffuzz/README.md"))) {
            if (line.startsWith("patch -d /tmp/difffuzz-k ")) {
                out.add(line);
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(p);
                if (rel.toString().startsWith(".git") || rel.toString().startsWith("target")) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                    dest.toFile().setWritable(true);     // the shared copy may be read-only
                }
            }
        }
    }

    private record Result(int status, String output) {
    }

    private static boolean runs(String... command) {
        try {
            return run(Path.of("."), List.of(command)).status == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Result run(Path dir, List<String> command) throws IOException {
        return run(dir, new ProcessBuilder(command));
    }

    private static Result run(Path dir, ProcessBuilder pb) throws IOException {
        Process p = pb.directory(dir.toFile()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                new java.io.File("/dev/null"))).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out.toString(StandardCharsets.UTF_8) + "\n(no exit within 120 s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Result(-1, "interrupted");
        }
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
