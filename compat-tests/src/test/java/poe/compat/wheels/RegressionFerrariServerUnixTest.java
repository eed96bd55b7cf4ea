package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import poe.compat.LogCapture;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.SocketFactory;

/**
 * POE t/90_regression/ferrari-server-unix.t (rt.cpan.org 11262): a Server::TCP stand-in on a
 * UNIX-domain path with port 0, told to shut down before the kernel runs. It must start
 * without a warning (POE warned while reading an IP port from the UNIX listener's address),
 * report port 0 and its path, stop on {@code shutdown}, and {@code run()} must return.
 */
class RegressionFerrariServerUnixTest {

    @LoopTest(timeoutSeconds = 60)
    void unixServerStartsAndShutsDownWithoutWarnings(ScenarioContext ctx) throws IOException {
        Path dir = Files.createTempDirectory("poe-ferrari");
        Path path = dir.resolve("testsocket");
        LogCapture log = LogCapture.of("poe");
        List<Object> seen = new ArrayList<>();
        ServerSocketChannel[] channel = new ServerSocketChannel[1];
        LineServer server = new LineServer();
        try {
            Files.deleteIfExists(path);
            server.alias = "testserver";
            server.domain = SocketFactory.Domain.UNIX;
            server.address = path.toString();
            server.port = 0;
            server.error = ev -> seen.add("error " + ev.args());
            server.started = f -> {
                seen.add(f.port());
                seen.add(f.localAddress().orElseThrow());
                seen.add(Files.exists(path));
                channel[0] = f.listener();
            };
            server.spawn(ctx.kernel());
            ctx.kernel().post("testserver", "shutdown");
            ctx.drive();
        } finally {
            log.close();
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
        assertEquals(List.of(0, UnixDomainSocketAddress.of(path), true), seen);
        assertTrue(server.shutDown, "the posted shutdown reached the server");
        assertFalse(channel[0].isOpen(), "shutdown closed the listener");
        List<String> warnings = log.namedMessages(Level.WARNING);
        assertTrue(warnings.isEmpty(), "no warnings: " + warnings);
    }
}
