package poe.wheel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.pty4j.util.PtyUtil;

/**
 * Where pty4j unpacks its native library, and its removal. Left to itself, pty4j copies
 * {@code libpty.so} into a new {@code pty4j-*} directory of the temporary directory for each
 * JVM and never removes it (only the empty directory is marked for deletion at exit), so
 * every run of a program that opened a pty left one behind. Unless the application chose
 * the place itself ({@code pty4j.tmpdir} or {@code pty4j.preferred.native.folder}), the
 * first pty unpacks into a directory of ours, which goes once the library is loaded (on
 * Linux, a loaded library may be unlinked) or, elsewhere, when the JVM exits (pty4j
 * executes a helper from there for every child on macOS).
 *
 * <pre>{@code
 * Pty4jNatives.beforeStart();
 * PtyProcess p = builder.start();
 * Pty4jNatives.afterStart();
 * }</pre>
 */
final class Pty4jNatives {

    private static final String TMPDIR_KEY = "pty4j.tmpdir";
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

    /** Guards the fields below. */
    private static final Object LOCK = new Object();
    private static boolean prepared;
    /** Our unpacking directory while it exists, else null. */
    private static Path unpacked;

    private Pty4jNatives() {
    }

    /** Before the first pty: points pty4j at a directory of ours (once per JVM). */
    static void beforeStart() {
        synchronized (LOCK) {
            if (prepared) {
                return;
            }
            prepared = true;
            if (System.getProperty(TMPDIR_KEY) != null || System.getProperty(PtyUtil.PREFERRED_NATIVE_FOLDER_KEY) != null) {
                return;                                    // the application's choice
            }
            try {
                Path dir = Files.createTempDirectory("poe-pty4j-");
                System.setProperty(TMPDIR_KEY, dir.toString());
                unpacked = dir;
                Runtime.getRuntime().addShutdownHook(new Thread(Pty4jNatives::removeUnpacked, "poe-pty4j-cleanup"));
            } catch (IOException | SecurityException | IllegalStateException e) {
                // no directory of ours: pty4j's own default
            }
        }
    }

    /** After a pty started: on Linux pty4j's library is loaded now, and its copy can go. */
    static void afterStart() {
        if (LINUX) {
            removeUnpacked();
        }
    }

    private static void removeUnpacked() {
        Path dir;
        synchronized (LOCK) {
            dir = unpacked;
            unpacked = null;
        }
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file we cannot remove stays; nothing depends on it any more
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
