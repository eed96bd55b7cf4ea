package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import poe.Session;
import poe.compat.LoopTest;
import poe.compat.ScenarioContext;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/** A line echo over SocketFactory and ReadWrite: server, client, EOF, shutdown. */
class WheelSmokeTest {

    @LoopTest(timeoutSeconds = 60)
    void lineEchoOverLoopback(ScenarioContext ctx) {
        List<String> log = new ArrayList<>();
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    SocketFactory server = SocketFactory.builder().bindAddress("127.0.0.1").bindPort(0)
                            .successEvent("accepted").failureEvent("failed").create(ev.kernel());
                    ev.<Map<String, Object>>heap().put("server", server);
                    int port = server.port();
                    Session.builder()
                            .heap(new HashMap<String, Object>())
                            .on("_start", c -> c.<Map<String, Object>>heap().put("sf", SocketFactory.builder()
                                    .remoteAddress("127.0.0.1").remotePort(port)
                                    .successEvent("up").failureEvent("failed").create(c.kernel())))
                            .on("up", c -> {
                                Map<String, Object> h = c.heap();
                                ((SocketFactory) h.remove("sf")).close();
                                ReadWrite rw = ReadWrite.builder().handle((SocketChannel) c.arg(0))
                                        .inputEvent("in").errorEvent("err").flushedEvent("flushed")
                                        .create(c.kernel());
                                h.put("rw", rw);
                                rw.put("hello", "world");
                            })
                            .on("flushed", c -> log.add("client flushed"))
                            .on("in", c -> {
                                log.add("client got " + c.arg(0));
                                if ("world".equals(c.arg(0))) {
                                    ((ReadWrite) c.<Map<String, Object>>heap().remove("rw")).close();
                                }
                            })
                            .on("err", c -> log.add("client err " + c.args()))
                            .on("failed", c -> log.add("client failed " + c.args()))
                            .create(ev.kernel());
                })
                .on("accepted", ev -> {
                    ((SocketFactory) ev.<Map<String, Object>>heap().remove("server")).close();
                    Session.builder()
                            .heap(new HashMap<String, Object>())
                            .args((Object) ev.arg(0))
                            .on("_start", c -> c.<Map<String, Object>>heap().put("rw", ReadWrite.builder()
                                    .handle((SocketChannel) c.arg(0)).inputEvent("in").errorEvent("err")
                                    .create(c.kernel())))
                            .on("in", c -> ((ReadWrite) c.<Map<String, Object>>heap().get("rw")).put(c.arg(0)))
                            .on("err", c -> {
                                log.add("server err " + c.arg(0) + " " + c.arg(1));
                                ((ReadWrite) c.<Map<String, Object>>heap().remove("rw")).close();
                            })
                            .create(ev.kernel());
                })
                .on("failed", ev -> log.add("server failed " + ev.args()))
                .create(ctx.kernel());
        ctx.drive();
        assertEquals(List.of("client flushed", "client got hello", "client got world", "server err read 0"), log);
    }
}
