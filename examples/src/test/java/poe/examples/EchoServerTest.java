package poe.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import poe.Kernel;

/** The echo server example: its self-test under load, and its serving mode with a plain socket client. */
class EchoServerTest {

    @Test
    @Timeout(120)
    void twoHundredClientsOfAThousandLinesEachGetEveryLineBackInOrderDespiteResets() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = EchoServer.run(new String[] {"--clients", "200", "--lines", "1000", "--resets", "20"},
                new PrintStream(printed, true, StandardCharsets.UTF_8), (kernel, port) -> { });
        String out = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.contains("200 clients x 1000 lines: all echoed in order"), out);
    }

    @Test
    @Timeout(60)
    void servingModeEchoesForAnyClientUntilInterrupted() throws Exception {
        CompletableFuture<Object[]> started = new CompletableFuture<>();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> EchoServer.run(
                new String[] {"--serve", "0"}, new PrintStream(OutputStream.nullOutputStream()),
                (kernel, port) -> started.complete(new Object[] {kernel, port})));
        Object[] server = started.get(30, TimeUnit.SECONDS);
        try (Socket socket = new Socket("127.0.0.1", (Integer) server[1])) {
            socket.getOutputStream().write("hello\nworld\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("hello", in.readLine());
            assertEquals("world", in.readLine());
        }
        Kernel kernel = (Kernel) server[0];
        kernel.signal(kernel, "INT");                          // as ^C does: the server stops listening
        assertEquals(0, status.get(30, TimeUnit.SECONDS));
    }
}
