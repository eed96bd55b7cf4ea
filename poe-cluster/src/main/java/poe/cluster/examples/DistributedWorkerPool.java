package poe.cluster.examples;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import poe.Kernel;
import poe.Session;
import poe.cluster.ClusterConfig;
import poe.cluster.ClusterError;
import poe.cluster.ClusterNode;

/**
 * A distributed worker pool: a controller and workers on other JVMs. Workers publish
 * {@code worker-NAME} and say hello to the {@code controller}; the controller calls them with
 * jobs (the answer comes back as an event) and, when a worker's node leaves, re-dispatches
 * the job it held.
 *
 * <pre>
 * DistributedWorkerPool demo                                   # all in one: 2 worker JVMs, one killed mid-way
 * DistributedWorkerPool controller PORT MEMBERS JOB...         # a job: milliseconds of work
 * DistributedWorkerPool worker NAME PORT MEMBERS
 * </pre>
 * MEMBERS is {@code 127.0.0.1:5701,127.0.0.1:5702,...}; every process uses the same list.
 */
public final class DistributedWorkerPool {

    private static final String CLUSTER = "poe-worker-pool";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: demo | controller PORT MEMBERS JOB... | worker NAME PORT MEMBERS");
            System.exit(2);
        }
        switch (args[0]) {
            case "demo" -> demo();
            case "controller" -> System.exit(controller(Integer.parseInt(args[1]), args[2],
                    Arrays.copyOfRange(args, 3, args.length), null));
            case "worker" -> worker(args[1], Integer.parseInt(args[2]), args[3]);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static ClusterConfig config(String name, int port, String members) {
        return ClusterConfig.of(name, CLUSTER, "127.0.0.1", port, List.of(members.split(",")));
    }

    // ------------------------------------------------------------------ worker

    static void worker(String name, int port, String members) {
        Kernel kernel = Kernel.create();
        ClusterNode node = ClusterNode.join(kernel, config(name, port, members));
        String me = "worker-" + name;
        Session.builder()
                .on("_start", ev -> node.publish(me))
                .on(ClusterNode.PUBLISHED, ev -> ev.kernel().yield("hello"))
                .on("hello", ev -> node.post("controller", "hello", me))
                .on("cluster_error", ev -> {                         // no controller yet: try again
                    System.err.println(me + ": " + ev.<ClusterError>arg(0).reason());
                    ev.kernel().delay("hello", 1.0);
                })
                .onValue("work", ev -> {
                    int ms = ev.arg(0);
                    Thread.sleep(ms);                                // the "work"
                    return me + " slept " + ms + " ms";
                })
                .on("quit", ev -> ev.kernel().stop())
                .create(kernel);
        kernel.run();
        node.close();
        System.exit(0);
    }

    // ------------------------------------------------------------------ controller

    /**
     * Runs the controller until every job is done.
     *
     * @param onResult called after each result with the count so far (the demo kills a worker)
     * @return 0 when every job was done
     */
    static int controller(int port, String members, String[] jobArgs, java.util.function.IntConsumer onResult) {
        Kernel kernel = Kernel.create();
        ClusterNode node = ClusterNode.join(kernel, config("controller", port, members));
        Deque<Integer> jobs = new ArrayDeque<>();
        for (String j : jobArgs) {
            jobs.add(Integer.parseInt(j));
        }
        int total = jobs.size();
        Deque<String> idle = new ArrayDeque<>();
        Set<String> workers = new LinkedHashSet<>();
        Map<Long, Object[]> running = new HashMap<>();            // callId -> {worker, job}
        Map<Integer, String> results = new TreeMap<>();
        int[] redispatched = {0};
        Session.builder()
                .on("_start", ev -> {
                    node.publish("controller");
                    ev.kernel().sig(ClusterNode.LEAVE, "node_left");
                })
                .on("hello", ev -> {
                    String w = ev.arg(0);
                    if (workers.add(w)) {
                        System.out.println("controller: " + w + " joined");
                        idle.add(w);
                        ev.kernel().yield("dispatch");
                    }
                })
                .on("dispatch", ev -> {
                    while (!idle.isEmpty() && !jobs.isEmpty()) {
                        String w = idle.poll();
                        int job = jobs.poll();
                        long call = node.call(w, "work", "done", job);
                        running.put(call, new Object[] {w, job});
                    }
                })
                .on("done", ev -> {
                    Object[] r = running.remove(ev.<Long>arg(1));
                    if (r == null) {
                        return;
                    }
                    results.put(results.size(), ev.arg(0));
                    System.out.println("controller: " + ev.arg(0) + " (" + results.size() + "/" + total + ")");
                    if (workers.contains((String) r[0])) {
                        idle.add((String) r[0]);
                    }
                    if (onResult != null) {
                        onResult.accept(results.size());
                    }
                    if (results.size() == total) {
                        for (String w : workers) {
                            node.post(w, "quit");
                        }
                        ev.kernel().delay("finish", 1.0);
                    } else {
                        ev.kernel().yield("dispatch");
                    }
                })
                .on("cluster_error", ev -> {
                    ClusterError e = ev.arg(0);
                    Object[] r = running.remove(e.callId());
                    System.out.println("controller: " + e.kind() + " from " + e.name() + ": " + e.reason());
                    if (r != null) {                                  // the job goes back to the queue
                        workers.remove((String) r[0]);
                        idle.remove((String) r[0]);
                        jobs.addFirst((Integer) r[1]);
                        redispatched[0]++;
                        ev.kernel().yield("dispatch");
                    }
                })
                .on("node_left", ev -> System.out.println("controller: node " + ev.arg(1) + " left"))
                .on("finish", ev -> ev.kernel().stop())
                .create(kernel);
        kernel.run();
        node.close();
        System.out.println("controller: all " + results.size() + " of " + total + " jobs done, "
                + redispatched[0] + " re-dispatched after a worker left");
        return results.size() == total ? 0 : 1;
    }

    // ------------------------------------------------------------------ demo

    static void demo() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<Process> workers = new ArrayList<>();
        String[] names = {"a", "b"};
        for (int i = 0; i < 2; i++) {
            workers.add(new ProcessBuilder(java, "-Xmx256m", "-Dhazelcast.logging.type=none", "-cp", classPath(),
                    DistributedWorkerPool.class.getName(), "worker", names[i], Integer.toString(ports[i + 1]), members)
                    .inheritIO().start());
        }
        String[] jobs = new String[12];
        Arrays.fill(jobs, "700");
        int rc;
        try {
            rc = controller(ports[0], members, jobs, done -> {
                if (done == 3 && workers.get(1).isAlive()) {
                    System.out.println("demo: kill -9 worker b");
                    workers.get(1).destroyForcibly();
                }
            });
        } finally {
            for (Process p : workers) {
                p.destroyForcibly();
            }
        }
        System.exit(rc);
    }

    private static String classPath() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl instanceof URLClassLoader u) {                      // under exec:java
            List<String> paths = new ArrayList<>();
            for (URL url : u.getURLs()) {
                try {
                    paths.add(new File(url.toURI()).getPath());
                } catch (Exception e) {
                    paths.add(url.getPath());
                }
            }
            return String.join(File.pathSeparator, paths);
        }
        return System.getProperty("java.class.path");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private DistributedWorkerPool() {
    }
}
