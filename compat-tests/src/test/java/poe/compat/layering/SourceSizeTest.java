package poe.compat.layering;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The kernel split's measure (issue 19): no source file of {@code poe-api} over
 * {@value #MAX_LINES} lines, Javadoc included, so that a class that grows back into a
 * do-everything file fails the build and is split by resource instead.
 *
 * <pre>{@code
 * ./mvnw -o -q -pl compat-tests -am test -Dtest=SourceSizeTest -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
class SourceSizeTest {

    static final int MAX_LINES = 900;

    /** The API module's sources, from this module's directory (where Maven runs its tests). */
    private static final Path SOURCES = Path.of("..", "poe-api", "src", "main", "java");

    @Test
    void noPoeApiSourceFileIsOverTheLimit() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "poe-api's sources not found at " + SOURCES.toAbsolutePath());
        List<String> over;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        assertTrue(files.size() > 100, "expected poe-api's sources, found " + files.size() + " files");
        over = files.stream()
                .filter(p -> lines(p) > MAX_LINES)
                .map(p -> SOURCES.relativize(p) + " (" + lines(p) + " lines)")
                .sorted()
                .collect(Collectors.toList());
        assertTrue(over.isEmpty(), "poe-api files over " + MAX_LINES + " lines: " + over
                + "; split them by concern (a resource, a helper) rather than trimming their docs");
    }

    private static long lines(Path p) {
        try (Stream<String> l = Files.lines(p)) {
            return l.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
