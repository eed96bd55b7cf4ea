package poe.compat.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import poe.Errno;
import poe.KernelException;
import poe.Session;
import poe.component.TcpServer;
import poe.group.KernelGroup;

/**
 * Kernel groups (issue 21): posts across kernels from several threads with nothing lost
 * and each sender's order kept; names published, refused twice, removed with their
 * session; a kernel that dies is reported to the group's caller while the others go on.
 */
class KernelGroupTest {

    @Test
    @Timeout(120)
    void postsFromFourThreadsAcrossTwoKernelsArriveAllAndInEachSendersOrder() throws Exception {
        int producers = 4;
        int perProducer = 100_000;
        KernelGroup group = KernelGroup.create(2);
        Map<String, long[]> lastSeen = new ConcurrentHashMap<>();
        Map<String, String> threadOf = new ConcurrentHashMap<>();
        List<String> disorder = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(2);
        group.start(kernel -> Session.builder()
                .heap(new long[producers + 1])
                .on("_start", ev -> group.publish("sink-" + group.indexOf(ev.kernel())))
                .on("item", ev -> {
                    long[] last = ev.heap();
                    int producer = ev.arg(0);
                    long n = ev.arg(1);
                    if (n != last[producer] + 1) {
                        disorder.add("producer " + producer + ": " + n + " after " + last[producer]);
                    }
                    last[producer] = n;
                    threadOf.put(Thread.currentThread().getName(), "");
                    if (++last[producers] == (long) producers * perProducer) {
                        lastSeen.put("sink-" + group.indexOf(ev.kernel()), last);
                        all.countDown();
                    }
                })
                .create(kernel));
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                for (long n = 1; n <= perProducer; n++) {
                    group.post("sink-0", "item", producer, n);
                    group.post("sink-1", "item", producer, n);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(all.await(90, TimeUnit.SECONDS), "every item arrived");
        group.shutdown();                                     // the sinks hold nothing: the kernels end
        group.join();
        assertEquals(List.of(), disorder);
        for (long[] last : lastSeen.values()) {
            for (int p = 0; p < producers; p++) {
                assertEquals(perProducer, last[p]);
            }
        }
        assertEquals(2, threadOf.size(), "each kernel on a thread of its own: " + threadOf.keySet());
        assertEquals(List.of(), group.names(), "names go with their sessions");
    }

    @Test
    @Timeout(60)
    void namesArePublishedOnceAndGoWithTheirSession() throws Exception {
        KernelGroup group = KernelGroup.create(2);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        group.start(kernel -> {
            int index = group.indexOf(kernel);
            Session.builder()                                   // runs code on its kernel's thread, in a handler
                    .on("_start", ev -> group.publish("runner-" + index))
                    .on("run", ev -> ((Runnable) ev.arg(0)).run())
                    .on("leave", ev -> group.unpublish("runner-" + index))
                    .create(kernel);
            if (index == 0) {
                Session.builder()
                        .on("_start", ev -> {
                            group.publish("svc");
                            group.publish("svc");                              // again by its owner: harmless
                        })
                        .on("ping", ev -> log.add("svc got ping " + ev.arg(0) + " on " + Thread.currentThread().getName()))
                        .on("leave", ev -> log.add("svc unpublished " + group.unpublish("svc")))
                        .create(kernel);
            }
        });
        assertEquals(List.of("runner-0", "runner-1", "svc"), group.names());
        assertTrue(group.post("svc", "ping", "from the test thread"));
        RuntimeException taken = onKernel(group, 1, () -> group.publish("svc"));
        assertTrue(taken instanceof KernelException, "publishing a taken name: " + taken);
        assertEquals(Errno.EEXIST, ((KernelException) taken).errno());
        assertThrows(IllegalStateException.class, () -> group.publish("outside"), "not from a handler");
        assertEquals(null, onKernel(group, 1, () -> group.post("svc", "ping", "from kernel 1")));
        group.post("svc", "leave");
        group.post("runner-0", "leave");
        group.post("runner-1", "leave");
        group.shutdown();
        group.join();
        assertEquals(List.of("svc got ping from the test thread on poe-group-0",
                "svc got ping from kernel 1 on poe-group-0", "svc unpublished true"), log);
        assertFalse(group.lookup("svc").isPresent());
        assertEquals(List.of(), group.names());
    }

    /** Runs a body in a handler of runner-N (on kernel N's thread); returns what it threw, or null. */
    private static RuntimeException onKernel(KernelGroup group, int index, Runnable body) throws InterruptedException {
        RuntimeException[] thrown = new RuntimeException[1];
        CountDownLatch ran = new CountDownLatch(1);
        group.post("runner-" + index, "run", (Runnable) () -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                thrown[0] = e;
            } finally {
                ran.countDown();
            }
        });
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        return thrown[0];
    }

    @Test
    @Timeout(60)
    void aKernelThatDiesIsReportedWhileTheOthersGoOn() throws Exception {
        KernelGroup group = KernelGroup.create(2);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        group.start(kernel -> {
            int index = group.indexOf(kernel);
            Session.builder()
                    .on("_start", ev -> ev.kernel().delay("tick", 0.05, 0))
                    .on("tick", ev -> {
                        int n = ev.arg(0);
                        if (index == 1 && n == 2) {
                            throw new IllegalStateException("kernel 1 fails at tick 2");
                        }
                        if (n < 5) {
                            ev.kernel().delay("tick", 0.05, n + 1);
                        } else {
                            log.add("kernel " + index + " finished");
                        }
                    })
                    .create(kernel);
        });
        group.shutdown();
        IllegalStateException failure = assertThrows(IllegalStateException.class, group::join);
        assertEquals("kernel 1 fails at tick 2", failure.getMessage());
        assertEquals(List.of("kernel 0 finished"), log);
        assertNotEquals(group.kernel(0), group.kernel(1));
    }

    @Test
    @Timeout(60)
    void aTcpServerSpreadsItsClientsOverTheGroup() throws Exception {
        KernelGroup group = KernelGroup.create(2);
        int[] port = new int[1];
        CountDownLatch listening = new CountDownLatch(1);
        group.start(kernel -> {
            if (group.indexOf(kernel) == 0) {
                TcpServer server = TcpServer.builder().address("127.0.0.1").port(0).alias("server").group(group)
                        .clientInput(ev -> TcpServer.client(ev).put(ev.arg(0) + " served on "
                                + Thread.currentThread().getName()))
                        .create(kernel);
                port[0] = server.port();
                listening.countDown();
            }
        });
        assertTrue(listening.await(30, TimeUnit.SECONDS));
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try (Socket socket = new Socket("127.0.0.1", port[0])) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("client " + i + "\n").getBytes(StandardCharsets.UTF_8));
                answers.add(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                        .readLine());
            }
        }
        group.kernel(0).post("server", TcpServer.SHUTDOWN);
        group.shutdown();
        group.join();
        for (int i = 0; i < 20; i++) {
            assertTrue(answers.get(i).startsWith("client " + i + " served on poe-group-"), answers.get(i));
        }
        assertEquals(10, answers.stream().filter(a -> a.endsWith("poe-group-1")).count(), "every other client on kernel 1: "
                + answers);
    }
}
