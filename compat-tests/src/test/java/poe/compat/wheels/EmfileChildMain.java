package poe.compat.wheels;

import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;

import poe.Kernel;
import poe.Session;
import poe.wheel.ErrnoNames;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/**
 * The child of {@link WheelDescriptorExhaustionTest}: a line server on SocketFactory, run
 * with a low descriptor limit. It prints {@code port N}, answers {@code ping} with
 * {@code pong after N accept failures}, and on {@code quit} stops and prints
 * {@code accept failures N} (each with its errno, once per kind).
 */
public final class EmfileChildMain {

    private EmfileChildMain() {
    }

    public static void main(String[] args) throws Exception {
        // The test's class path is directories: a class loaded for the first time needs a
        // descriptor of its own. Load what the failure path uses while there are some (from
        // a jar, as in production, nothing is opened late).
        ErrnoNames.of(new java.io.IOException("Too many open files"));
        Class.forName("poe.DieInfo");
        Kernel kernel = Kernel.create("select");
        int[] failures = new int[1];
        Session.builder()
                .heap(new HashMap<String, Object>())
                .on("_start", ev -> {
                    ev.kernel().aliasSet("server");
                    SocketFactory sf = SocketFactory.builder().bindAddress("127.0.0.1")
                            .successEvent("accepted").failureEvent("failed").create(ev.kernel());
                    ev.<Map<String, Object>>heap().put("sf", sf);
                    System.out.println("port " + sf.port());
                })
                .on("failed", ev -> {
                    if (failures[0]++ == 0) {
                        System.out.println("failure " + ev.arg(0) + " " + ev.arg(1));
                    }
                })
                .on("accepted", ev -> Session.builder()
                        .heap(new HashMap<String, Object>())
                        .args((Object) ev.arg(0))
                        .on("_start", c -> c.<Map<String, Object>>heap().put("rw", ReadWrite.builder()
                                .handle((SocketChannel) c.arg(0)).inputEvent("line").errorEvent("error")
                                .create(c.kernel())))
                        .on("line", c -> {
                            ReadWrite rw = (ReadWrite) c.<Map<String, Object>>heap().get("rw");
                            if ("quit".equals(c.arg(0))) {
                                rw.close();
                                c.kernel().post("server", "quit");
                            } else {
                                rw.put("pong after " + failures[0] + " accept failures");
                            }
                        })
                        .on("error", c -> ((ReadWrite) c.<Map<String, Object>>heap().get("rw")).close())
                        .create(ev.kernel()))
                .on("quit", ev -> {
                    ((SocketFactory) ev.<Map<String, Object>>heap().remove("sf")).close();
                    ev.kernel().aliasRemove("server");
                })
                .create(kernel);
        kernel.run();
        System.out.println("accept failures " + failures[0]);
    }
}
