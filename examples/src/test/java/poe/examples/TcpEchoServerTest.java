package poe.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import poe.Kernel;

/** The TcpServer echo server with plain socket clients. */
class TcpEchoServerTest {

    @Test
    @Timeout(120)
    void echoesLinesForManyClientsAndStopsListeningOnInterrupt() throws Exception {
        CompletableFuture<Object[]> started = new CompletableFuture<>();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> TcpEchoServer.run(
                new String[] {"--port", "0"}, new PrintStream(OutputStream.nullOutputStream()),
                (kernel, port) -> started.complete(new Object[] {kernel, port})));
        Object[] server = started.get(30, TimeUnit.SECONDS);
        int port = (Integer) server[1];
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int c = 0; c < 20; c++) {
                sockets.add(new Socket("127.0.0.1", port));
            }
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                lines.append("line ").append(i).append('\n');
            }
            byte[] all = lines.toString().getBytes(StandardCharsets.UTF_8);
            for (Socket s : sockets) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write(all);
            }
            for (Socket s : sockets) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                for (int i = 0; i < 2000; i++) {
                    assertEquals("line " + i, in.readLine());
                }
                s.getOutputStream().write("quit\n".getBytes(StandardCharsets.UTF_8));
                assertNull(in.readLine(), "quit closes the connection");
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        Kernel kernel = (Kernel) server[0];
        kernel.signal(kernel, "INT");
        assertEquals(0, status.get(30, TimeUnit.SECONDS));
    }
}
