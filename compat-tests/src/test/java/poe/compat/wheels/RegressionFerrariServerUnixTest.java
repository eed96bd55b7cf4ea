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
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Logger poeLogger = Logger.getLogger("poe");
        Handler catcher = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r.getLoggerName() + ": " + java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        poeLogger.addHandler(catcher);
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
            poeLogger.removeHandler(catcher);
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
        assertEquals(List.of(0, UnixDomainSocketAddress.of(path), true), seen);
        assertTrue(server.shutDown, "the posted shutdown reached the server");
        assertFalse(channel[0].isOpen(), "shutdown closed the listener");
        assertTrue(warnings.isEmpty(), "no warnings: " + warnings);
    }
}
