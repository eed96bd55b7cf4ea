package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.SocketFactory;

/**
 * POE t/90_regression/socketfactory-timeout.t: a client SocketFactory connecting to port 0
 * of {@code localhost} (a name, so through the resolver) must end with its FailureEvent,
 * neither a SuccessEvent nor silence until the 5 s watchdog. The literal 127.0.0.1 is
 * checked the same way.
 */
class RegressionSocketFactoryTimeoutTest {

    @LoopTest(timeoutSeconds = 60)
    void connectingToPortZeroFailsInsteadOfHanging(ScenarioContext ctx) {
        Map<String, String> outcome = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String host : List.of("localhost", "127.0.0.1")) {
            Session.builder()
                    .on("_start", ev -> {
                        SocketFactory sf = SocketFactory.builder().remoteAddress(host).remotePort(0)
                                .successEvent("sock_up").failureEvent("sock_down").create(ev.kernel());
                        ev.kernel().delay("timeout", 5);
                        outcome.put(host, "pending " + sf.id());
                    })
                    .on("sock_up", ev -> {
                        problems.add(host + ": connected to an unused port?");
                        try {
                            ((SocketChannel) ev.arg(SocketFactory.ARG_SOCKET)).close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        ev.kernel().delay("timeout");
                    })
                    .on("sock_down", ev -> {
                        outcome.put(host, ev.arg(SocketFactory.ARG_OPERATION) + " failed");
                        ev.kernel().delay("timeout");
                    })
                    .on("timeout", ev -> problems.add(host + ": timed out before SuccessEvent or FailureEvent"))
                    .create(ctx.kernel());
        }
        ctx.drive();
        assertEquals(List.of(), problems);
        assertEquals(Map.of("localhost", "connect failed", "127.0.0.1", "connect failed"), outcome);
    }
}
