package poe.wheel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A child writing into a pipe this JVM selects, and how its descriptor is told. */
class DirectPipeTest {

    private static final String WAKEUP = "tfd:        5 events:       19 data:     7f1e00000005  pos:0 ino:40f sdev:10";
    private static final String READ = "tfd:        6 events:       19 data:     7f1e00000006  pos:0 ino:e817f9f sdev:f";
    private static final String WRITE = "tfd:        7 events:       1c data:     7f1d00000007  pos:0 ino:e817f9f sdev:f";
    private static final String HEAD = "pos:\t0\nflags:\t02000002\nmnt_id:\t17\nino:\t1039\n";

    @Test
    void theWritingEndIsTheOutEntryOfTheOnePipePair() {
        assertEquals(7, DirectPipe.parse(HEAD + WAKEUP + "\n" + WRITE + "\n" + READ + "\n"));
        assertEquals(7, DirectPipe.parse(HEAD + READ + "\n" + WRITE + "\n" + WAKEUP + "\n"));
    }

    @Test
    void anythingElseIsNotTakenForIt() {
        assertEquals(-1, DirectPipe.parse(HEAD), "nothing watched");
        assertEquals(-1, DirectPipe.parse(HEAD + WAKEUP + "\n" + READ + "\n"), "no writing end");
        assertEquals(-1, DirectPipe.parse(HEAD + WAKEUP + "\n" + READ + "\n" + WRITE + "\n" + WAKEUP.replace(" 5 ", " 9 ")),
                "a fourth descriptor: not the locating selector");
        assertEquals(-1, DirectPipe.parse(HEAD + WAKEUP + "\n" + READ.replace("e817f9f", "e817fa0") + "\n" + WRITE),
                "the two ends of different pipes");
        assertEquals(-1, DirectPipe.parse(HEAD + READ + "\n" + READ.replace(" 6 ", " 8 ") + "\n" + WRITE),
                "two reading ends of the same pipe: which one is the wakeup cannot be told");
        assertEquals(-1, DirectPipe.parse(HEAD + WAKEUP + "\n" + READ + "\n" + WRITE.replace("1c", "zz")), "malformed");
    }

    @Test
    void aChildWritesIntoThePipeAndItsEndIsSeenAfterItExits() throws Exception {
        assumeTrue(new File("/proc/self/fdinfo").isDirectory(), "Linux only");
        assumeTrue(!"false".equals(System.getProperty(DirectPipe.PROPERTY)), "turned off");
        DirectPipe p = DirectPipe.open();
        assertNotNull(p, "direct pipes must work on Linux");
        Process child = new ProcessBuilder("head", "-c", "300000", "/dev/zero").redirectOutput(p.childEnd()).start();
        p.started();
        long read = 0;
        try (Selector s = Selector.open()) {
            p.source().register(s, SelectionKey.OP_READ);
            ByteBuffer buf = ByteBuffer.allocate(65536);
            int n = 0;
            while (n >= 0) {
                s.select(10_000);
                s.selectedKeys().clear();
                while ((n = p.source().read(buf.clear())) > 0) {
                    read += n;
                }
            }
        } finally {
            p.close();
        }
        assertEquals(300_000, read);
        assertEquals(0, child.waitFor(30, TimeUnit.SECONDS) ? child.exitValue() : -1);
        assertFalse(p.source().isOpen());
    }

    @Test
    void manyPipesInARowGetTheirOwnDescriptors() throws Exception {
        assumeTrue(new File("/proc/self/fdinfo").isDirectory(), "Linux only");
        assumeTrue(!"false".equals(System.getProperty(DirectPipe.PROPERTY)), "turned off");
        DirectPipe[] pipes = new DirectPipe[50];
        try {
            for (int i = 0; i < pipes.length; i++) {
                pipes[i] = DirectPipe.open();
                assertNotNull(pipes[i]);
            }
            // each path writes into its own pipe: a byte written through it is read from that pipe's end
            for (int i = 0; i < pipes.length; i++) {
                try (var out = new java.io.FileOutputStream(pipes[i].childEnd().file())) {
                    out.write(i);
                }
            }
            for (int i = 0; i < pipes.length; i++) {
                ByteBuffer b = ByteBuffer.allocate(4);
                assertEquals(1, pipes[i].source().read(b), "pipe " + i);
                assertEquals(i, b.get(0));
            }
        } finally {
            for (DirectPipe p : pipes) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    /**
     * Pipe after pipe, each is told its own descriptor: the locator's fdinfo is read anew
     * each time (through the one open file), never an earlier pipe's. Bytes written through
     * the redirect path come out of that pipe's reading end.
     */
    @Test
    void pipeAfterPipeEachIsToldItsOwnDescriptor() throws Exception {
        assumeTrue(new File("/proc/self/fdinfo").isDirectory(), "Linux only");
        assumeTrue(!"false".equals(System.getProperty(DirectPipe.PROPERTY)), "turned off");
        java.util.List<DirectPipe> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                DirectPipe p = DirectPipe.open();
                assertNotNull(p, "direct pipes must work on Linux");
                open.add(p);
                byte[] mark = ("pipe " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                try (java.io.FileOutputStream out = new java.io.FileOutputStream(p.childEnd().file())) {
                    out.write(mark);
                }
                ByteBuffer got = ByteBuffer.allocate(64);
                for (int tries = 0; tries < 100 && got.position() < mark.length; tries++) {
                    if (p.source().read(got) == 0) {
                        Thread.sleep(1);
                    }
                }
                assertEquals(new String(mark, java.nio.charset.StandardCharsets.US_ASCII),
                        new String(got.array(), 0, got.position(), java.nio.charset.StandardCharsets.US_ASCII),
                        "pipe " + i + " got what was written to its own /proc path");
            }
        } finally {
            open.forEach(DirectPipe::close);
        }
    }
}
