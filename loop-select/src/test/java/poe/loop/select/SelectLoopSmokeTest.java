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
