package poe.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysRWTest {

    private Pipe pipe;

    @BeforeEach
    void openPipe() throws IOException {
        pipe = Pipe.open();
        pipe.sink().configureBlocking(false);
        pipe.source().configureBlocking(false);
    }

    @AfterEach
    void closePipe() throws IOException {
        pipe.sink().close();
        pipe.source().close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Puts and flushes 1 MiB chunks until the pipe refuses; returns the octets flushed. */
    private static long writeUntilFull(SysRW driver, Pipe.SinkChannel sink) throws IOException {
        byte[] big = new byte[1 << 20];
        long flushed = 0;
        while (true) {
            long buffered = driver.put(List.of(big));
            long left = driver.flush(sink);
            flushed += buffered - left;
            if (left > 0) {
                return flushed;
            }
        }
    }

    private static long readUntilEmpty(SysRW driver, Pipe.SourceChannel source) throws IOException {
        long read = 0;
        for (List<byte[]> got = driver.get(source); !got.isEmpty(); got = driver.get(source)) {
            for (byte[] chunk : got) {
                read += chunk.length;
            }
        }
        return read;
    }

    @Test
    void blockSizeMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SysRW(0));
        assertTrue(e.getMessage().contains("blockSize must be greater than 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SysRW(-1));
        assertEquals(SysRW.DEFAULT_BLOCK_SIZE, new SysRW().blockSize());
    }

    @Test
    void putCountsOctetsAndMessages() {
        SysRW driver = new SysRW(1024);
        assertEquals(0, driver.put(List.of()));
        assertEquals(0, driver.getOutMessages());
        assertEquals(40, driver.put(List.of(ascii("test".repeat(10)))));
        assertEquals(1, driver.getOutMessages());
        assertEquals(85, driver.put(List.of(ascii("more test".repeat(5)), new byte[0])));
        assertEquals(2, driver.getOutMessages(), "empty chunks are not queued");
        assertEquals(85, driver.getOutOctets());
    }

    @Test
    void flushedOctetsEqualReadOctetsAndTheQueueDrains() throws IOException {
        SysRW driver = new SysRW(1024);
        long flushed = writeUntilFull(driver, pipe.sink());
        assertTrue(driver.getOutOctets() > 0, "the pipe filled up before the queue emptied");
        long read = readUntilEmpty(driver, pipe.source());
        assertEquals(flushed, read, "what flush() reports written is what comes out");
        while (driver.getOutMessages() > 0) {
            long before = driver.getOutOctets();
            flushed += before - driver.flush(pipe.sink());
            read += readUntilEmpty(driver, pipe.source());
        }
        assertEquals(0, driver.getOutOctets());
        assertEquals(flushed, read);
    }

    @Test
    void endOfStreamIsEofException() throws IOException {
        SysRW driver = new SysRW();
        driver.put(List.of(ascii("last words")));
        assertEquals(0, driver.flush(pipe.sink()));
        pipe.sink().close();
        assertEquals("last words", new String(driver.get(pipe.source()).get(0), StandardCharsets.US_ASCII));
        assertThrows(EOFException.class, () -> driver.get(pipe.source()));
    }

    @Test
    void flushErrorKeepsTheQueue() throws IOException {
        SysRW driver = new SysRW();
        driver.put(List.of(ascii("never sent")));
        pipe.source().close();
        pipe.sink().close();
        assertThrows(IOException.class, () -> driver.flush(pipe.sink()));
        assertEquals(10, driver.getOutOctets());
        assertEquals(1, driver.getOutMessages());
    }

    @Test
    void readErrorPropagates() throws IOException {
        SysRW driver = new SysRW();
        pipe.source().close();
        assertThrows(IOException.class, () -> driver.get(pipe.source()));
    }

    @Test
    void blockingChannelsAreRefused() throws IOException {
        SysRW driver = new SysRW();
        pipe.source().configureBlocking(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> driver.get(pipe.source()));
        assertTrue(e.getMessage().contains("configureBlocking(false)"), e.getMessage());
        pipe.sink().configureBlocking(true);
        assertThrows(IllegalArgumentException.class, () -> driver.flush(pipe.sink()));
    }

    @Test
    void readsNeverExceedTheBlockSize() throws IOException {
        SysRW driver = new SysRW(10);
        driver.put(List.of(new byte[95]));
        driver.flush(pipe.sink());
        List<Integer> sizes = new ArrayList<>();
        for (List<byte[]> got = driver.get(pipe.source()); !got.isEmpty(); got = driver.get(pipe.source())) {
            assertEquals(1, got.size());
            sizes.add(got.get(0).length);
        }
        assertEquals(List.of(10, 10, 10, 10, 10, 10, 10, 10, 10, 5), sizes);
    }

    @Test
    void loopbackSocketKeepsOrderAcrossPartialWrites() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    SocketChannel accepted = server.accept()) {
                client.configureBlocking(false);
                accepted.configureBlocking(false);
                SysRW writer = new SysRW();
                SysRW reader = new SysRW(4096);
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                for (int i = 0; i < 3000; i++) {
                    byte[] chunk = ascii("message " + i + " " + "x".repeat(i % 97) + "\n");
                    expected.writeBytes(chunk);
                    writer.put(List.of(chunk));
                }
                assertEquals(3000, writer.getOutMessages());
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (received.size() < expected.size()) {
                    assertTrue(System.nanoTime() < deadline, "loopback transfer did not finish");
                    writer.flush(client);
                    for (byte[] chunk : reader.get(accepted)) {
                        assertTrue(chunk.length <= 4096);
                        received.writeBytes(chunk);
                    }
                }
                assertEquals(0, writer.getOutOctets());
                assertEquals(0, writer.getOutMessages());
                assertArrayEquals(expected.toByteArray(), received.toByteArray());
            }
        }
    }

    @Test
    void filesAreReadAsTheyAre(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.txt");
        Files.writeString(file, "line one\nline two\n");
        SysRW driver = new SysRW(8);
        StringBuilder text = new StringBuilder();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                List<byte[]> got;
                try {
                    got = driver.get(channel);
                } catch (EOFException e) {
                    break;
                }
                got.forEach(c -> text.append(new String(c, StandardCharsets.US_ASCII)));
            }
        }
        assertEquals("line one\nline two\n", text.toString());
        try (FileChannel out = FileChannel.open(dir.resolve("out.txt"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            driver.put(List.of(ascii("written")));
            assertEquals(0, driver.flush(out));
        }
        assertEquals("written", Files.readString(dir.resolve("out.txt")));
    }
}
