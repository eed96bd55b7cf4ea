package poe.compat.wheels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Running out of descriptors while accepting (issue 15, "Reliability"): a child JVM with
 * {@code ulimit -n 200} serves on SocketFactory; 400 connections exhaust its descriptors.
 * It reports EMFILE as a FailureEvent, backs off instead of spinning on the ready listener
 * (a handful of failures, not thousands), and serves again once descriptors are free.
 * Runs on the select loop in a child process: the limit must not touch the build's JVM.
 */
class WheelDescriptorExhaustionTest {

    @Test
    @Timeout(180)
    void emfileIsReportedAndTheServerRecoversWithoutSpinning() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh and ulimit (POSIX)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "ulimit -n 200 && exec \"$0\" -cp \"$1\" "
                + EmfileChildMain.class.getName(), java, System.getProperty("java.class.path"));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = pb.start();
        List<Socket> flood = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("port "), "the child's first line: " + first);
            int port = Integer.parseInt(first.substring(5));
            try (Socket s = new Socket("127.0.0.1", port)) {      // a first round loads the classes it needs
                s.setSoTimeout(60_000);
                s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                String pong = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertEquals("pong after 0 accept failures", pong);
            }
            for (int i = 0; i < 400; i++) {                       // more than the child can hold
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                flood.add(s);
            }
            String failure = out.readLine();
            assertTrue(failure != null && failure.startsWith("failure accept EMFILE"), "reported: " + failure);
            Thread.sleep(1000);                                   // let it sit in EMFILE for a second
            for (Socket s : flood) {
                s.close();
            }
            flood.clear();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                s.setSoTimeout(60_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
                String pong = in.readLine();
                assertTrue(pong != null && pong.startsWith("pong after "), "served again: " + pong);
                s.getOutputStream().write("quit\n".getBytes(StandardCharsets.UTF_8));
            }
            String last = out.readLine();
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the child did not stop within 60 s of quit; its threads:\n"
                        + poe.compat.ChildJvmDump.threads(child.pid()));
            }
            assertEquals(0, child.exitValue());
            assertTrue(last != null && last.startsWith("accept failures "), last);
            int failures = Integer.parseInt(last.substring("accept failures ".length()));
            assertTrue(failures >= 1 && failures < 200, "backed off rather than spun: " + failures + " failures");
        } finally {
            for (Socket s : flood) {
                closeQuietly(s);
            }
            child.destroyForcibly();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing in cleanup
        }
    }
}
