package poe.loop.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import poe.Kernel;
import poe.Session;

class SelectLoopSmokeTest {

    @Test
    void countsTimesAndReadsAPipe() throws Exception {
        List<String> log = new ArrayList<>();
        Kernel kernel = Kernel.create(new SelectLoop());
        Pipe pipe = Pipe.open();
        Session.builder()
                .on("_start", ev -> {
                    ev.kernel().yield("count", 1);
                    ev.kernel().delay("later", 0.05);
                    ev.kernel().selectRead(pipe.source(), "readable");
                    pipe.sink().write(ByteBuffer.wrap("hi".getBytes()));
                })
                .on("count", ev -> {
                    int n = ev.arg(0);
                    log.add("count " + n);
                    if (n < 3) {
                        ev.kernel().yield("count", n + 1);
                    }
                })
                .on("readable", ev -> {
                    ByteBuffer buf = ByteBuffer.allocate(16);
                    pipe.source().read(buf);
                    log.add("read " + buf.position());
                    ev.kernel().selectRead(pipe.source());
                })
                .on("later", ev -> log.add("later"))
                .on("_stop", ev -> log.add("stop"))
                .create(kernel);
        kernel.run();
        assertTrue(log.indexOf("count 3") > log.indexOf("count 1"), log.toString());
        assertTrue(log.contains("read 2"), log.toString());
        assertEquals("stop", log.get(log.size() - 1), log.toString());
        assertTrue(log.indexOf("later") > 0);
        assertEquals(List.of(), kernel.loop().registrations());
        kernel.close();
    }

    /**
     * Re-registering a channel whose key was cancelled in the same timeslice flushes the
     * cancelled key with selectNow(), which can move other ready keys into the selected set:
     * they must still be dispatched.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void readinessFoundWhileFlushingACancelledKeyIsDispatched() throws Exception {
        Kernel kernel = Kernel.create(new SelectLoop());
        java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open();
        server.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        java.nio.channels.SocketChannel a = java.nio.channels.SocketChannel.open(server.getLocalAddress());
        java.nio.channels.SocketChannel b = server.accept();
        Pipe pipe = Pipe.open();
        List<String> log = new ArrayList<>();
        Session.builder()
                .on("_start", ev -> ev.kernel().selectWrite(a, "writable"))
                .on("writable", ev -> {
                    ev.kernel().selectWrite(a);                           // a's key is cancelled
                    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
                    ev.kernel().selectRead(pipe.source(), "piped");
                    ev.kernel().selectRead(a, "never");                   // flushes: pipe's key is selected now
                    log.add("writable");
                })
                .on("piped", ev -> {
                    pipe.source().read(ByteBuffer.allocate(8));
                    ev.kernel().selectRead(pipe.source());
                    ev.kernel().selectRead(a);
                    log.add("piped");
                })
                .create(kernel);
        kernel.run();
        assertEquals(List.of("writable", "piped"), log);
        for (java.io.Closeable c : List.of(a, b, server, pipe.source(), pipe.sink())) {
            c.close();
        }
        kernel.close();
    }

    @Test
    void runReturnsAtOnceWithoutSessions() {
        Kernel kernel = Kernel.create(new SelectLoop());
        kernel.run();
        assertEquals(false, kernel.runOneTimeslice());
        kernel.close();
    }

    @Test
    void crossThreadPostsArriveInOrder() throws Exception {
        Kernel kernel = Kernel.create(new SelectLoop());
        List<Integer> got = new ArrayList<>();
        Session s = Session.builder()
                .on("_start", ev -> ev.kernel().refcountIncrement(ev.session().id(), "wait"))
                .on("n", ev -> {
                    int n = ev.arg(0);
                    got.add(n);
                    if (n == 9999) {
                        ev.kernel().refcountDecrement(ev.session().id(), "wait");
                    }
                })
                .create(kernel);
        Thread t = new Thread(() -> {
            for (int i = 0; i < 10000; i++) {
                kernel.post(s.id(), "n", i);
            }
        });
        t.start();
        kernel.run();
        t.join();
        assertEquals(10000, got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(i, got.get(i));
        }
        kernel.close();
    }
}
