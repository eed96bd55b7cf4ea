package poe.compat.components;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.component.TcpClient;

/**
 * POE::Test::Loops {@code connect_errors} (CERR-01, CERR-02): a port reserved by a socket
 * that is bound but never listens refuses the connection; TcpClient reports it through
 * ConnectError (never Connected or ServerInput), which tells a watcher session to remove
 * its 10 s failure timer; then {@code run()} returns: both sessions keep only an alias, as
 * in PTL, and are collected once the kernel is idle.
 */
class ComponentConnectErrorsTest {

    @LoopTest(timeoutSeconds = 60)
    void connectionRefusedIsAConnectError(ScenarioContext ctx) throws Exception {
        List<String> log = new ArrayList<>();
        try (SocketChannel reserved = SocketChannel.open()) {
            reserved.bind(new InetSocketAddress("127.0.0.1", 0));        // bound, not listening
            int unusedPort = ((InetSocketAddress) reserved.getLocalAddress()).getPort();

            Session.builder()
                    .on("_start", ev -> {
                        ev.kernel().aliasSet("watcher");
                        ev.kernel().delaySet("timeout", 10);
                    })
                    .on("timeout", ev -> {
                        log.add("timeout");
                        ev.kernel().post("client", TcpClient.SHUTDOWN);
                    })
                    .on("shutdown", ev -> {
                        log.add("watcher shutdown");
                        ev.kernel().alarmRemoveAll();       // only its alias is left: IDLE ends it
                    })
                    .create(ctx.kernel());

            TcpClient.builder()
                    .remoteAddress("127.0.0.1").remotePort(unusedPort).alias("client")
                    .connected(ev -> log.add("connected"))
                    .connectError(ev -> {
                        log.add("connect error " + ev.arg(0) + " " + ev.arg(1) + " " + (ev.arg(2) != null));
                        ev.kernel().post("watcher", "shutdown");
                    })
                    .serverInput(ev -> log.add("input"))
                    .create(ctx.kernel());

            ctx.drive();        // CERR-02: run() returns
        }
        assertEquals(List.of("connect error connect ECONNREFUSED true", "watcher shutdown"), log, "CERR-01");
    }
}
