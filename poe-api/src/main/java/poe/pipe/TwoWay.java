package poe.pipe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A two-way pipe (POE::Pipe::TwoWay): two connected sockets; what one end writes, the
 * other reads, both ways. A UNIX-domain socket pair where the platform has them, else a
 * loopback TCP pair. Both ends are non-blocking.
 *
 * <pre>{@code
 * TwoWay pair = TwoWay.open();
 * pair.a().write(ByteBuffer.wrap("ping".getBytes(US_ASCII)));   // pair.b() reads "ping"
 * }</pre>
 *
 * @param a one end
 * @param b the other end
 */
public record TwoWay(SocketChannel a, SocketChannel b) implements AutoCloseable {

    /**
     * Opens a connected pair.
     *
     * @return the pair
     * @throws IOException if no pair could be made
     */
    public static TwoWay open() throws IOException {
        TwoWay pair;
        try {
            pair = unixPair();
        } catch (IOException | UnsupportedOperationException e) {
            pair = tcpPair();
        }
        pair.a.configureBlocking(false);
        pair.b.configureBlocking(false);
        return pair;
    }

    private static TwoWay unixPair() throws IOException {
        Path dir = Files.createTempDirectory("poe-pipe");
        Path path = dir.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path), 1);
            return connect(server, UnixDomainSocketAddress.of(path), StandardProtocolFamily.UNIX);
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        }
    }

    private static TwoWay tcpPair() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            return connect(server, server.getLocalAddress(), StandardProtocolFamily.INET);
        }
    }

    private static TwoWay connect(ServerSocketChannel server, java.net.SocketAddress address,
                                  StandardProtocolFamily family) throws IOException {
        SocketChannel a = SocketChannel.open(family);
        try {
            a.connect(address);
            SocketChannel b = server.accept();
            return new TwoWay(a, b);
        } catch (IOException e) {
            a.close();
            throw e;
        }
    }

    /** Closes both ends. */
    @Override
    public void close() throws IOException {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
