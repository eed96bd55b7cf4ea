package poe.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import poe.Kernel;

/** The chat server with plain socket clients, as nc or telnet users would be. */
class ChatServerTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private Kernel kernel;
    private int port;
    private CompletableFuture<Integer> status;

    private void start(String... args) throws Exception {
        CompletableFuture<Object[]> started = new CompletableFuture<>();
        status = CompletableFuture.supplyAsync(() -> ChatServer.run(args,
                new PrintStream(printed, true, StandardCharsets.UTF_8),
                (k, p) -> started.complete(new Object[] {k, p})));
        Object[] s = started.get(30, TimeUnit.SECONDS);
        kernel = (Kernel) s[0];
        port = (Integer) s[1];
    }

    @AfterEach
    void stop() throws Exception {
        if (kernel != null) {
            kernel.signal(kernel, "INT");              // as ^C: every user is told and disconnected
            assertEquals(0, status.get(60, TimeUnit.SECONDS), printed.toString(StandardCharsets.UTF_8));
        }
    }

    /** One user: a socket, and lines read with a generous timeout. */
    private final class User implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        User(String nick) throws IOException {
            this(nick, 0);
        }

        User(String nick, int receiveBuffer) throws IOException {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(30_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            expect("Welcome to the chat. Your nickname?");
            if (nick != null) {
                send(nick);
                expect("Hello " + nick + ".");
            }
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads lines until one starts with the prefix; fails on end of input or timeout. */
        String expect(String prefix) throws IOException {
            StringBuilder skipped = new StringBuilder();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    fail("end of input while waiting for '" + prefix + "'; skipped: " + skipped);
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
                skipped.append(line).append(" | ");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    @Timeout(120)
    void nicknamesBroadcastPrivateMessagesRenamesWhoAndQuit() throws Exception {
        start();
        try (User alice = new User("alice"); User bob = new User("bob"); User carol = new User("carol")) {
            alice.expect("* bob has joined");
            alice.expect("* carol has joined");
            bob.expect("* carol has joined");

            User dup = new User(null);
            dup.send("Alice");
            dup.expect("* Alice is taken.");
            dup.send("bad nick!");
            dup.expect("* a nickname is");
            dup.send("dave");
            assertTrue(dup.expect("Hello dave.").contains("alice, bob, carol"));
            alice.expect("* dave has joined");

            bob.send("hi all");
            assertEquals("<bob> hi all", alice.expect("<bob>"));
            assertEquals("<bob> hi all", carol.expect("<"));

            bob.send("/msg alice just for you");
            assertEquals("(to alice) just for you", bob.expect("(to"));
            assertEquals("*bob* just for you", alice.expect("*bob*"));
            bob.send("/msg nobody hello");
            bob.expect("* no such user: nobody");
            bob.send("everyone again");
            assertEquals("<bob> everyone again", carol.expect("<"));  // carol never saw the private one

            bob.send("/nick robert");
            bob.expect("* you are now robert");
            assertEquals("* bob is now known as robert", alice.expect("* bob is"));
            carol.send("/who");
            assertEquals("* here: alice, carol, dave, robert", carol.expect("* here:"));

            carol.send("/quit");
            carol.expect("* bye");
            assertNull(carol.in.readLine(), "the server closes after /quit");
            alice.expect("* carol has left");

            dup.socket.setSoLinger(true, 0);
            dup.close();                                     // vanishes with a reset
            alice.expect("* dave has left");
            robertStillChats(bob, alice);
        }
    }

    private static void robertStillChats(User bob, User alice) throws IOException {
        bob.send("still here");
        assertEquals("<robert> still here", alice.expect("<robert>"));
    }

    @Test
    @Timeout(180)
    void aUserWhoNeverReadsIsDroppedWhileTheOthersKeepChatting() throws Exception {
        start("--max-queue", "65536");
        try (User alice = new User("alice"); User bob = new User("bob"); User slow = new User("slow", 4096)) {
            alice.expect("* slow has joined");
            bob.expect("* slow has joined");
            // slow reads nothing from now on; alice talks, bob reads everything in order
            String filler = "x".repeat(1000);
            Semaphore window = new Semaphore(32);            // alice stays at most 32 lines ahead of bob
            AtomicBoolean dropped = new AtomicBoolean();
            AtomicInteger received = new AtomicInteger();
            AtomicReference<String> problem = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    while (!dropped.get()) {
                        String line = bob.in.readLine();
                        if (line == null) {
                            problem.set("bob got end of input");
                            return;
                        }
                        if (line.equals("* slow was dropped (not reading)")) {
                            dropped.set(true);
                        } else if (line.equals("<alice> " + received.get() + " " + filler)) {
                            received.incrementAndGet();
                            window.release();
                        } else {
                            problem.set("bob got, after " + received.get() + " lines: " + line);
                            return;
                        }
                    }
                } catch (IOException e) {
                    problem.set("bob: " + e);
                } finally {
                    window.release(1000);
                }
            });
            reader.start();
            int sent = 0;
            while (!dropped.get() && problem.get() == null && sent < 200_000) {
                if (window.tryAcquire(30, TimeUnit.SECONDS)) {
                    if (!dropped.get() && problem.get() == null) {
                        alice.send(sent++ + " " + filler);
                    }
                } else {
                    fail("bob received nothing for 30 s after " + received.get() + " lines");
                }
            }
            reader.join(60_000);
            assertNull(problem.get());
            assertTrue(dropped.get(), "slow was never dropped after " + sent + " lines");
            assertTrue(received.get() >= 64, "slow was dropped after only " + received.get() + " lines");
            // the room carries on without slow
            alice.send("/who");
            assertEquals("* here: alice, bob", alice.expect("* here:"));
            alice.send("after the drop");
            assertTrue(bob.expect("<alice> after").endsWith("after the drop"));
            // slow's connection is closed: what it still reads ends
            long drained = 0;
            try {
                while (slow.in.read() >= 0) {
                    drained++;
                }
            } catch (SocketException | SocketTimeoutException e) {
                fail("slow's connection was not closed: " + e + " after " + drained + " chars");
            }
            assertTrue(printed.toString(StandardCharsets.UTF_8).contains("slow dropped"));
        }
    }
}
