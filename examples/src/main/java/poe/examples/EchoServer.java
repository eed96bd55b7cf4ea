package poe.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

import poe.EventContext;
import poe.Kernel;
import poe.Session;

/**
 * A TCP echo server written on raw watchers ({@code selectRead}/{@code selectWrite}): one
 * session listens, one session per connection echoes what it reads. By default a demo
 * client connects, sends a few lines, prints the echoes and shuts the server down; with
 * {@code --serve} it keeps serving (try {@code nc 127.0.0.1 PORT}).
 *
 * <pre>{@code
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.EchoServer
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=poe.examples.EchoServer -Dexec.args="--serve 7007"
 * }</pre>
 */
public final class EchoServer {

    /** Output a peer can make us buffer before we stop reading from it. */
    static final int MAX_PENDING_OUTPUT = 1 << 20;

    private EchoServer() {
    }

    /** Runs the example. */
    public static void main(String[] args) throws IOException {
        boolean serve = args.length > 0 && "--serve".equals(args[0]);
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Kernel kernel = Kernel.create();
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", port));
        int bound = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        startServer(kernel, listener);
        System.out.println("echo server on 127.0.0.1:" + bound);
        if (!serve) {
            startDemoClient(kernel, bound, List.of("hello", "POE for Java", "bye"));
        }
        kernel.run();
        kernel.close();
    }

    /** The listening session: accepts connections and starts a session for each. */
    static Session startServer(Kernel kernel, ServerSocketChannel listener) {
        return Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet("echo-server");
                    ev.kernel().selectRead(listener, "accept");
                })
                .on("accept", ev -> {
                    SocketChannel client = listener.accept();
                    if (client != null) {
                        startConnection(ev.kernel(), client);
                    }
                })
                .on("shutdown", ev -> {
                    ev.kernel().selectRead(listener);
                    ev.kernel().aliasRemove("echo-server");
                    listener.close();
                })
                .create(kernel);
    }

    /** One connection: reads, queues, writes back; pauses reading while too much is queued. */
    static void startConnection(Kernel kernel, SocketChannel channel) {
        ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
        int[] pending = {0};
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().selectRead(channel, "read");
                    ev.kernel().selectWrite(channel, "write");
                    ev.kernel().selectPauseWrite(channel);
                })
                .on("read", ev -> {
                    ByteBuffer buf = ByteBuffer.allocate(4096);
                    int n = channel.read(buf);
                    if (n < 0) {
                        close(ev, channel);
                        return;
                    }
                    buf.flip();
                    output.add(buf);
                    pending[0] += buf.remaining();
                    ev.kernel().selectResumeWrite(channel);
                    if (pending[0] > MAX_PENDING_OUTPUT) {
                        ev.kernel().selectPauseRead(channel);
                    }
                })
                .on("write", ev -> {
                    while (!output.isEmpty()) {
                        ByteBuffer head = output.peek();
                        pending[0] -= channel.write(head);
                        if (head.hasRemaining()) {
                            return;
                        }
                        output.poll();
                    }
                    ev.kernel().selectPauseWrite(channel);
                    ev.kernel().selectResumeRead(channel);
                })
                .create(kernel);
    }

    private static void close(EventContext ev, SocketChannel channel) throws IOException {
        ev.kernel().select(channel, null, null);
        channel.close();
    }

    /** A client that sends lines, prints what comes back, then shuts the server down. */
    static void startDemoClient(Kernel kernel, int port, List<String> lines) {
        String expected = String.join("\n", lines) + "\n";
        StringBuilder received = new StringBuilder();
        Session.builder()
                .on("_start", ev -> {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.connect(new InetSocketAddress("127.0.0.1", port));
                    ev.<java.util.Map<String, Object>>heap().put("channel", channel);
                    ev.kernel().selectWrite(channel, "connected");
                })
                .on("connected", ev -> {
                    SocketChannel channel = ev.arg(0);
                    channel.finishConnect();
                    ev.kernel().selectWrite(channel);
                    channel.write(ByteBuffer.wrap(expected.getBytes(StandardCharsets.UTF_8)));
                    ev.kernel().selectRead(channel, "echo");
                })
                .on("echo", ev -> {
                    SocketChannel channel = ev.arg(0);
                    ByteBuffer buf = ByteBuffer.allocate(4096);
                    int n = channel.read(buf);
                    if (n > 0) {
                        received.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                        System.out.print("echoed: " + new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                    }
                    if (n < 0 || received.length() >= expected.length()) {
                        ev.kernel().selectRead(channel);
                        channel.close();
                        ev.kernel().post("echo-server", "shutdown");
                    }
                })
                .create(kernel);
    }
}
