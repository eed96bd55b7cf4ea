package poe.compat.components;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.component.TcpClient;
import poe.component.TcpServer;

/** TcpServer and TcpClient talk: the callbacks in causal order on both sides (CTCP-02, CTCP-05 in short). */
class ComponentSmokeTest {

    @LoopTest(timeoutSeconds = 60)
    void aClientAndAServerExchangeLinesAndShutDown(ScenarioContext ctx) {
        List<String> server = new ArrayList<>();
        List<String> client = new ArrayList<>();
        TcpServer tcp = TcpServer.builder()
                .address("127.0.0.1").port(0).alias("server")
                .clientConnected(ev -> server.add("connected"))
                .clientInput(ev -> {
                    String line = ev.arg(TcpServer.ARG_INPUT);
                    server.add("input " + line);
                    TcpServer.client(ev).put("echo: " + line);
                    if (line.equals("quit")) {
                        TcpServer.client(ev).shutdown();
                    }
                })
                .clientFlushed(ev -> server.add("flushed"))
                .clientDisconnected(ev -> server.add("disconnected"))
                .create(ctx.kernel());
        TcpClient.builder()
                .remoteAddress("127.0.0.1").remotePort(tcp.port())
                .connected(ev -> {
                    client.add("connected");
                    TcpClient.connection(ev).put("quit");
                })
                .serverFlushed(ev -> client.add("flushed"))
                .serverInput(ev -> client.add("input " + ev.arg(TcpClient.ARG_INPUT)))
                .serverError(ev -> client.add("error " + ev.arg(0) + " " + ev.arg(1)))
                .disconnected(ev -> {
                    client.add("disconnected");
                    ev.kernel().post("server", TcpServer.SHUTDOWN);
                })
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("connected", "input quit", "flushed", "disconnected"), server);
        assertEquals(List.of("connected", "flushed", "input echo: quit", "error read 0", "disconnected"), client);
    }
}
