package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.ReadWrite;

/**
 * A socket the last handler closes is really closed when run() returns, before the kernel
 * itself is closed: the JDK defers closing a channel still registered with a selector
 * until that selector selects again, so a loop must settle its cancelled keys when the
 * kernel runs out of sessions (found by the Perl interop reset cases).
 */
class ClosedOnReturnTest {

    @LoopTest(timeoutSeconds = 60)
    void aResetByTheLastHandlerLeavesBeforeRunReturns(ScenarioContext ctx) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketChannel ours = SocketChannel.open(server.getLocalAddress());
            try (SocketChannel peer = server.accept()) {
                Session.builder()
                        .heap(new Object[1])
                        .on("_start", ev -> {
                            ev.<Object[]>heap()[0] = ReadWrite.builder().handle(ours).inputEvent("line").create(ev.kernel());
                            ev.kernel().yield("reset");
                        })
                        .on("reset", ev -> {
                            ours.setOption(StandardSocketOptions.SO_LINGER, 0);
                            ((ReadWrite) ev.<Object[]>heap()[0]).close();     // the last thing the session does
                        })
                        .create(ctx.kernel());
                ctx.drive();
                peer.socket().setSoTimeout(10_000);
                ByteBuffer buf = ByteBuffer.allocate(16);
                assertThrows(SocketException.class, () -> peer.socket().getInputStream().read(buf.array()),
                        "the peer sees the reset while the kernel is still open");
                assertEquals(false, ours.isOpen());
            }
        }
    }
}
