package poe.compat.wheels;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import poe.EventContext;
import poe.Session;
import poe.SessionBuilder;
import poe.driver.Driver;
import poe.driver.SysRW;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/**
 * The round trip of wheel_sf_tcp and wheel_sf_unix: a client SocketFactory connects, is
 * dropped for a ReadWrite (SysRW with BlockSize 10, Line filter) that puts
 * {@code "1: this is a test"}; the server's connection rot13s each line back; the client
 * answers {@code "2: "} plus the rest and drops its wheel on the {@code "2: "} reply. What
 * happens is recorded here and asserted by the tests after the kernel stopped.
 */
final class Rot13RoundTrip {

    static final String FIRST = "1: this is a test";

    static String rot13(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            if (ch >= 'a' && ch <= 'z') {
                sb.append((char) ('a' + (ch - 'a' + 13) % 26));
            } else if (ch >= 'A' && ch <= 'Z') {
                sb.append((char) ('A' + (ch - 'A' + 13) % 26));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** SysRW with a block size, recording the size of each non-empty read. */
    static final class RecordingDriver implements Driver {
        final SysRW inner;
        final List<Integer> reads = new ArrayList<>();

        RecordingDriver(int blockSize) {
            inner = new SysRW(blockSize);
        }

        @Override
        public List<byte[]> get(ReadableByteChannel channel) throws IOException {
            List<byte[]> got = inner.get(channel);
            for (byte[] chunk : got) {
                reads.add(chunk.length);
            }
            return got;
        }

        @Override
        public long put(List<byte[]> chunks) {
            return inner.put(chunks);
        }

        @Override
        public long flush(WritableByteChannel channel) throws IOException {
            return inner.flush(channel);
        }

        @Override
        public long getOutOctets() {
            return inner.getOutOctets();
        }

        @Override
        public int getOutMessages() {
            return inner.getOutMessages();
        }
    }

    // ------------------------------------------------------------------ the server's side

    final RecordingDriver serverDriver = new RecordingDriver(10);
    final List<String> serverLines = new ArrayList<>();
    /** The server connection's ErrorEvent: operation, errno, wheel ID matched. */
    final List<String> serverErrors = new ArrayList<>();
    int serverPuts = -1;
    int serverFlushes = -1;

    /** The hooks of the server's connection session (POE's sss_*). */
    void serverHooks(LineServer server) {
        server.driver = () -> serverDriver;
        server.hooks.input = (ev, c) -> {
            String line = ev.arg(ReadWrite.ARG_INPUT);
            serverLines.add(line);
            c.put(rot13(line));
        };
        server.hooks.error = (ev, c) -> serverErrors.add(ev.arg(ReadWrite.ARG_OPERATION) + " "
                + ev.arg(ReadWrite.ARG_ERRNO) + " wheel " + (c.wheel.id() == (long) ev.arg(ReadWrite.ARG_ERROR_WHEEL_ID)));
        server.hooks.disconnected = (ev, c) -> {
            serverPuts = c.puts;
            serverFlushes = c.flushes;
        };
    }

    // ------------------------------------------------------------------ the client

    final RecordingDriver clientDriver = new RecordingDriver(10);
    /** SuccessEvent: socket class and connected, address, port, wheel ID matched. */
    final List<Object> clientSuccess = new ArrayList<>();
    boolean socketOpenAfterDrop;
    long octetsAfterPut = -1;
    int messagesAfterPut = -1;
    final List<String> clientLines = new ArrayList<>();
    String received;
    /** Errors and failures of either client wheel, by which wheel. */
    final List<String> clientErrors = new ArrayList<>();
    int clientPuts;
    int clientFlushes;
    boolean clientStopped;

    /**
     * The client session (POE's client_*_start and friends).
     *
     * @param factory the SocketFactory builder to connect with (events set here)
     * @param onStop  run in the client's {@code _stop}
     */
    SessionBuilder client(Supplier<SocketFactory.Builder> factory, Consumer<EventContext> onStop) {
        long[] ids = {-1, -1};                                         // factory, readwrite
        Object[] wheel = new Object[1];
        return Session.builder()
                .on("_start", ev -> {
                    SocketFactory sf = factory.get().successEvent("got_server").failureEvent("got_error")
                            .create(ev.kernel());
                    ids[0] = sf.id();
                    wheel[0] = sf;
                })
                .on("got_server", ev -> {
                    SocketChannel socket = ev.arg(SocketFactory.ARG_SOCKET);
                    clientSuccess.add(socket.isConnected());
                    clientSuccess.add(ev.arg(SocketFactory.ARG_ADDRESS));
                    clientSuccess.add(ev.arg(SocketFactory.ARG_PORT));
                    clientSuccess.add((long) ev.arg(SocketFactory.ARG_SUCCESS_WHEEL_ID) == ids[0]);
                    ((SocketFactory) wheel[0]).close();                  // drop the factory ...
                    socketOpenAfterDrop = socket.isOpen() && socket.isConnected();   // ... not the socket
                    ReadWrite rw = ReadWrite.builder().handle(socket).driver(clientDriver)
                            .inputEvent("got_line").errorEvent("got_error").flushedEvent("got_flush")
                            .create(ev.kernel());
                    ids[1] = rw.id();
                    wheel[0] = rw;
                    clientPuts = 1;
                    rw.put(FIRST);
                    octetsAfterPut = rw.getDriverOutOctets();
                    messagesAfterPut = rw.getDriverOutMessages();
                })
                .on("got_line", ev -> {
                    String line = ev.arg(ReadWrite.ARG_INPUT);
                    clientLines.add(line);
                    if (line.startsWith("1: ")) {
                        clientPuts++;
                        ((ReadWrite) wheel[0]).put("2: " + line.substring(3));
                    } else if (line.startsWith("2: ")) {
                        received = line.substring(3);
                        ((ReadWrite) wheel[0]).close();
                    }
                })
                .on("got_error", ev -> {
                    long id = ev.arg(SocketFactory.ARG_FAILURE_WHEEL_ID);      // ARG3 for both wheels
                    String which = id == ids[0] ? "factory" : id == ids[1] ? "readwrite" : "wheel " + id;
                    clientErrors.add(which + ": " + ev.arg(0) + " " + ev.arg(1) + " " + ev.arg(2));
                    ((poe.wheel.Wheel) wheel[0]).close();
                })
                .on("got_flush", ev -> clientFlushes++)
                .on("_stop", ev -> {
                    clientStopped = true;
                    onStop.accept(ev);
                });
    }
}
