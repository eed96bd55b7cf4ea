package poe.wheel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hand-over of a child's chunks from the pump to a Run wheel's reader. */
class ChunkRelayTest {

    private Pipe pipe;
    private ChunkRelay relay;

    @BeforeEach
    void open() throws IOException {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        relay = new ChunkRelay(pipe.sink());
    }

    @AfterEach
    void close() throws IOException {
        pipe.sink().close();
        pipe.source().close();
    }

    @Test
    void aFullChunkArrivesAsTheSameArrayAndSmallOnesTogether() throws IOException {
        byte[] full = new byte[ChildPump.CHUNK];
        relay.offer(full, null);
        relay.offer(new byte[] {1}, null);
        relay.offer(new byte[] {2, 3}, null);
        assertSame(full, relay.get(pipe.source()).get(0), "handed over, not copied");
        List<byte[]> small = relay.get(pipe.source());
        assertEquals(2, small.size(), "small chunks are taken together");
        assertEquals(List.of(), relay.get(pipe.source()));
    }

    @Test
    void theDoorbellRingsOncePerBatchAndIsEmptiedWithTheLastChunk() throws IOException {
        relay.offer(new byte[ChildPump.CHUNK], null);
        relay.offer(new byte[ChildPump.CHUNK], null);
        assertEquals(1, pipeBytes(), "one doorbell byte while chunks wait");
        relay.get(pipe.source());
        assertEquals(1, pipeBytes(), "still rung: a chunk waits, so the loop reports the pipe readable again");
        relay.get(pipe.source());
        assertEquals(0, pipeBytes());
        relay.offer(new byte[] {1}, null);
        assertEquals(1, pipeBytes(), "rung again for the next chunk");
    }

    @Test
    void boundedTheReaderIsToldToStopAndWokenWhenRoomFreesUp() throws IOException {
        AtomicInteger wakes = new AtomicInteger();
        int offered = 0;
        boolean room = true;
        while (room) {
            room = relay.offer(new byte[ChildPump.CHUNK], wakes::incrementAndGet);
            offered += ChildPump.CHUNK;
        }
        assertEquals(ChunkRelay.LIMIT, offered, "full at the limit");
        assertFalse(relay.hasRoom(wakes::incrementAndGet));
        assertEquals(0, wakes.get());
        relay.get(pipe.source());
        assertEquals(1, wakes.get(), "taking a chunk wakes the pump once");
        assertTrue(relay.hasRoom(null));
    }

    @Test
    void anOwnerWaitingForRoomGoesOnWhenAChunkIsTakenAndEndsOnCancel() throws Exception {
        while (relay.offer(new byte[ChildPump.CHUNK], null)) {
            // fill it
        }
        CountDownLatch resumed = new CountDownLatch(1);
        Thread owner = new Thread(() -> {
            try {
                relay.awaitRoom();
                resumed.countDown();
                relay.offer(new byte[ChildPump.CHUNK], null);
                relay.awaitRoom();                                  // full again: waits until cancelled
            } catch (IOException e) {
                resumed.countDown();
            }
        });
        owner.start();
        assertFalse(resumed.await(200, TimeUnit.MILLISECONDS), "no room yet");
        relay.get(pipe.source());
        assertTrue(resumed.await(30, TimeUnit.SECONDS));
        relay.cancel();
        owner.join(30_000);
        assertFalse(owner.isAlive(), "cancel releases a waiting owner");
        assertThrows(IOException.class, () -> relay.offer(new byte[1], null), "nobody reads any more");
    }

    @Test
    void theEndComesAfterEveryChunk() throws IOException {
        relay.offer(new byte[] {1}, null);
        relay.end();
        pipe.sink().close();
        assertEquals(1, relay.get(pipe.source()).size());
        assertThrows(EOFException.class, () -> relay.get(pipe.source()));
    }

    /** The doorbell bytes in the pipe, counted by reading them and writing them back. */
    private int pipeBytes() throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        int n = Math.max(0, pipe.source().read(b));
        for (int i = 0; i < n; i++) {
            pipe.sink().write(java.nio.ByteBuffer.wrap(new byte[] {0}));
        }
        return n;
    }
}
