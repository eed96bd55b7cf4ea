package poe.compat.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A two-way channel between a "master" and a "slave" end (POE::Pipe::TwoWay): two NIO
 * pipes, or a connected loopback TCP socket pair (then each end reads and writes the
 * same channel).
 */
final class Duplex implements AutoCloseable {

    /** One end: where it reads and where it writes. */
    record End(SelectableChannel read, SelectableChannel write) {
        ReadableByteChannel in() {
            return (ReadableByteChannel) read;
        }

        WritableByteChannel out() {
            return (WritableByteChannel) write;
        }

        void close() {
            try {
                read.close();
                write.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** How the pair is made. */
    enum Kind {
        PIPES, TCP
    }

    final End master;
    final End slave;

    private Duplex(End master, End slave) {
        this.master = master;
        this.slave = slave;
    }

    static Duplex open(Kind kind) {
        try {
            return kind == Kind.PIPES ? pipes() : tcp();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Duplex pipes() throws IOException {
        Pipe down = Pipe.open();
        Pipe up = Pipe.open();
        return new Duplex(new End(up.source(), down.sink()), new End(down.source(), up.sink()));
    }

    static Duplex tcp() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel a = SocketChannel.open(server.getLocalAddress());
            SocketChannel b = server.accept();
            a.socket().setTcpNoDelay(true);
            b.socket().setTcpNoDelay(true);
            return new Duplex(new End(a, a), new End(b, b));
        }
    }

    @Override
    public void close() {
        master.close();
        slave.close();
    }
}
