package poe.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import io.vertx.core.Context;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import poe.Errno;
import poe.Kernel;
import poe.KernelException;
import poe.Session;
import poe.Target;

/**
 * A kernel's membership in a cluster of JVMs: sessions publish themselves under
 * cluster-wide names, and any node posts to or calls them. Built on the Vert.x clustered
 * event bus with the Hazelcast cluster manager; see the module's README for the delivery
 * semantics.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.create();
 * ClusterNode node = ClusterNode.join(kernel, ClusterConfig.of("a", "demo", "127.0.0.1", 5701,
 *         List.of("127.0.0.1:5701", "127.0.0.1:5702")));
 * Session.builder()
 *     .on("_start", ev -> { node.publish("adder"); ev.kernel().sig(ClusterNode.LEAVE, "left"); })
 *     .onValue("add", ev -> ev.<Integer>arg(0) + ev.<Integer>arg(1))        // answers calls
 *     .on("left", ev -> System.out.println("node " + ev.arg(1) + " left"))
 *     .create(kernel);
 * // elsewhere, in a handler on another node:
 * node.call("adder", "add", "sum", 2, 3);     // later: "sum" with (5, callId), or "cluster_error"
 * }</pre>
 *
 * <p>{@link #publish}, {@link #post} and {@link #call} work on the active session: call them
 * from a handler of this node's kernel. Node joins and leaves are the benign signals
 * {@link #JOIN} and {@link #LEAVE} with the node name as their argument; sessions watch them
 * with {@code kernel.sig(ClusterNode.LEAVE, "event")}. The node holds its kernel (it does
 * not run out of sessions) until {@link #close()}.
 *
 * <p>Threads: when the kernel runs on a thread of its own (the select loop) and joined on that
 * thread with a Vert.x from {@link #clusteredVertx}, that thread is a Vert.x context of its
 * own. Messages and answers reach the kernel from the event loop that read them, and the
 * callbacks of what a handler starts on {@link #vertx()} (timers, {@code executeBlocking}
 * results) run on the kernel's thread between its events.
 */
public final class ClusterNode implements AutoCloseable {

    /** The signal a node joining the cluster raises on every other node: args (name). */
    public static final String JOIN = "CLUSTER_JOIN";
    /** The signal a node leaving the cluster raises on every other node: args (name). */
    public static final String LEAVE = "CLUSTER_LEAVE";
    /** The event a session gets once {@link #publish} took effect: args (name). */
    public static final String PUBLISHED = "cluster_published";

    private static final String NAME_ADDR = "poe.cluster.name:";
    private static final String NODE_ADDR = "poe.cluster.node:";
    private static final String NAMES_MAP = "poe.cluster.names";
    private static final String ATTR = "poe.node";
    private static final String H_KIND = "poe-kind", H_EVENT = "poe-event", H_CALL = "poe-call";
    private static final String HOLD = "poe.cluster.hold";
    private static final String UNALIAS = "poe.cluster.unalias";

    /** The kernel executors of each Vert.x that clusteredVertx made (weak: a closed Vert.x goes). */
    private static final Map<Vertx, KernelExecutors> EXECUTORS =
            Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private final Kernel kernel;
    private final ClusterConfig config;
    private final ArgCodec codec;
    private final int max;
    private final Vertx vertx;
    private final HazelcastInstance hz;
    private final String nodeId;
    private final Context ctx;                                    // an event loop's (or the kernel's own, colocated)
    private final Context home;                                   // where names, receipts and replies are handled
    private final io.vertx.core.internal.ContextInternal homeToDispatch;  // home when it is the kernel's thread, else null
    private final KernelExecutors executors;                      // null unless Vert.x was made by clusteredVertx
    private final EventBus eb;
    private final IMap<String, String> names;
    private final Session proxy;
    private final Map<String, String> nodeNames = new ConcurrentHashMap<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    private final Map<Long, Session> postbackSessions = new ConcurrentHashMap<>();
    private final AtomicLong callIds = new AtomicLong();
    private final NameDirectory directory;
    private final PostWindow window = new PostWindow();           // thread-safe
    private final Receipts receipts;                              // on home only
    private final DeliveryOptions ackOptions;
    private final DeliveryOptions callOptions;
    private volatile boolean closed;
    private volatile boolean proxyStopped;                         // the kernel stopped, or close() released it

    /** A call waiting for its answer; {@code node} publishes the name as this node knew it (or null). */
    private record Pending(long id, Session caller, String name, String event, String replyEvent, String node) {
    }

    private record Published(Session session, MessageConsumer<Buffer> consumer) {
    }

    private ClusterNode(Kernel kernel, ClusterConfig config, Vertx vertx, HazelcastClusterManager mgr, Context ctx,
                        KernelExecutors executors) {
        this.kernel = kernel;
        this.config = config;
        this.codec = config.codec().copy().register("poe.cluster.postback", RemotePostback.class,
                pb -> List.of(pb.nodeId(), pb.sessionId(), pb.event(), pb.made()), this::decodePostback);
        this.max = config.maxMessageBytes();
        this.vertx = vertx;
        this.hz = mgr.getHazelcastInstance();
        this.nodeId = hz.getCluster().getLocalMember().getUuid().toString();   // the ID membership events carry
        this.ctx = ctx;
        this.eb = vertx.eventBus();
        this.names = hz.getMap(NAMES_MAP);
        this.directory = NameDirectory.follow(names);
        this.receipts = new Receipts(nodeId);
        this.ackOptions = new DeliveryOptions().setSendTimeout(Math.max(1, config.ackTimeout().toMillis()));
        this.callOptions = new DeliveryOptions().setSendTimeout(Math.max(1, config.callTimeout().toMillis()));
        this.proxy = Session.builder()
                .on("_start", ev -> ev.kernel().refcountIncrement(ev.session().id(), HOLD))
                .on("release", ev -> ev.kernel().refcountDecrement(ev.session().id(), HOLD))
                .on("call", ev -> answer(ev.arg(0), ev.arg(1), ev.arg(2), ev.arg(3)))
                .on("exec", ev -> ev.<Runnable>arg(0).run())
                .on("_stop", ev -> proxyStopped = true)
                .create(kernel);
        this.executors = executors;
        this.home = kernelContext(ctx);
        this.homeToDispatch = home != ctx ? (io.vertx.core.internal.ContextInternal) home : null;
    }

    /**
     * The kernel's own thread as a Vert.x context, when this node's Vert.x came from
     * {@link #clusteredVertx} and the kernel runs apart from it on this thread (the select
     * loop, joined before {@code run()}): messages to published names and the replies to
     * calls then go from the event loop that read them straight to the kernel. Otherwise
     * {@code ctx}, and a hand-off from that event loop to the kernel as before.
     */
    private Context kernelContext(Context ctx) {
        if (executors == null || ctx.owner() != vertx || !kernel.loop().inLoopThread()
                || Vertx.currentContext() != null) {
            return ctx;
        }
        executors.add(kernel, this::runOnKernel);
        Context mine = vertx.getOrCreateContext();
        if (mine.threadingModel() != io.vertx.core.ThreadingModel.EXTERNAL) {
            executors.remove(kernel);
            return ctx;
        }
        mine.exceptionHandler(ClusterNode::uncaught);
        return mine;
    }

    /**
     * An exception a Vert.x task threw on the kernel's thread. When a node dies with writes to
     * it pending, Vert.x fails a write's promise from the connection and then again from the
     * write: the second attempt's "Promise already completed" changes nothing (the sender has
     * its error) and is not reported. Anything else is, as Vert.x would.
     */
    private static void uncaught(Throwable t) {
        if (t instanceof IllegalStateException && "Promise already completed".equals(t.getMessage())) {
            return;
        }
        System.getLogger(ClusterNode.class.getName()).log(System.Logger.Level.ERROR,
                "a Vert.x task on the kernel's thread failed", t);
    }

    /**
     * A task of Vert.x's for the kernel's thread, as an event of the proxy; once the node has
     * closed or the kernel has stopped, an event loop runs it instead.
     */
    private void runOnKernel(Runnable task) {
        if (!closed && !proxyStopped) {
            try {
                kernel.post(proxy, "exec", task);
                return;
            } catch (RuntimeException e) {
                // the kernel has ended: fall through
            }
        }
        ctx.runOnContext(v -> task.run());
    }

    /**
     * Joins the cluster: starts a clustered Vert.x with a Hazelcast member bound to
     * {@code config.host()}, discovering {@code config.members()} by TCP/IP. Blocks until
     * joined (Hazelcast takes seconds); call it on the kernel's owner thread before
     * {@code run()}, not in a handler.
     *
     * @throws IllegalStateException if joining fails or takes more than two minutes
     */
    public static ClusterNode join(Kernel kernel, ClusterConfig config) {
        Objects.requireNonNull(kernel, "kernel");
        return join(kernel, config, clusteredVertx(config));
    }

    /**
     * Joins the cluster on a clustered Vert.x made by {@link #clusteredVertx}. When the
     * kernel runs on that Vert.x ({@code Kernel.create(VertxLoop.create(vertx))}), the node
     * receives on the kernel's own context: a message reaches its session without a hand-off
     * between threads, and a call's round trip is shorter by two of them.
     *
     * <pre>{@code
     * Vertx vertx = ClusterNode.clusteredVertx(config);
     * Kernel kernel = Kernel.create(VertxLoop.create(vertx));
     * ClusterNode node = ClusterNode.join(kernel, config, vertx);
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code vertx} is not clustered with Hazelcast
     */
    public static ClusterNode join(Kernel kernel, ClusterConfig config, Vertx vertx) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(vertx, "vertx");
        if (!(vertx instanceof io.vertx.core.internal.VertxInternal vi
                && vi.clusterManager() instanceof HazelcastClusterManager mgr)) {
            throw new IllegalArgumentException("ClusterNode.join: the Vert.x given is not clustered with Hazelcast;"
                    + " make it with ClusterNode.clusteredVertx(config)");
        }
        boolean colocated = kernel.loop() instanceof poe.loop.vertx.VertxLoop loop && loop.vertx() == vertx;
        Context ctx = colocated ? ((poe.loop.vertx.VertxLoop) kernel.loop()).context()
                : ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
        ClusterNode node = new ClusterNode(kernel, config, vertx, mgr, ctx, colocated ? null : EXECUTORS.get(vertx));
        node.start();
        return node;
    }

    /**
     * Starts a clustered Vert.x with a Hazelcast member bound to {@code config.host()},
     * discovering {@code config.members()} by TCP/IP; blocks until it has joined (seconds).
     *
     * @throws IllegalStateException if joining fails or takes more than two minutes
     */
    public static Vertx clusteredVertx(ClusterConfig config) {
        Objects.requireNonNull(config, "config");
        Config hc = ConfigUtil.loadConfig();
        hc.setClusterName(config.clusterName());
        hc.setProperty("hazelcast.phone.home.enabled", "false");
        hc.setProperty("hazelcast.socket.bind.any", "false");
        hc.setProperty("hazelcast.local.localAddress", config.host());
        hc.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        hc.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
        hc.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        hc.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        hc.getMemberAttributeConfig().setAttribute(ATTR, config.nodeName());
        NetworkConfig net = hc.getNetworkConfig();
        net.setPort(config.port()).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).setInterfaces(List.of(config.host()));
        JoinConfig jc = net.getJoin();
        jc.getMulticastConfig().setEnabled(false);
        jc.getAutoDetectionConfig().setEnabled(false);
        jc.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(config.members()));
        HazelcastClusterManager mgr = new HazelcastClusterManager(hc);
        VertxOptions vo = new VertxOptions().setEventBusOptions(new EventBusOptions()
                .setHost(config.host()).setPort(0).setClusterPublicHost(config.host()));
        KernelExecutors executors = new KernelExecutors();
        Vertx vertx;
        try {
            // Vertx.builder() has no way to name an event executor provider; its bootstrap has
            vertx = io.vertx.core.internal.VertxBootstrap.create().options(vo).clusterManager(mgr)
                    .eventExecutorProvider(executors).init().clusteredVertx()
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ClusterNode.join(" + config.nodeName() + "): " + e, e);
        }
        EXECUTORS.put(vertx, executors);
        return vertx;
    }

    private void start() {
        followMembers();
        CompletionWait wait = new CompletionWait();
        long sweep = Math.max(50, Math.min(1000, config.ackTimeout().toMillis() / 4));
        long timeout = config.ackTimeout().toNanos();
        String why = "not acknowledged within " + config.ackTimeout() + ": lost, or the node is dead or too slow"
                + " (it may have been delivered)";
        ctx.runOnContext(v -> {
            vertx.setPeriodic(sweep, t -> window.expire(System.nanoTime() - timeout, why, this::postFailed));
            eb.<Buffer>consumer(NODE_ADDR + nodeId, this::onNodeMessage).completion()
                    .onComplete(ar -> wait.done(ar.cause()));
        });
        wait.await("registering the node's address");
    }

    /**
     * Fills the member table and keeps it up to date, before any message can arrive. The
     * listener is registered first and fills the table from its initial event: Hazelcast
     * takes that snapshot of the members and registers the listener under one lock, so a
     * member that joins meanwhile is either in the snapshot or announced to the listener
     * afterwards, never missed (reading the members, then adding a plain listener, lost
     * the joins in between). A join announced twice changes nothing and signals once.
     */
    private void followMembers() {
        hz.getCluster().addMembershipListener(new InitialMembershipListener() {
            @Override
            public void init(InitialMembershipEvent e) {
                for (Member m : e.getMembers()) {
                    nodeNames.putIfAbsent(m.getUuid().toString(), String.valueOf(m.getAttribute(ATTR)));
                }
            }

            @Override
            public void memberAdded(MembershipEvent e) {
                String name = String.valueOf(e.getMember().getAttribute(ATTR));
                if (nodeNames.put(e.getMember().getUuid().toString(), name) == null) {
                    kernel.signal(kernel, JOIN, name);
                }
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                nodeLeft(e.getMember().getUuid().toString(), String.valueOf(e.getMember().getAttribute(ATTR)));
            }
        });
    }

    private static final class CompletionWait {
        private final java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();

        void done(Throwable t) {
            if (t == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(t);
            }
        }

        void await(String what) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("ClusterNode: " + what + " failed: " + e, e);
            }
        }
    }

    private void nodeLeft(String id, String name) {
        nodeNames.remove(id);
        directory.nodeLeft(id);
        for (Pending p : List.copyOf(pending.values())) {
            if (id.equals(p.node()) && pending.remove(p.id(), p)) {
                fail(p.caller(), "NODE_LEFT", p.name(), p.event(), "node " + name + " left the cluster before"
                        + " answering", p.id());
            }
        }
        window.nodeLeft(id, "NODE_LEFT", "node " + name + " left the cluster before acknowledging the post"
                + " (it may have been delivered)", this::postFailed);
        home.runOnContext(v -> receipts.nodeLeft(id));
        vertx.executeBlocking(() -> {
            names.removeAll(Predicates.equal("this", id));       // its names go with it
            return null;
        }, false);
        kernel.signal(kernel, LEAVE, name);
    }

    /** This node's name. */
    public String nodeName() {
        return config.nodeName();
    }

    /** The names of the nodes in the cluster now, this one included, sorted. */
    public List<String> nodes() {
        List<String> list = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            list.add(String.valueOf(m.getAttribute(ATTR)));
        }
        Collections.sort(list);
        return list;
    }

    /** The clustered Vert.x this node runs on (its event bus reaches the same cluster). */
    public Vertx vertx() {
        return vertx;
    }

    /** The kernel this node serves. */
    public Kernel kernel() {
        return kernel;
    }

    // ------------------------------------------------------------------ names

    /**
     * Publishes the active session under a cluster-wide name until it stops or
     * {@link #unpublish}es it. Asynchronous: the session gets {@link #PUBLISHED} (name) once
     * other nodes can reach it, or its error event ({@code PUBLISH_REFUSED}) if another
     * session, on any node, has the name: the first publisher keeps it. The name is also a
     * local alias of the session, and keeps it alive as an alias does.
     *
     * @throws KernelException (ESRCH) outside a handler; (EEXIST) if a session of this node
     *     has the name
     */
    public void publish(String name) {
        Objects.requireNonNull(name, "name");
        Session session = active("publish");
        Published had = published.get(name);
        if (had != null) {
            if (had.session() == session) {
                return;
            }
            throw new KernelException(Errno.EEXIST, "ClusterNode: \"" + name + "\" is published by " + had.session());
        }
        kernel.aliasSet(name);
        kernel.state(UNALIAS, ev -> {                            // a refusal: the alias goes, then the error
            if (!published.containsKey(ev.<String>arg(0))) {
                ev.kernel().aliasRemove(ev.arg(0));
            }
            ev.kernel().yield(config.errorEvent(), ev.<ClusterError>arg(1));
        });
        Published mine = new Published(session, null);
        published.put(name, mine);
        kernel.tieToSession(() -> dropName(name, session));
        vertx.executeBlocking(() -> names.putIfAbsent(name, nodeId), false).onComplete(ar -> {
            String owner = ar.succeeded() ? ar.result() : null;
            if (ar.failed() || (owner != null && !owner.equals(nodeId))) {
                published.remove(name, mine);
                String why = ar.failed() ? String.valueOf(ar.cause())
                        : "the name is published on node " + nodeNames.getOrDefault(owner, owner) + "; first publisher wins";
                kernel.post(session, UNALIAS, name, new ClusterError("PUBLISH_REFUSED", name, null, why, 0));
                return;
            }
            home.runOnContext(v -> {
                MessageConsumer<Buffer> c = eb.consumer(NAME_ADDR + name, m -> onMessage(name, session, m));
                if (!published.replace(name, mine, new Published(session, c))) {
                    c.unregister();
                    return;
                }
                c.completion().onComplete(done -> {
                    if (done.succeeded()) {
                        kernel.post(session, PUBLISHED, name);
                    } else {
                        fail(session, "PUBLISH_REFUSED", name, null, String.valueOf(done.cause()), 0);
                    }
                });
            });
        });
    }

    /**
     * Removes a name the active session published.
     *
     * @return whether it had it
     */
    public boolean unpublish(String name) {
        Session session = active("unpublish");
        Published p = published.get(name);
        if (p == null || p.session() != session) {
            return false;
        }
        kernel.aliasRemove(name);
        dropName(name, session);
        return true;
    }

    private void dropName(String name, Session session) {
        Published p = published.get(name);
        if (p == null || p.session() != session || !published.remove(name, p)) {
            return;
        }
        if (p.consumer() != null) {
            home.runOnContext(v -> p.consumer().unregister());
        }
        vertx.executeBlocking(() -> names.remove(name, nodeId), false);
    }

    /** The names published on this node now, sorted. */
    public List<String> localNames() {
        List<String> list = new ArrayList<>(published.keySet());
        Collections.sort(list);
        return list;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Posts an event to the session published under {@code name}, on whichever node.
     * The arguments are encoded now; the sender learns of a failure as its error event.
     * One-way: the receiving node acknowledges posts in bursts (see the module's README,
     * "Delivery semantics").
     *
     * @throws ClusterCodecException (at once) for an argument that cannot cross or a
     *     message over the limit
     */
    public void post(String name, String event, Object... args) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(event, "event");
        Session sender = active("post");
        Buffer body = Frame.post(nodeId, event, codec.encode(args, max));
        String node = directory.nodeOf(name);
        String address = NAME_ADDR + name;
        sendPost(sender, name, event, address, body, node);
    }

    private void sendPost(Session sender, String name, String event, String address, Buffer body, String node) {
        if (node != null && nodeNames.containsKey(node)) {           // the fast way: one-way, receipts later
            body.setLong(Frame.SEQ_OFFSET, window.send(node, sender, name, event, System.nanoTime()));
            onHome(() -> eb.send(address, body));
            return;
        }
        // a name this node does not know (yet): acknowledged on its own, so nobody publishing it is NO_NAME
        body.setLong(Frame.SEQ_OFFSET, -1);
        onHome(() -> eb.<Buffer>request(address, body, ackOptions).onComplete(ar -> {
            if (ar.failed()) {
                fail(sender, ar.cause(), name, event, 0);
            }
        }));
    }

    /**
     * Runs {@code send} (on the kernel's thread) with home as Vert.x's current context, when
     * home is the kernel's own: its reply comes back to the kernel directly, and Vert.x makes
     * no context for the thread per message.
     */
    private void onHome(Runnable send) {
        if (homeToDispatch != null) {
            homeToDispatch.dispatch(send);
        } else {
            send.run();
        }
    }

    /**
     * Calls the session published under {@code name}: its handler's value (an
     * {@code onValue} handler) comes back to the active session as {@code replyEvent}
     * with arguments (value, callId); a failure as its error event, with the call ID.
     *
     * @return the call ID
     * @throws ClusterCodecException (at once) for an argument that cannot cross or a
     *     message over the limit
     */
    public long call(String name, String event, String replyEvent, Object... args) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(replyEvent, "replyEvent");
        Session sender = active("call");
        Buffer body = Frame.call(event, codec.encode(args, max));
        long id = callIds.incrementAndGet();
        Pending p = new Pending(id, sender, name, event, replyEvent, directory.nodeOf(name));
        pending.put(id, p);
        String address = NAME_ADDR + name;
        // No failing fast when the directory's node is not (or not yet) in this node's member
        // table: at start-up that happens to a node that just joined (or rejoined after a merge
        // under a new member ID), and the request, addressed by name, reaches it. A node that
        // really left fails its pending calls in nodeLeft(), and the request times out.
        onHome(() -> eb.<Buffer>request(address, body, callOptions).onComplete(ar -> onReply(p, ar)));
        return id;
    }

    private void onReply(Pending p, io.vertx.core.AsyncResult<Message<Buffer>> ar) {
        if (!pending.remove(p.id(), p)) {
            return;                                  // failed already (its node left, or this node closed)
        }
        if (ar.failed()) {
            if (ar.cause() instanceof ReplyException r && r.failureType() == io.vertx.core.eventbus.ReplyFailure.TIMEOUT) {
                fail(p.caller(), "TIMEOUT", p.name(), p.event(), "no answer within " + config.callTimeout(), p.id());
            } else {
                fail(p.caller(), ar.cause(), p.name(), p.event(), p.id());
            }
            return;
        }
        Buffer b = ar.result().body();
        Object[] value;
        try {
            if (b == null || b.length() > max) {
                throw new ClusterCodecException("answer of " + (b == null ? 0 : b.length())
                        + " bytes exceeds this node's limit of " + max);
            }
            value = codec.decode(b.getBytes(), max);
        } catch (ClusterCodecException e) {
            fail(p.caller(), "REFUSED", p.name(), p.event(), "the answer was refused: " + e.getMessage(), p.id());
            return;
        }
        kernel.post(p.caller(), p.replyEvent(), value.length > 0 ? value[0] : null, p.id());
    }

    /**
     * A postback for the active session that may cross nodes: pass it as an argument; a
     * session on any node fires it with {@link RemotePostback#accept}, and the active
     * session gets {@code event} with (made, given), two lists.
     *
     * @throws ClusterCodecException (at once) if {@code made} cannot cross
     */
    public RemotePostback postback(String event, Object... made) {
        Objects.requireNonNull(event, "event");
        Session session = active("postback");
        codec.encode(made, max);
        if (postbackSessions.putIfAbsent(session.id(), session) == null) {
            kernel.tieToSession(() -> postbackSessions.remove(session.id()));
        }
        return new RemotePostback(nodeId, session.id(), event, Collections.unmodifiableList(new ArrayList<>(java.util.Arrays.asList(made))), this);
    }

    private RemotePostback decodePostback(Object v) {
        if (!(v instanceof List<?> l) || l.size() != 4 || !(l.get(0) instanceof String node)
                || !(l.get(1) instanceof Long id) || !(l.get(2) instanceof String event)
                || !(l.get(3) instanceof List<?> made)) {
            throw new ClusterCodecException("malformed postback " + v);
        }
        @SuppressWarnings("unchecked")
        List<Object> m = (List<Object>) made;
        return new RemotePostback(node, id, event, m, this);
    }

    void firePostback(RemotePostback pb, Object... given) {
        Buffer body = Buffer.buffer(codec.encode(new Object[] {pb.made(), java.util.Arrays.asList(given)}, max));
        Session firing = kernel.loop().inLoopThread() && kernel.activeSession() instanceof Session s ? s : null;
        DeliveryOptions o = new DeliveryOptions().setSendTimeout(Math.max(1, config.ackTimeout().toMillis()))
                .addHeader(H_KIND, "postback").addHeader(H_EVENT, pb.event())
                .addHeader(H_CALL, Long.toString(pb.sessionId()));
        eb.<Buffer>request(NODE_ADDR + pb.nodeId(), body, o).onComplete(ar -> {
            if (ar.failed() && firing != null) {
                String reason = ar.cause() instanceof ReplyException r
                        && r.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS
                        ? "the node that made the postback is gone" : String.valueOf(ar.cause().getMessage());
                fail(firing, "REFUSED", "postback", pb.event(), reason, 0);
            }
        });
    }

    private void onPostback(Message<Buffer> m) {
        Buffer b = m.body();
        if (b == null || b.length() > max) {
            m.fail(413, "postback refused by node " + config.nodeName() + ": over its limit of " + max + " bytes");
            return;
        }
        Object[] args;
        try {
            args = codec.decode(b.getBytes(), max);
        } catch (ClusterCodecException e) {
            m.fail(400, "node " + config.nodeName() + " cannot decode the postback: " + e.getMessage());
            return;
        }
        Session s;
        try {
            s = postbackSessions.get(Long.parseLong(m.headers().get(H_CALL)));
        } catch (RuntimeException e) {
            s = null;
        }
        if (s == null || !s.isAlive() || args.length != 2) {
            m.fail(404, "the session that made the postback has stopped");
            return;
        }
        kernel.post(s, m.headers().get(H_EVENT), args[0], args[1]);
        m.reply(Buffer.buffer());
    }

    private Session active(String method) {
        if (!kernel.loop().inLoopThread()) {
            throw new IllegalStateException("ClusterNode." + method + "() works on the active session: call it from"
                    + " a handler of this node's kernel (thread '" + Thread.currentThread().getName() + "')");
        }
        Target t = kernel.activeSession();
        if (!(t instanceof Session s)) {
            throw new KernelException(Errno.ESRCH, "ClusterNode." + method + "() names the active session;"
                    + " call it from a handler");
        }
        return s;
    }

    // ------------------------------------------------------------------ receiving

    /** A message to a published name, on the Vert.x context: a post or a call. */
    private void onMessage(String name, Session session, Message<Buffer> m) {
        Buffer b = m.body();
        Frame.Reader r = b == null ? null : new Frame.Reader(b);
        try {
            byte kind = r == null ? 0 : r.kind();
            if (kind == Frame.POST) {
                receivePost(name, session, m, r);
            } else if (kind == Frame.CALL) {
                receiveCall(name, session, m, r);
            } else {
                m.fail(400, "REFUSED:malformed message for \"" + name + "\"");
            }
        } catch (ClusterCodecException e) {
            m.fail(400, "REFUSED:malformed message for \"" + name + "\": " + e.getMessage());
        }
    }

    private void receivePost(String name, Session session, Message<Buffer> m, Frame.Reader r) {
        long seq = r.getLong();
        String from = r.getString();
        String event = r.getString();
        if (seq > 0 && receipts.arrived(from, seq)) {
            home.runOnContext(v -> receipts.flush(this::sendReceipt));   // one receipt per burst
        }
        String refused = null;
        Object[] args = null;
        if (r.remaining() > max) {
            refused = "message of " + r.remaining() + " bytes refused by node " + config.nodeName()
                    + ": its limit is " + max;
        } else {
            try {
                args = codec.decode(r.rest(), max);
            } catch (ClusterCodecException e) {
                refused = "node " + config.nodeName() + " cannot decode the arguments: " + e.getMessage();
            }
        }
        if (refused == null && !session.isAlive()) {
            refused = "the session published as \"" + name + "\" has stopped";
        }
        if (refused != null) {
            if (seq > 0) {
                receipts.failed(from, seq, "REFUSED", refused);
            } else {
                m.fail(400, "REFUSED:" + refused);
            }
            return;
        }
        kernel.post(session, event, args);
        if (seq < 0) {
            m.reply(Buffer.buffer());
        }
    }

    private void receiveCall(String name, Session session, Message<Buffer> m, Frame.Reader r) {
        String event = r.getString();
        if (r.remaining() > max) {
            m.fail(413, "REFUSED:message of " + r.remaining() + " bytes refused by node " + config.nodeName()
                    + ": its limit is " + max);
            return;
        }
        Object[] args;
        try {
            args = codec.decode(r.rest(), max);
        } catch (ClusterCodecException e) {
            m.fail(400, "REFUSED:node " + config.nodeName() + " cannot decode the arguments: " + e.getMessage());
            return;
        }
        if (!session.isAlive()) {
            m.fail(404, "REFUSED:the session published as \"" + name + "\" has stopped");
            return;
        }
        kernel.post(proxy, "call", session, event, args, m);
    }

    /** On the kernel's thread: calls the target and answers with the reply of the call's request. */
    private void answer(Session target, String event, Object[] args, Message<Buffer> m) {
        if (!target.isAlive()) {
            m.fail(404, "REFUSED:the called session has stopped");
            return;
        }
        Object value = kernel.call(target, event, args);
        Buffer body;
        try {
            body = Buffer.buffer(codec.encode(new Object[] {value}, max));
        } catch (ClusterCodecException e) {
            m.fail(500, "ERROR:the answer cannot cross the cluster: " + e.getMessage());
            return;
        }
        onHome(() -> m.reply(body));
    }

    private void sendReceipt(String node, Buffer receipt) {
        eb.send(NODE_ADDR + node, receipt);
    }

    /** This node's own address: receipts for its posts, and postbacks it made. */
    private void onNodeMessage(Message<Buffer> m) {
        if ("postback".equals(m.headers().get(H_KIND))) {
            onPostback(m);
            return;
        }
        try {
            Frame.Reader r = new Frame.Reader(m.body());
            if (r.kind() != Frame.RECEIPT) {
                return;
            }
            String node = r.getString();
            long upTo = r.getLong();
            window.receipt(node, upTo, Receipts.readFailures(r), this::postFailed);
        } catch (ClusterCodecException | NullPointerException e) {
            System.err.println("poe-cluster: node " + config.nodeName() + " dropped a malformed receipt: " + e);
        }
    }

    private void postFailed(PostWindow.Entry e, String kind, String reason) {
        fail(e.sender(), kind, e.name(), e.event(), reason, 0);
    }

    private void fail(Session to, Throwable cause, String name, String event, long callId) {
        String kind = "ERROR";
        String reason = String.valueOf(cause.getMessage());
        if (cause instanceof ReplyException r) {
            switch (r.failureType()) {
                case NO_HANDLERS -> {
                    kind = "NO_NAME";
                    reason = "no session publishes \"" + name + "\" in the cluster";
                }
                case TIMEOUT -> {
                    kind = "TIMEOUT";
                    reason = "not acknowledged within " + config.ackTimeout() + " (" + reason + ")";
                }
                case RECIPIENT_FAILURE -> {
                    int colon = reason.indexOf(':');
                    String k = colon > 0 ? reason.substring(0, colon) : "";
                    if (k.equals("REFUSED") || k.equals("ERROR")) {
                        kind = k;
                        reason = reason.substring(colon + 1);
                    } else {
                        kind = "REFUSED";
                    }
                }
                default -> { }
            }
        }
        fail(to, kind, name, event, reason, callId);
    }

    private void fail(Session to, String kind, String name, String event, String reason, long callId) {
        kernel.post(to, config.errorEvent(), new ClusterError(kind, name, event, reason, callId));
    }

    // ------------------------------------------------------------------ leaving

    /**
     * Leaves the cluster: fails pending calls, drops this node's names, lets go of the
     * kernel and closes Vert.x (and Hazelcast). Call it from any thread but a Vert.x one;
     * waits up to 30 seconds.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Pending p : List.copyOf(pending.values())) {
            if (pending.remove(p.id(), p)) {
                fail(p.caller(), "ERROR", p.name(), p.event(), "this node left the cluster", p.id());
            }
        }
        window.failAll("ERROR", "this node left the cluster before the post was acknowledged", this::postFailed);
        if (executors != null) {
            executors.remove(kernel);
        }
        kernel.post(proxy, "release");
        try {
            for (String name : List.copyOf(published.keySet())) {
                names.remove(name, nodeId);
            }
        } catch (RuntimeException ignored) {
            // the cluster is going away with us
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ClusterNode.close: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "ClusterNode[" + config.nodeName() + ", " + UUID.fromString(nodeId) + "]";
    }
}
