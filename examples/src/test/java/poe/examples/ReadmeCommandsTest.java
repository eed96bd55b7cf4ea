package poe.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every command a newcomer is told to paste from README.md works as written: the two at
 * the top of the page (except {@code ./run-tests.sh}, which runs this test) and the "run"
 * column of the Examples table. The commands are read from README.md as it stands and run
 * verbatim with {@code bash -c} from the repository's root, one Maven invocation each, with
 * a timeout:
 * <ul>
 *   <li>programs that end: exit status 0 and the output they are known for;</li>
 *   <li>servers: once they say they listen, one request gets its answer, then the process
 *       tree is stopped;</li>
 *   <li>GUI programs (need a display: {@code run-tests.sh} runs under Xvfb): their
 *       "window shown: TITLE" line, printed once the window is up, then the process tree is
 *       stopped.</li>
 * </ul>
 * A row for a program this test does not know fails: add its expectation to {@link #EXPECT}.
 * Set {@code MAVEN_ARGS=-o} in the environment to keep the nested builds offline; skip the
 * whole test with {@code -Dpoe.readme.skip=true}, or run only the rows whose program contains a
 * text with {@code -Dpoe.readme.only=TEXT}. Terminal programs run on a pseudo-terminal
 * ({@link RunningProgram#onPty}): a user types at them once the screen shows what they wait for.
 */
class ReadmeCommandsTest {

    private static final long TIMEOUT_SECONDS = 300;

    /** What a program does when it works. */
    private record Expect(Kind kind, String line) {
    }

    private enum Kind {
        /** Ends by itself with status 0 after printing the line. */
        ENDS,
        /** Prints the line once it listens; {@link #probe} then checks an answer. */
        SERVES,
        /** Prints the line once its window is up. */
        WINDOW,
        /** Prints the line and keeps running until stopped (a follower). */
        KEEPS,
        /** Runs on a terminal: {@link #converse} types into a pty and reads the screen. */
        TERMINAL
    }

    /** By the Examples table's first column (or "main demo" for the page's first command). */
    private static final Map<String, Expect> EXPECT = Map.ofEntries(
            Map.entry("main demo", new Expect(Kind.ENDS, "all 3 sessions finished")),
            Map.entry("poe.examples.Counting", new Expect(Kind.ENDS, "all 3 sessions finished")),
            Map.entry("poe.examples.HelloWorld", new Expect(Kind.ENDS, "kernel returned; bye")),
            Map.entry("poe.examples.HelloWorldShort", new Expect(Kind.ENDS, "Hello, world!")),
            Map.entry("poe.examples.Timers", new Expect(Kind.ENDS, "moved timer fired")),
            Map.entry("poe.examples.TrafficLight", new Expect(Kind.ENDS, "off after 3 cycles")),
            Map.entry("poe.examples.EchoServer", new Expect(Kind.ENDS, "all echoed in order")),
            Map.entry("poe.examples.EchoServer --serve", new Expect(Kind.SERVES, "echo server on 127.0.0.1:")),
            Map.entry("poe.examples.TcpEchoServer", new Expect(Kind.SERVES, "echo server on 127.0.0.1:")),
            Map.entry("poe.examples.ChatServer", new Expect(Kind.SERVES, "chat server on ")),
            Map.entry("poe.examples.TcpForwarder", new Expect(Kind.SERVES, "forwarding ")),
            Map.entry("poe.examples.TcpForwarderWheels", new Expect(Kind.SERVES, "forwarding ")),
            Map.entry("poe.examples.HttpServer", new Expect(Kind.SERVES, "HTTP server on http://")),
            Map.entry("poe.examples.vertx.VertxHttpEndpoint", new Expect(Kind.SERVES, "POE behind Vert.x")),
            Map.entry("poe.examples.WorkerPool", new Expect(Kind.ENDS, "jobs on 3 workers in")),
            Map.entry("poe.examples.ChatClient", new Expect(Kind.TERMINAL, "connected")),
            Map.entry("poe.examples.ChatServer --console", new Expect(Kind.TERMINAL, "chat> ")),
            Map.entry("poe.examples.Dashboard", new Expect(Kind.TERMINAL, "POE dashboard")),
            Map.entry("poe.examples.LogFollower", new Expect(Kind.KEEPS, "[README.md] # POE for Java")),
            Map.entry("poe.cluster.examples.DistributedWorkerPool", new Expect(Kind.ENDS, "controller: all 12 of 12 jobs done")),
            Map.entry("poe.examples.javafx.Stopwatches", new Expect(Kind.WINDOW, "window shown: POE stopwatches")),
            Map.entry("poe.examples.swt.SwtExample", new Expect(Kind.WINDOW, "window shown: POE on SWT")));

    @TestFactory
    Stream<DynamicTest> everyReadmeCommandWorksVerbatim() throws IOException {
        Assumptions.assumeFalse(Boolean.getBoolean("poe.readme.skip"), "-Dpoe.readme.skip=true");
        Path root = repositoryRoot();
        Map<String, String> commands = readmeCommands(Files.readString(root.resolve("README.md")));
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        String only = System.getProperty("poe.readme.only", "");
        commands.forEach((program, command) -> {
            if (!program.contains(only)) {
                return;
            }
            String same = seen.putIfAbsent(command, program);
            if (same != null) {
                return; // the main demo is also the Counting row: run once
            }
            tests.add(DynamicTest.dynamicTest(program + ": " + command, () -> run(root, program, command)));
        });
        return tests.stream();
    }

    /** The parser itself, on a small README: so a reformatted table fails loudly rather than testing nothing. */
    @org.junit.jupiter.api.Test
    void theReadmeParserFindsEveryCommand() throws IOException {
        Map<String, String> commands = readmeCommands(Files.readString(repositoryRoot().resolve("README.md")));
        assertEquals("./mvnw -q -pl examples -am compile exec:java", commands.get("main demo"));
        assertTrue(commands.size() >= 10, "found only " + commands);
        for (Map.Entry<String, String> entry : commands.entrySet()) {
            assertTrue(entry.getValue().startsWith("./mvnw "), "not a complete command: " + entry);
            assertTrue(EXPECT.containsKey(entry.getKey()), "README.md documents " + entry.getKey()
                    + ", which ReadmeCommandsTest does not know: add what it prints to EXPECT");
        }
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("mvnw")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no README.md and mvnw above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /**
     * The page's first shell block (its first line is the main demo) and the Examples
     * table's "run" column, by program.
     */
    static Map<String, String> readmeCommands(String readme) {
        Map<String, String> commands = new LinkedHashMap<>();
        int block = readme.indexOf("```sh\n");
        int end = readme.indexOf("```", block + 6);
        boolean first = true;
        for (String line : readme.substring(block + 6, end).split("\n")) {
            String command = line.replaceFirst("\\s+#.*$", "").strip();
            if (command.isEmpty() || command.startsWith("./run-tests.sh")) {
                continue;
            }
            commands.put(first ? "main demo" : command, command);
            first = false;
        }
        int examples = readme.indexOf("\n## Examples");
        int next = readme.indexOf("\n## ", examples + 1);
        for (String line : readme.substring(examples, next < 0 ? readme.length() : next).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split(" \\| ");
            Matcher program = CODE.matcher(cells[0]);
            Matcher command = CODE.matcher(cells[cells.length - 1]);
            if (program.find() && command.find()) {
                commands.put(program.group(1), command.group(1));
            }
        }
        return commands;
    }

    private static void run(Path root, String programName, String command) throws Exception {
        Expect expect = EXPECT.get(programName);
        if (expect == null) {
            fail("README.md documents " + programName + ", which ReadmeCommandsTest does not know: add it to EXPECT");
        }
        if (expect.kind() == Kind.WINDOW) {
            Assumptions.assumeTrue(System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null,
                    "a GUI example needs a display: run under xvfb-run -a (run-tests.sh does)");
        }
        if (expect.kind() == Kind.TERMINAL) {
            converse(root, programName, command);
            return;
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(root.toFile());
        builder.environment().put("NO_AT_BRIDGE", "1");
        try (RunningProgram program = RunningProgram.onPipes(builder)) {
            if (expect.kind() == Kind.ENDS) {
                int status = program.waitFor(TIMEOUT_SECONDS);
                assertTrue(status != -1, command + "\n did not end within " + TIMEOUT_SECONDS + " s; output:\n"
                        + program.text());
                assertEquals(0, status, command + "\n failed; output:\n" + program.text());
                assertTrue(program.text().contains(expect.line()),
                        command + "\n did not print '" + expect.line() + "'; output:\n" + program.text());
                return;
            }
            program.await("'" + expect.line() + "' from " + command, t -> t.contains(expect.line()), TIMEOUT_SECONDS);
            if (expect.kind() == Kind.SERVES) {
                probe(programName, program.text());
            }
            assertTrue(program.isAlive(), command + "\n ended on its own; output:\n" + program.text());
        }
    }

    /** A terminal example, run verbatim on a pseudo-terminal, with a user typing at it. */
    private static void converse(Path root, String program, String command) throws Exception {
        if (program.equals("poe.examples.ChatClient")) {
            chatClient(root, command);
        } else if (program.equals("poe.examples.ChatServer --console")) {
            serverConsole(root, command);
        } else if (program.equals("poe.examples.Dashboard")) {
            dashboard(root, command);
        } else {
            fail("no conversation for the terminal example " + program);
        }
    }

    /**
     * ChatClient against a ChatServer on port 7070 (the README's): the user answers the
     * nickname question, another user (a socket) says hello and it is printed above the
     * prompt, then {@code /quit} ends the client with status 0.
     */
    private static void chatClient(Path root, String command) throws Exception {
        java.util.concurrent.CompletableFuture<poe.Kernel> server = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Integer> status = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> ChatServer.run(new String[] {"--port", "7070"},
                        new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                        (kernel, port) -> server.complete(kernel)));
        poe.Kernel kernel = server.get(60, TimeUnit.SECONDS);
        try (RunningProgram user = RunningProgram.onPty(root, "bash", "-c", command)) {
            user.await("the nickname question at the prompt", t -> t.contains("Your nickname?") && t.endsWith("> "),
                    TIMEOUT_SECONDS);
            user.type("readme\r");
            user.await("the welcome at the prompt", t -> t.contains("Commands: /msg") && t.endsWith("> "), 60);
            try (Socket bob = new Socket()) {
                bob.connect(new InetSocketAddress("127.0.0.1", 7070), 10_000);
                bob.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(bob.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = bob.getOutputStream();
                in.readLine();                                           // the nickname question
                out.write("bob\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                user.await("bob's arrival", t -> t.contains("* bob has joined") && t.endsWith("> "), 60);
                user.type("hi bo");                                      // half a line when bob speaks
                user.await("the half line", t -> t.endsWith("> hi bo"), 60);
                out.write("hello from bob\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                user.await("bob's line above the prompt and the half line", t -> t.contains("<bob> hello from bob")
                        && t.endsWith("> hi bo"), 60);
                user.type("b\r");
                assertEquals("<readme> hi bob", readUntil(in, "<readme>"));
                user.await("the prompt", t -> t.endsWith("> "), 60);
                user.type("/quit\r");
                user.await("bye", t -> t.contains("bye"), 120);
                assertEquals(0, user.waitFor(120), "the client's exit status; the terminal showed:\n" + user.text());
            }
        } finally {
            kernel.signal(kernel, "INT");
            status.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Dashboard: the table comes up with worker-1 selected, its figures are drawn again by the
     * timers before any key (new digits on the terminal), Down selects worker-2, q quits with
     * status 0. Lanterna moves the cursor over blanks instead of writing them, so the text is
     * compared without blanks.
     */
    private static void dashboard(Path root, String command) throws Exception {
        try (RunningProgram user = RunningProgram.onPty(root, "bash", "-c", command)) {
            user.await("the table", t -> solid(t).contains("POEdashboard:4workers") && solid(t).contains(">worker-1"),
                    TIMEOUT_SECONDS);
            int drawn = user.text().length();
            user.await("the timers' redraw of the figures (no key typed yet)",
                    t -> t.length() > drawn && t.substring(drawn).chars().anyMatch(Character::isDigit), 60);
            int before = solid(user.text()).length();
            user.type("\033[B");                                      // Down
            user.await("worker-2 selected", t -> solid(t).indexOf(">worker-2", before) >= 0, 60);
            user.type("q");
            user.await("the summary", t -> t.contains("dashboard closed: "), 120);
            assertEquals(0, user.waitFor(120), "the dashboard's exit status; the terminal showed:\n" + user.text());
        }
    }

    /** The chat server's console: a user joins (logged above the prompt), clients, kick, status, quit with status 0. */
    private static void serverConsole(Path root, String command) throws Exception {
        try (RunningProgram user = RunningProgram.onPty(root, "bash", "-c", command)) {
            user.await("the console's prompt", t -> t.contains("chat server on 127.0.0.1:7071") && t.endsWith("chat> "),
                    TIMEOUT_SECONDS);
            try (Socket bob = new Socket()) {
                bob.connect(new InetSocketAddress("127.0.0.1", 7071), 10_000);
                bob.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(bob.getInputStream(), StandardCharsets.UTF_8));
                in.readLine();                                           // the nickname question
                bob.getOutputStream().write("bob\n".getBytes(StandardCharsets.UTF_8));
                bob.getOutputStream().flush();
                user.await("bob's arrival in the log", t -> t.contains("bob joined from") && t.endsWith("chat> "), 60);
                int before = user.text().length();
                user.type("clients\r");
                user.await("the clients", t -> t.indexOf("\nbob\n", before) >= 0 && t.endsWith("chat> "), 60);
                user.type("kick bob\r");
                assertEquals("* you were kicked by the operator", readUntil(in, "* you were kicked"));
                user.await("the kick", t -> t.contains("kicked bob") && t.endsWith("chat> "), 60);
            }
            user.type("status\r");
            user.await("the status", t -> t.contains("users: 0 named") && t.endsWith("chat> "), 60);
            user.type("quit\r");
            assertEquals(0, user.waitFor(120), "the server's exit status; the terminal showed:\n" + user.text());
        }
    }

    private static String solid(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static String readUntil(BufferedReader in, String prefix) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    /** One request to a server example, which must answer it (a forwarder: accept the connection). */
    private static void probe(String program, String output) throws Exception {
        if (program.contains("EchoServer")) {
            try (Socket socket = connect(output, "echo server on 127\\.0\\.0\\.1:(\\d+)")) {
                OutputStream out = socket.getOutputStream();
                out.write("hello from the README test\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                assertTrue(answer != null && answer.contains("hello from the README test"),
                        "the echo server answered " + answer);
            }
        } else if (program.contains("ChatServer")) {
            try (Socket socket = connect(output, "chat server on [^:]+:(\\d+)")) {
                String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                assertTrue(greeting != null && !greeting.isEmpty(), "the chat server said " + greeting);
            }
        } else if (program.contains("Forwarder")) {
            try (Socket socket = connect(output, "forwarding [^:]+:(\\d+)")) {
                assertTrue(socket.isConnected());
            }
        } else {
            boolean vertx = program.contains("Vertx");
            Matcher url = Pattern.compile(vertx ? "curl (http://\\S+)" : "HTTP server on (http://\\S+/)")
                    .matcher(output);
            assertTrue(url.find(), output);
            String target = vertx ? url.group(1) : url.group(1) + "hello?name=readme";
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains(vertx ? "request #1 for /hello" : "Hello, readme!"), response.body());
        }
    }

    private static Socket connect(String output, String portPattern) throws IOException {
        Matcher port = Pattern.compile(portPattern).matcher(output);
        assertTrue(port.find(), output);
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1))), 10_000);
        socket.setSoTimeout(10_000);
        return socket;
    }
}
