package poe.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import poe.EventContext;
import poe.Kernel;
import poe.Session;

/**
 * Three JVMs on loopback in one Hazelcast cluster: this one (node "t", with the test's
 * sessions) and two children started here (nodes "b" and "c", {@link NodeMain}). b's kernel
 * runs on a select loop, c's on the cluster's own Vert.x (the node receives on the kernel's
 * context), so the calls, postbacks and leave signals through c cover that way. One
 * cluster serves every test; the kill test comes last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterNodeTest {

    private static final int CHILD_MAX = 4096;

    private final List<Process> children = new ArrayList<>();
    private final Map<String, StringBuffer> output = Collections.synchronizedMap(new LinkedHashMap<>());
    private Kernel kernel;
    private ClusterNode node;
    private Session driver;
    private Thread kernelThread;
    /** What the test's sessions saw: [event, args...]. */
    private final BlockingQueue<Object[]> seen = new LinkedBlockingQueue<>();

    @RegisterExtension
    final TestWatcher dump = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            dumpChildren();
        }
    };

    /** On a failure: each child's output and, for a child still alive, its threads (jcmd). */
    private void dumpChildren() {
        synchronized (output) {
            output.forEach((name, out) -> System.err.println("===== child " + name + " output =====\n" + out));
        }
        for (int i = 0; i < children.size(); i++) {
            Process p = children.get(i);
            String name = i < 2 ? new String[] {"b", "c"}[i] : Integer.toString(i);
            System.err.println("===== child " + name + " (pid " + p.pid() + ") threads =====\n"
                    + (p.isAlive() ? threadDump(p.pid()) : "(exited: " + p.exitValue() + ")"));
        }
    }

    private static String threadDump(long pid) {
        String jcmd = System.getProperty("java.home") + File.separator + "bin" + File.separator + "jcmd";
        try {
            Process dump = new ProcessBuilder(jcmd, Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true).start();
            CompletableFuture<byte[]> text = CompletableFuture.supplyAsync(() -> {
                try {
                    return dump.getInputStream().readAllBytes();
                } catch (java.io.IOException e) {
                    return ("reading jcmd's output failed: " + e).getBytes(StandardCharsets.UTF_8);
                }
            });
            if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                return "(jcmd did not answer within 30 s)";
            }
            return new String(text.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    @BeforeAll
    void startCluster() throws Exception {
        String cluster = "poe-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        int[] ports = {freePort(), freePort(), freePort()};
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        CountDownLatch ready = new CountDownLatch(2);
        String[] names = {"b", "c"};
        for (int i = 0; i < 2; i++) {
            String name = names[i];
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dio.netty.jfr.enabled=false", "-Dhazelcast.phone.home.enabled=false",
                    "-cp", System.getProperty("java.class.path"), NodeMain.class.getName(),
                    name, cluster, Integer.toString(ports[i + 1]), members, Integer.toString(CHILD_MAX),
                    name.equals("c") ? "colocated" : "select");
            pb.redirectErrorStream(true);
            Process p = pb.start();
            children.add(p);
            StringBuffer out = new StringBuffer();
            output.put(name, out);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        out.append(line).append('\n');
                        if (line.startsWith("READY ")) {
                            ready.countDown();
                        }
                    }
                } catch (Exception ignored) {
                    // the child went away
                }
            }, "child-" + name);
            reader.setDaemon(true);
            reader.start();
        }
        CompletableFuture<Void> up = new CompletableFuture<>();
        kernelThread = new Thread(() -> {
            try {
                kernel = Kernel.create("select");
                ClusterConfig cfg = ClusterConfig.of("t", cluster, "127.0.0.1", ports[0], List.of(members.split(",")))
                        .withCodec(new ArgCodec().registerRecord(Point.class))
                        .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60));
                node = ClusterNode.join(kernel, cfg);
                driver = Session.builder()
                        .on("_start", ev -> {
                            node.publish("collector");
                            ev.kernel().sig(ClusterNode.LEAVE, "leave");
                            ev.kernel().sig(ClusterNode.JOIN, "join");
                        })
                        .on("run", ev -> ev.<Consumer<EventContext>>arg(0).accept(ev))
                        .on(ClusterNode.PUBLISHED, ev -> record(ev))
                        .on("got", ev -> record(ev))
                        .on("left", ev -> record(ev))
                        .on("reply", ev -> record(ev))
                        .on("cluster_error", ev -> record(ev))
                        .on("leave", ev -> record(ev))
                        .on("join", ev -> record(ev))
                        .on("pb", ev -> record(ev))
                        .on("hanging", ev -> record(ev))
                        .create(kernel);
                up.complete(null);
                kernel.run();
            } catch (Throwable t) {
                up.completeExceptionally(t);
            }
        }, "test-kernel");
        kernelThread.setDaemon(true);
        kernelThread.start();
        try {
            up.get(100, TimeUnit.SECONDS);
            expect(e -> e[0].equals(ClusterNode.PUBLISHED) && e[1].equals("collector"), 30);
            if (!ready.await(100, TimeUnit.SECONDS)) {
                fail("the children did not get READY in time");
            }
        } catch (Throwable t) {
            dumpChildren();
            throw t;
        }
    }

    private void record(EventContext ev) {
        Object[] e = new Object[ev.args().size() + 1];
        e[0] = ev.state();
        for (int i = 0; i < ev.args().size(); i++) {
            e[i + 1] = ev.args().get(i);
        }
        seen.add(e);
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
        }
        if (node != null) {
            try {
                node.close();
            } catch (RuntimeException ignored) {
                // closing is best effort at the end
            }
            kernel.stop();
        }
        for (Process p : children) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void inKernel(Consumer<EventContext> task) {
        kernel.post(driver, "run", task);
    }

    /** Waits for the first seen event that matches; the others seen meanwhile are dropped. */
    private Object[] expect(Predicate<Object[]> what, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> skipped = new ArrayList<>();
        while (System.nanoTime() < end) {
            Object[] e = seen.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                break;
            }
            if (what.test(e)) {
                return e;
            }
            skipped.add(java.util.Arrays.deepToString(e));
        }
        fail("no matching event within " + seconds + " s; saw " + skipped);
        return null;
    }

    @Test
    @Order(1)
    void postsReachAnotherNodeInOrderAndComeBack() throws Exception {
        int n = 200;
        inKernel(ev -> {
            for (int i = 0; i < n; i++) {
                node.post("sink-b", "item", i);
            }
        });
        for (int i = 0; i < n; i++) {
            Object[] e = expect(x -> x[0].equals("got"), 60);
            assertEquals("b", e[1]);
            assertEquals(i, e[2], "per-sender order between two sessions");
        }
    }

    @Test
    @Order(2)
    void callAnswersAsAnEventWithRegisteredRecordsAndBuiltIns() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("list", List.of(1, 2L, 3.5, "x", true));
        map.put("null", null);
        map.put("point", new Point(3, 4, "p"));
        CompletableFuture<Long> id = new CompletableFuture<>();
        inKernel(ev -> id.complete(node.call("echo-c", "echo", "reply", map)));
        long callId = id.get(30, TimeUnit.SECONDS);
        Object[] e = expect(x -> x[0].equals("reply") || x[0].equals("cluster_error"), 60);
        assertEquals("reply", e[0], () -> java.util.Arrays.deepToString(e));
        assertEquals(map, e[1]);
        assertEquals(callId, e[2]);

        CompletableFuture<Long> id2 = new CompletableFuture<>();
        inKernel(ev -> id2.complete(node.call("echo-b", "echo", "reply", (Object) new byte[] {1, 2, 3})));
        id2.get(30, TimeUnit.SECONDS);
        Object[] e2 = expect(x -> x[0].equals("reply"), 60);
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) e2[1]);
    }

    @Test
    @Order(2)
    void onASelectKernelVertxCallbacksOfAHandlerRunOnTheKernelsThread() throws Exception {
        CompletableFuture<String> timer = new CompletableFuture<>();
        CompletableFuture<String> blocking = new CompletableFuture<>();
        inKernel(ev -> {
            node.vertx().setTimer(1, id -> timer.complete(Thread.currentThread().getName()));
            node.vertx().executeBlocking(() -> Thread.currentThread().getName())
                    .onComplete(ar -> blocking.complete(Thread.currentThread().getName() + " after " + ar.result()));
        });
        assertEquals("test-kernel", timer.get(30, TimeUnit.SECONDS), "a timer's handler runs on the kernel's thread");
        String b = blocking.get(30, TimeUnit.SECONDS);
        assertTrue(b.startsWith("test-kernel after vert.x-worker-thread-"),
                "blocking code on a worker, its result on the kernel's thread: " + b);
    }

    @Test
    @Order(2)
    void aPostbackCrossesNodes() throws Exception {
        inKernel(ev -> node.post("sink-c", "fire", node.postback("pb", "made", 1), 42));
        Object[] e = expect(x -> x[0].equals("pb") || x[0].equals("cluster_error"), 60);
        assertEquals("pb", e[0], () -> java.util.Arrays.deepToString(e));
        assertEquals(List.of("made", 1), e[1]);
        assertEquals(List.of("from-c", 42), e[2]);
    }

    @Test
    @Order(3)
    void aNameNobodyPublishesIsAnErrorEvent() throws Exception {
        inKernel(ev -> node.post("nobody", "hello", 1));
        ClusterError err = (ClusterError) expect(x -> x[0].equals("cluster_error"), 60)[1];
        assertEquals("NO_NAME", err.kind(), err.toString());
        assertEquals("nobody", err.name());
        inKernel(ev -> node.call("nobody", "hello", "reply"));
        ClusterError err2 = (ClusterError) expect(x -> x[0].equals("cluster_error"), 60)[1];
        assertEquals("NO_NAME", err2.kind(), err2.toString());
        assertTrue(err2.callId() > 0);
    }

    @Test
    @Order(4)
    void aNamePublishedTwiceIsRefusedFirstPublisherWins() throws Exception {
        inKernel(ev -> Session.builder()
                .on("_start", e -> node.publish("echo-b"))
                .on("cluster_error", e -> seen.add(new Object[] {"second", e.arg(0)}))
                .create(ev.kernel()));
        ClusterError err = (ClusterError) expect(x -> x[0].equals("second"), 60)[1];
        assertEquals("PUBLISH_REFUSED", err.kind(), err.toString());
        assertTrue(err.reason().contains("node b"), err.reason());
        CompletableFuture<Boolean> aliased = new CompletableFuture<>();
        inKernel(ev -> aliased.complete(ev.kernel().aliasResolve("echo-b").isPresent()));
        assertEquals(false, aliased.get(30, TimeUnit.SECONDS), "the refused name's local alias is removed");
    }

    @Test
    @Order(5)
    void unregisteredTypesAndOversizeAreRefused() throws Exception {
        CompletableFuture<Throwable> unregistered = new CompletableFuture<>();
        inKernel(ev -> {
            try {
                node.post("sink-b", "item", new Object());
                unregistered.complete(null);
            } catch (Throwable t) {
                unregistered.complete(t);
            }
        });
        Throwable t = unregistered.get(30, TimeUnit.SECONDS);
        assertTrue(t instanceof ClusterCodecException, String.valueOf(t));
        assertTrue(t.getMessage().contains("java.lang.Object") && t.getMessage().contains("register"), t.getMessage());

        CompletableFuture<Throwable> tooBig = new CompletableFuture<>();
        inKernel(ev -> {
            try {
                node.post("sink-b", "item", (Object) new byte[2 << 20]);   // over this node's 1 MiB
                tooBig.complete(null);
            } catch (Throwable x) {
                tooBig.complete(x);
            }
        });
        Throwable big = tooBig.get(30, TimeUnit.SECONDS);
        assertTrue(big instanceof ClusterCodecException && big.getMessage().contains("too large"), String.valueOf(big));

        inKernel(ev -> node.post("sink-b", "item", (Object) new byte[CHILD_MAX * 2]));  // fits here, not at b
        ClusterError err = (ClusterError) expect(x -> x[0].equals("cluster_error"), 60)[1];
        assertEquals("REFUSED", err.kind(), err.toString());
        assertTrue(err.reason().contains("limit"), err.reason());
    }

    @Test
    @Order(6)
    void killingANodeSignalsLeaveAndFailsItsPendingCall() throws Exception {
        CompletableFuture<Long> id = new CompletableFuture<>();
        inKernel(ev -> id.complete(node.call("echo-b", "hang", "reply")));
        long callId = id.get(30, TimeUnit.SECONDS);
        expect(x -> x[0].equals("hanging") && x[1].equals("b"), 60);   // b has taken the call
        long killed = System.nanoTime();
        children.get(0).destroyForcibly();
        // a one-way post sent while the cluster may not know yet: no receipt will come, so it must fail too
        inKernel(ev -> node.post("sink-b", "in-flight", 1));
        Object[] err = null;
        Object[] postErr = null;
        Object[] leave = null;
        Object[] cSaw = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> all = new ArrayList<>();
        while ((err == null || postErr == null || leave == null || cSaw == null) && System.nanoTime() < end) {
            Object[] x = seen.poll(1, TimeUnit.SECONDS);
            if (x == null) {
                continue;
            }
            all.add(java.util.Arrays.deepToString(x));
            if (x[0].equals("cluster_error") && ((ClusterError) x[1]).event().equals("in-flight")) {
                postErr = x;
            } else if (x[0].equals("cluster_error") && err == null) {
                err = x;
                long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
                assertTrue(took < 45, "failed after " + took + " s");
            } else if (x[0].equals("leave")) {
                leave = x;
            } else if (x[0].equals("left")) {
                cSaw = x;
            }
        }
        assertNotNull(err, "no error event for the pending call; saw " + all);
        ClusterError e = (ClusterError) err[1];
        assertEquals(callId, e.callId());
        assertEquals("NODE_LEFT", e.kind(), e.toString());
        assertNotNull(postErr, "no error event for the post sent as the node died; saw " + all);
        ClusterError pe = (ClusterError) postErr[1];
        assertTrue(List.of("NODE_LEFT", "TIMEOUT", "NO_NAME").contains(pe.kind()), pe.toString());
        assertEquals("sink-b", pe.name());
        assertNotNull(leave, "no leave signal; saw " + all);
        assertEquals("b", leave[2]);
        assertNotNull(cSaw, "c did not report the leave; saw " + all);
        assertEquals("c", cSaw[1]);
        assertEquals("b", cSaw[2]);

        inKernel(ev -> node.post("sink-b", "item", 1));        // a post to a node that left
        ClusterError gone = (ClusterError) expect(x -> x[0].equals("cluster_error"), 60)[1];
        assertTrue(gone.kind().equals("NO_NAME") || gone.kind().equals("TIMEOUT"), gone.toString());
        assertNotNull(node.nodes());
    }
}
