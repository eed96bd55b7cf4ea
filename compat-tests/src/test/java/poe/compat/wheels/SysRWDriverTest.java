package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.driver.SysRW;
import poe.pipe.OneWay;
import poe.pipe.TwoWay;
import poe.wheel.ReadWrite;

/**
 * POE's t/10_units/04_drivers/01_sysrw.t, the parts that need a kernel and a loop. The
 * driver's own checks (block size, put counts, flushed octets equal read octets, EOF,
 * flush errors keep the queue, blocking channels refused) are unit tests in poe-api's
 * {@code poe.driver.SysRWTest}. Here the pipe is filled and drained by <b>readiness events</b>
 * instead of loops that spin on EAGAIN:
 * <ul>
 *   <li>01_sysrw "write until the pipe is full" / "read until empty" / "buffer exhausted":
 *       4 MiB, far more than a pipe holds, flushed on write readiness with partial writes,
 *       read on read readiness in blocks of at most BlockSize, same octets in the same order,
 *       the queue's message count falling to 0;</li>
 *   <li>01_sysrw "get() returns undef on EOF": the writer closes; the reader's driver reports
 *       end of stream on the next read event;</li>
 *   <li>01_sysrw "flush() returns octets left and sets $! on error": a write to a socket whose
 *       peer closed fails, through ReadWrite's ErrorEvent ("write", EPIPE or ECONNRESET), and
 *       what was not written stays queued.</li>
 * </ul>
 */
class SysRWDriverTest {

    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 64;
    private static final int BLOCK = 4096;

    @LoopTest(timeoutSeconds = 60)
    void largeBufferFlushedOnWriteReadiness(ScenarioContext ctx) throws IOException {
        OneWay pipe = OneWay.open();
        Pipe.SinkChannel sink = pipe.write();
        Pipe.SourceChannel source = pipe.read();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<String> problems = new ArrayList<>();
        List<Integer> messagesLeft = new ArrayList<>();
        int[] partialFlushes = {0};
        boolean[] eof = {false};
        SysRW writer = new SysRW();
        SysRW reader = new SysRW(BLOCK);
        Session.builder()
                .on("_start", ev -> {
                    for (int i = 0; i < CHUNKS; i++) {
                        byte[] chunk = new byte[CHUNK];
                        for (int j = 0; j < CHUNK; j++) {
                            chunk[j] = (byte) (i * 31 + j);
                        }
                        expected.writeBytes(chunk);
                        long queued = writer.put(List.of(chunk));
                        if (queued != (long) (i + 1) * CHUNK) {
                            problems.add("put " + i + " returned " + queued);
                        }
                    }
                    messagesLeft.add(writer.getOutMessages());
                    ev.kernel().selectWrite(sink, "writable");
                })
                .on("writable", ev -> {
                    long before = writer.getOutOctets();
                    long left = writer.flush(sink);
                    if (left != writer.getOutOctets() || left > before) {
                        problems.add("flush returned " + left + " with " + writer.getOutOctets() + " queued");
                    }
                    messagesLeft.add(writer.getOutMessages());
                    if (left > 0) {
                        partialFlushes[0]++;
                        return;
                    }
                    ev.kernel().selectWrite(sink);
                    sink.close();                                        // the reader sees EOF
                })
                .create(ctx.kernel());
        Session.builder()
                .on("_start", ev -> ev.kernel().selectRead(source, "readable"))
                .on("readable", ev -> {
                    List<byte[]> got;
                    try {
                        got = reader.get(source);
                    } catch (EOFException e) {
                        eof[0] = true;
                        ev.kernel().selectRead(source);
                        source.close();
                        return;
                    }
                    for (byte[] chunk : got) {
                        if (chunk.length > BLOCK) {
                            problems.add("read " + chunk.length + " octets, BlockSize is " + BLOCK);
                        }
                        received.writeBytes(chunk);
                    }
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of(), problems);
        assertTrue(eof[0], "end of stream reported after the writer closed");
        assertTrue(partialFlushes[0] > 0, "4 MiB cannot go into a pipe at once: some flushes were partial");
        assertEquals(CHUNKS, messagesLeft.get(0));
        assertEquals(0, messagesLeft.get(messagesLeft.size() - 1));
        for (int i = 1; i < messagesLeft.size(); i++) {
            assertTrue(messagesLeft.get(i) <= messagesLeft.get(i - 1), "messages left never grow: " + messagesLeft);
        }
        assertEquals(0, writer.getOutOctets());
        assertEquals((long) CHUNK * CHUNKS, received.size());
        assertArrayEquals(expected.toByteArray(), received.toByteArray(), "same octets, same order");
        assertFalse(sink.isOpen() || source.isOpen());
    }

    @LoopTest(timeoutSeconds = 60)
    void writeErrorKeepsWhatWasNotWritten(ScenarioContext ctx) throws IOException {
        TwoWay pair = TwoWay.open();
        pair.b().close();                                                // the peer is gone
        List<String> log = new ArrayList<>();
        long[] leftAtError = {-1};
        ReadWrite[] wheel = new ReadWrite[1];
        Session.builder()
                .on("_start", ev -> {
                    wheel[0] = ReadWrite.builder().handle(pair.a()).driver(new SysRW(BLOCK))
                            .errorEvent("error").flushedEvent("flushed").create(ev.kernel());
                    wheel[0].put("x".repeat(4 * 1024 * 1024));
                })
                .on("flushed", ev -> log.add("flushed"))
                .on("error", ev -> {
                    log.add(ev.arg(ReadWrite.ARG_OPERATION) + " "
                            + (Set.of("EPIPE", "ECONNRESET").contains(ev.<String>arg(ReadWrite.ARG_ERRNO))
                                    ? "EPIPE|ECONNRESET" : ev.arg(ReadWrite.ARG_ERRNO) + " " + ev.arg(ReadWrite.ARG_MESSAGE)));
                    leftAtError[0] = wheel[0].getDriverOutOctets();
                    wheel[0].close();
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("write EPIPE|ECONNRESET"), log);
        assertTrue(leftAtError[0] > 0, "what was not written stays queued: " + leftAtError[0]);
        assertFalse(pair.a().isOpen());
    }
}
