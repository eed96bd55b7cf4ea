package poe.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import poe.driver.SysRW;

/**
 * Switching filters in the middle of a stream without losing bytes: the reader hands the
 * old filter's getPending() to the new one. Bytes move through real channels with the
 * SysRW driver, as a ReadWrite wheel would move them.
 */
class FilterChangeTest {

    /** The four framings the test switches between, and how a text travels in each. */
    enum Mode {
        LINE, STREAM, REFERENCE, BLOCK;

        Filter<byte[], ?> newFilter() {
            switch (this) {
                case LINE:
                    return Line.create();
                case STREAM:
                    return Stream.create();
                case REFERENCE:
                    return Reference.create();
                default:
                    return Block.lengthPrefixed();
            }
        }

        @SuppressWarnings("unchecked")
        List<byte[]> encode(Filter<byte[], ?> filter, String text) {
            Filter<byte[], Object> f = (Filter<byte[], Object>) filter;
            if (this == LINE || this == REFERENCE) {
                return f.put(List.of(text));
            }
            return f.put(List.of(text.getBytes(StandardCharsets.UTF_8)));
        }

        String decode(Object record) {
            return record instanceof byte[] ? new String((byte[]) record, StandardCharsets.UTF_8) : (String) record;
        }

        static Mode named(String name) {
            return valueOf(name.toUpperCase());
        }
    }

    /** A channel with its driver and current filter: a tiny ReadWrite wheel. */
    static final class Endpoint {
        final SocketChannel channel;
        final SysRW driver = new SysRW();
        Mode mode = Mode.LINE;
        Filter<byte[], ?> filter = Line.create();
        boolean done;

        Endpoint(SocketChannel channel) {
            this.channel = channel;
        }

        void send(String text) throws IOException {
            driver.put(mode.encode(filter, text));
            driver.flush(channel);
        }

        void switchTo(Mode next) {
            Filter<byte[], ?> fresh = next.newFilter();
            fresh.getOneStart(filter.getPending());
            filter = fresh;
            mode = next;
        }

        /** Reads what arrived and returns the decoded texts one by one to the handler. */
        void read(Handler handler) throws IOException {
            filter.getOneStart(driver.get(channel));
            for (Optional<?> next = filter.getOne(); next.isPresent(); next = filter.getOne()) {
                handler.handle(mode.decode(next.get()));
            }
        }
    }

    interface Handler {
        void handle(String text) throws IOException;
    }

    private static String rot13(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                c = (char) ('a' + (c - 'a' + 13) % 26);
            } else if (c >= 'A' && c <= 'Z') {
                c = (char) ('A' + (c - 'A' + 13) % 26);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static final List<String> MASTER_SCRIPT = List.of(
            "do line", "rot13 1 kyriel", "do stream", "rot13 2 addi", "do stream", "rot13 3 attyz",
            "do line", "rot13 4 crimson", "do reference", "rot13 5 crysflame", "do reference",
            "rot13 6 dngor", "do line", "rot13 7 freeside", "do block", "rot13 8 halfjack",
            "do block", "rot13 9 lenzo", "do stream", "rot13 10 mendel", "do reference",
            "rot13 11 purl", "do block", "rot13 12 roderick", "do reference", "rot13 13 shizukesa",
            "do stream", "rot13 14 simon", "do block", "rot13 15 sky", "do line", "rot13 16 stimps",
            "done");

    @Test
    void handshakeSwitchesEveryPairOfFiltersOverASocket() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel masterChannel = SocketChannel.open(server.getLocalAddress());
                    SocketChannel slaveChannel = server.accept()) {
                masterChannel.configureBlocking(false);
                slaveChannel.configureBlocking(false);
                Endpoint master = new Endpoint(masterChannel);
                Endpoint slave = new Endpoint(slaveChannel);
                masterChannel.register(selector, SelectionKey.OP_READ, master);
                slaveChannel.register(selector, SelectionKey.OP_READ, slave);

                int[] step = {0};
                List<String> checked = new ArrayList<>();
                Handler slaveHandler = text -> {
                    if (text.startsWith("do ")) {
                        String mode = text.substring(3);
                        slave.send("will " + mode);
                        slave.switchTo(Mode.named(mode));
                    } else if (text.startsWith("rot13 ")) {
                        String[] parts = text.split(" ", 3);
                        slave.send("rot13 " + parts[1] + " " + parts[2] + "=" + rot13(parts[2]));
                    } else if (text.equals("done")) {
                        slave.send("done");
                        slave.done = true;
                    } else {
                        fail("slave got " + text);
                    }
                };
                Handler masterHandler = text -> {
                    if (text.startsWith("will ")) {
                        master.switchTo(Mode.named(text.substring(5)));
                    } else if (text.startsWith("rot13 ")) {
                        String[] parts = text.substring(6).split("[ =]");
                        assertEquals(rot13(parts[1]), parts[2], text);
                        checked.add(parts[0]);
                    } else if (text.equals("done")) {
                        master.done = true;
                        return;
                    } else {
                        fail("master got " + text);
                    }
                    master.send(MASTER_SCRIPT.get(step[0]++));
                };

                master.send(MASTER_SCRIPT.get(step[0]++));
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (!(master.done && slave.done)) {
                    assertTrue(System.nanoTime() < deadline, "handshake stalled at step " + step[0]);
                    selector.select(200);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Endpoint e = (Endpoint) key.attachment();
                        e.read(e == master ? masterHandler : slaveHandler);
                    }
                    selector.selectedKeys().clear();
                }
                List<String> expected = new ArrayList<>();
                for (int i = 1; i <= 16; i++) {
                    expected.add(Integer.toString(i));
                }
                assertEquals(expected, checked);
                assertEquals(0, master.driver.getOutOctets());
                assertEquals(0, slave.driver.getOutOctets());
            }
        }
    }

    private static final List<String> STREAMED_SCRIPT = List.of(
            "do line", "kyriel", "do reference", "coral", "do reference", "drforr", "do block",
            "fimmtiu", "do block", "sungo", "do reference", "dynweb", "do line", "sky", "do block",
            "braderuna", "do line", "fletch", "done");

    @Test
    void streamedSwitchesUnglomEverythingSentAtOnce() throws IOException {
        Pipe pipe = Pipe.open();
        try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            sink.configureBlocking(false);
            source.configureBlocking(false);

            SysRW writer = new SysRW();
            Mode outMode = Mode.LINE;
            Filter<byte[], ?> out = outMode.newFilter();
            for (String step : STREAMED_SCRIPT) {
                writer.put(outMode.encode(out, step));
                if (step.startsWith("do ")) {
                    outMode = Mode.named(step.substring(3));
                    out = outMode.newFilter();
                }
            }
            assertEquals(0, writer.flush(sink), "everything fits in the pipe");
            sink.close();

            SysRW reader = new SysRW(7); // small reads split frames everywhere
            Mode inMode = Mode.LINE;
            Filter<byte[], ?> in = inMode.newFilter();
            List<String> got = new ArrayList<>();
            boolean eof = false;
            while (!eof) {
                try {
                    in.getOneStart(reader.get(source));
                } catch (java.io.EOFException e) {
                    eof = true;
                }
                for (Optional<?> next = in.getOne(); next.isPresent(); next = in.getOne()) {
                    String text = inMode.decode(next.get());
                    got.add(text);
                    if (text.startsWith("do ")) {
                        Filter<byte[], ?> fresh = Mode.named(text.substring(3)).newFilter();
                        fresh.getOneStart(in.getPending());
                        in = fresh;
                        inMode = Mode.named(text.substring(3));
                    }
                }
            }
            assertEquals(STREAMED_SCRIPT, got);
            assertTrue(in.getPending().isEmpty());
        }
    }

    @Test
    void partialRecordsArePendingInEveryFramingFilter() {
        Line line = Line.create();
        assertEquals(List.of("whole line"), line.get(FilterChecks.bytes("whole line\r\n", "partial line")));
        FilterChecks.assertChunks(List.of("partial line"), line.getPending());

        Block block = Block.fixed(64);
        String whole = String.format("%-64s", "whole block");
        FilterChecks.assertChunks(List.of(whole), block.get(FilterChecks.bytes(whole, "partial block")));
        FilterChecks.assertChunks(List.of("partial block"), block.getPending());

        Reference<Object> reference = Reference.create();
        List<byte[]> wire = new ArrayList<>(reference.put(List.of("whole_reference")));
        wire.add(FilterChecks.b("100\0partial reference"));
        assertEquals(List.of("whole_reference"), reference.get(wire));
        FilterChecks.assertChunks(List.of("100\0partial reference"), reference.getPending());
    }
}
