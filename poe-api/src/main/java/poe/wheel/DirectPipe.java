package poe.wheel;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipe that a child process writes its stdout or stderr into itself, and whose reading
 * end the kernel selects like a socket: no thread between the child and its wheel, as in
 * POE, where the kernel selects the child's pipe.
 *
 * <p>{@link ProcessBuilder} cannot hand a child an arbitrary descriptor, but on Linux it
 * can redirect a stream to a file, and {@code /proc/self/fd/N} of a pipe's writing end
 * opens that same pipe. What Java does not tell is N, the descriptor of a {@link Pipe}'s
 * channel. The kernel does: a private {@link Selector} (epoll) registers the new pipe's two
 * ends, and {@code /proc/self/fdinfo} of its epoll descriptor lists the descriptors it
 * watches, with their inode and the events asked for (the reading end: in; the writing
 * end: out). The selector watches nothing else but its own wakeup descriptor, so the
 * answer cannot be another thread's pipe. That selector's descriptor is found once, by the
 * same test. Anything unexpected (no {@code /proc}, another layout, a redirect that does
 * not open) turns the feature off for the JVM, and {@link Run} uses its pump thread
 * ({@link ChildPump}) instead, as on other systems. {@code -Dpoe.run.directPipes=false}
 * turns it off too.
 *
 * <pre>{@code
 * DirectPipe p = DirectPipe.open();            // null: not available here
 * processBuilder.redirectOutput(p.childEnd());
 * Process child = processBuilder.start();
 * p.started();                                 // the child has its own copy now
 * // select and read p.source() on the kernel's thread
 * }</pre>
 */
final class DirectPipe {

    /** The system property that turns direct pipes off ({@code false}); on by default where they work. */
    static final String PROPERTY = "poe.run.directPipes";

    private static final Object LOCK = new Object();
    /** Null until first used; then the locating selector, or null again with {@link #broken} set. */
    private static Selector locator;
    /** The fdinfo file of {@link #locator}'s epoll descriptor, kept open (read from its start each time). */
    private static FileChannel locatorInfo;
    /** What {@link #locatorInfo} is read into (grown as needed; under {@link #LOCK}). */
    private static ByteBuffer infoBuffer = ByteBuffer.allocate(1024);
    private static volatile boolean broken = !new File("/proc/self/fdinfo").isDirectory();

    private final Pipe pipe;
    private final File childEnd;

    private DirectPipe(Pipe pipe, int writeFd) {
        this.pipe = pipe;
        this.childEnd = new File("/proc/self/fd/" + writeFd);
    }

    /** A new direct pipe, or null where direct pipes do not work (then use the pump). */
    static DirectPipe open() {
        if (broken || "false".equals(System.getProperty(PROPERTY))) {
            return null;
        }
        Pipe p = null;
        try {
            p = Pipe.open();
            p.source().configureBlocking(false);
            p.sink().configureBlocking(false);
            int w = writeDescriptor(p);
            if (w >= 0) {
                return new DirectPipe(p, w);
            }
            AbstractWheel.LOG.log(System.Logger.Level.DEBUG, "direct pipes off: the pipe's descriptor cannot be told");
            disable();
        } catch (IOException e) {
            // out of descriptors, most likely: not a reason to turn the feature off, and the
            // pump's own pipe then fails the same way and says so
            AbstractWheel.LOG.log(System.Logger.Level.DEBUG, "no direct pipe this time", e);
        } catch (RuntimeException e) {
            AbstractWheel.LOG.log(System.Logger.Level.DEBUG, "direct pipes off", e);
            disable();
        }
        if (p != null) {
            AbstractWheel.closeQuietly(p.source());
            AbstractWheel.closeQuietly(p.sink());
        }
        return null;
    }

    /** Turns direct pipes off for this JVM (a redirect through {@code /proc} failed). */
    static void disable() {
        broken = true;
    }

    /** What the child's stream is redirected to: the writing end, by its {@code /proc} path. */
    ProcessBuilder.Redirect childEnd() {
        return ProcessBuilder.Redirect.to(childEnd);
    }

    /** The reading end, non-blocking: the wheel's input. */
    Pipe.SourceChannel source() {
        return pipe.source();
    }

    /**
     * Closes this JVM's writing end once the child has started (the child holds its own), so
     * the reading end sees the end of input when the child and anything it started close it.
     */
    void started() {
        AbstractWheel.closeQuietly(pipe.sink());
    }

    /** Closes both ends (the child was not started). */
    void close() {
        AbstractWheel.closeQuietly(pipe.sink());
        AbstractWheel.closeQuietly(pipe.source());
    }

    /** The descriptor of {@code p}'s writing end, or -1 if it cannot be told for sure. */
    private static int writeDescriptor(Pipe p) throws IOException {
        synchronized (LOCK) {
            if (broken) {
                return -1;
            }
            if (locator == null) {
                locator = Selector.open();
            }
            SelectionKey r = p.source().register(locator, SelectionKey.OP_READ);
            SelectionKey w = p.sink().register(locator, SelectionKey.OP_WRITE);
            try {
                locator.selectNow();                          // epoll_ctl happens at the select
                if (locatorInfo == null) {
                    Path info = findLocatorInfo();
                    if (info == null) {
                        return -1;
                    }
                    locatorInfo = FileChannel.open(info, StandardOpenOption.READ);
                }
                return parse(readLocatorInfo());
            } finally {
                r.cancel();
                w.cancel();
                locator.selectNow();                          // deregistered before the pipe is used
            }
        }
    }

    /**
     * The locator's fdinfo as it is now: a read from position 0 makes the kernel write the
     * file anew (it is a seq_file), which saves an open and a close per pipe.
     */
    private static String readLocatorInfo() throws IOException {
        ByteBuffer buf = infoBuffer.clear();
        long pos = 0;
        for (int n; (n = locatorInfo.read(buf, pos)) >= 0; ) {
            pos += n;
            if (!buf.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(buf.capacity() * 2);
                infoBuffer = bigger.put(buf.flip());
                buf = infoBuffer;
            }
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
    }

    /** The fdinfo of the one epoll descriptor that watches a pipe pair as {@link #locator} does now. */
    private static Path findLocatorInfo() throws IOException {
        Path found = null;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                String link;
                try {
                    link = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue;                                 // closed meanwhile (the listing's own)
                }
                if (link.equals("anon_inode:[eventpoll]")) {
                    Path info = Path.of("/proc/self/fdinfo", fd.getFileName().toString());
                    try {
                        if (parse(Files.readString(info)) >= 0) {
                            if (found != null) {
                                return null;                  // two alike: cannot tell which is ours
                            }
                            found = info;
                        }
                    } catch (IOException e) {
                        // closed meanwhile: not ours
                    }
                }
            }
        }
        return found;
    }

    /**
     * The writing end's descriptor in an epoll fdinfo that watches exactly three: the
     * selector's wakeup descriptor (in), and a pipe's reading end (in) and writing end (out)
     * with one inode. -1 for anything else.
     */
    static int parse(String fdinfo) {
        try {
            return parseOrThrow(fdinfo);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int parseOrThrow(String fdinfo) {
        int entries = 0;
        int writeFd = -1;
        String writeIno = null;
        String[] readIno = new String[3];
        int reads = 0;
        for (int at = 0, end; at < fdinfo.length(); at = end + 1) {
            end = fdinfo.indexOf('\n', at);
            if (end < 0) {
                end = fdinfo.length();
            }
            if (!fdinfo.startsWith("tfd:", at)) {
                continue;
            }
            entries++;
            // "tfd: <fd> events: <hex> data: <hex> pos:<n> ino:<hex> sdev:<hex>", by blanks
            String[] t = tokens(fdinfo, at, end);
            if (t.length < 4 || !t[2].equals("events:") || entries > 3) {
                return -1;
            }
            int fd = Integer.parseInt(t[1]);
            int events = Integer.parseInt(t[3], 16);
            String ino = null;
            for (String f : t) {
                if (f.startsWith("ino:")) {
                    ino = f;
                }
            }
            if (ino == null) {
                return -1;
            }
            if ((events & 0x4) != 0) {                        // EPOLLOUT: the writing end
                if (writeFd >= 0) {
                    return -1;
                }
                writeFd = fd;
                writeIno = ino;
            } else if ((events & 0x1) != 0) {                 // EPOLLIN: the reading end or the wakeup
                readIno[reads++] = ino;
            }
        }
        if (entries != 3 || writeFd < 0 || reads != 2) {
            return -1;
        }
        return writeIno.equals(readIno[0]) != writeIno.equals(readIno[1]) ? writeFd : -1;
    }

    /** The blank-separated words of {@code s} from {@code from} to {@code to} (no regex: this runs per pipe). */
    private static String[] tokens(String s, int from, int to) {
        List<String> words = new ArrayList<>(8);
        int i = from;
        while (i < to) {
            while (i < to && s.charAt(i) <= ' ') {
                i++;
            }
            int start = i;
            while (i < to && s.charAt(i) > ' ') {
                i++;
            }
            if (i > start) {
                words.add(s.substring(start, i));
            }
        }
        return words.toArray(new String[0]);
    }
}
