package poe.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blocking streams made selectable: every byte arrives, in order, then end of input. */
class OneWayStreamsTest {

    @Test
    @Timeout(30)
    void fromCopiesAStreamIntoASelectablePipeThenEnds() throws IOException {
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        OneWay pipe = OneWay.from(new ByteArrayInputStream(data), "test-from");
        assertFalse(pipe.read().isBlocking());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try (Selector selector = Selector.open()) {
            pipe.read().register(selector, SelectionKey.OP_READ);
            for (int n = 0; n >= 0; ) {
                selector.select();
                selector.selectedKeys().clear();
                while ((n = pipe.read().read(buf.clear())) > 0) {
                    got.write(buf.array(), 0, n);
                }
            }
        }
        pipe.read().close();
        assertArrayEquals(data, got.toByteArray());
    }

    @Test
    @Timeout(30)
    void toDrainsAPipeIntoAStreamAndClosesItWithThePipe() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        OneWay pipe = OneWay.to(sink, "test-to");
        assertFalse(pipe.write().isBlocking());
        ByteBuffer hello = ByteBuffer.wrap("hello, stream".getBytes());
        while (hello.hasRemaining()) {
            pipe.write().write(hello);
        }
        pipe.write().close();
        for (int i = 0; i < 3000 && !closed.get(); i++) {
            Thread.onSpinWait();
            Thread.sleep(10);                                 // polls for the copier's end, 30 s at most
        }
        synchronized (sink) {
            assertEquals("hello, stream", sink.toString());
        }
    }
}
