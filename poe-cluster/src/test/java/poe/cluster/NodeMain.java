package poe.cluster;

import java.util.Arrays;
import java.util.List;

import poe.Kernel;
import poe.Session;

/**
 * A child node of the cluster tests:
 * {@code NodeMain name cluster port member,member,... maxBytes [select|colocated]} (colocated:
 * the kernel runs on the node's clustered Vert.x, {@code VertxLoop}).
 * Publishes {@code echo-NAME} (calls: echo, hang — which tells the collector {@code hanging} first) and {@code sink-NAME} (posts: item, forwarded
 * to the test's {@code collector}); forwards leave signals to the collector; prints READY.
 */
public final class NodeMain {
    public static void main(String[] a) throws Exception {
        String name = a[0];
        ClusterConfig cfg = ClusterConfig.of(name, a[1], "127.0.0.1", Integer.parseInt(a[2]), Arrays.asList(a[3].split(",")))
                .withCodec(new ArgCodec().registerRecord(Point.class))
                .withMaxMessageBytes(Integer.parseInt(a[4]));
        Kernel kernel;
        ClusterNode node;
        if (a.length > 5 && a[5].equals("colocated")) {
            io.vertx.core.Vertx vertx = ClusterNode.clusteredVertx(cfg);
            kernel = Kernel.create(poe.loop.vertx.VertxLoop.create(vertx));
            node = ClusterNode.join(kernel, cfg, vertx);
        } else {
            kernel = Kernel.create("select");
            node = ClusterNode.join(kernel, cfg);
        }
        int[] published = {0};
        Session.builder()
                .on("_start", ev -> {
                    node.publish("echo-" + name);
                    node.publish("sink-" + name);
                    ev.kernel().sig(ClusterNode.LEAVE, "left");
                })
                .on(ClusterNode.PUBLISHED, ev -> {
                    if (++published[0] == 2) {
                        System.out.println("READY " + name);
                        System.out.flush();
                    }
                })
                .onValue("echo", ev -> ev.arg(0))
                .onValue("hang", ev -> {
                    node.post("collector", "hanging", name);   // the test kills this node once it knows
                    Thread.sleep(120_000);               // never answers before the test kills this node
                    return "late";
                })
                .on("item", ev -> node.post("collector", "got", name, ev.arg(0)))
                .on("fire", ev -> ev.<RemotePostback>arg(0).accept("from-" + name, ev.arg(1)))
                .on("left", ev -> node.post("collector", "left", name, ev.arg(1)))
                .on("cluster_error", ev -> System.err.println("cluster_error " + ev.arg(0)))
                .create(kernel);
        kernel.run();
        node.close();
    }

    private NodeMain() {
    }

    static List<String> unused() {
        return List.of();
    }
}
