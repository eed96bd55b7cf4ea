package poe.component;

import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import poe.EventContext;
import poe.Handler;
import poe.Kernel;
import poe.Session;
import poe.SessionBuilder;
import poe.ValueHandler;
import poe.filter.Filter;
import poe.filter.Line;
import poe.group.KernelGroup;
import poe.wheel.ErrnoNames;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/**
 * A TCP server (POE::Component::Server::TCP): a listening session that accepts
 * connections and runs one session per client, with a {@link ReadWrite} wheel and the
 * callbacks you give. Each client session's heap is a {@link Client}.
 *
 * <pre>{@code
 * TcpServer server = TcpServer.builder()
 *     .address("127.0.0.1").port(0)                       // 0: the system picks; server.port() tells
 *     .alias("echo")
 *     .clientConnected(ev -> TcpServer.client(ev).put("welcome"))
 *     .clientInput(ev -> {
 *         String line = ev.arg(TcpServer.ARG_INPUT);
 *         if (line.equals("quit")) {
 *             TcpServer.client(ev).shutdown();            // after what is queued is written
 *         } else {
 *             TcpServer.client(ev).put("echo: " + line);
 *         }
 *     })
 *     .create(kernel);
 * kernel.run();
 * }</pre>
 *
 * <h2>Callbacks</h2>
 * Every callback is a handler of the client's session (its heap a {@link Client}), except
 * {@code acceptor}, {@code started}, {@code stopped} and {@code error}, which run in the
 * listening session:
 * <ul>
 *   <li>{@code clientPreConnect} (socket): returns the socket to serve, or null to refuse it;</li>
 *   <li>{@code clientConnected} (the {@code args}), {@code clientInput} (record, wheel ID),
 *       {@code clientFlushed} (wheel ID), {@code clientDisconnected} ();</li>
 *   <li>{@code clientError} (operation, errno name, message, wheel ID); end of input is
 *       {@code read} with {@link ErrnoNames#EOF}; by default, failures other than end of
 *       input are logged. Either way the client is disconnected afterwards, unless
 *       {@link Builder#clientShutdownOnError clientShutdownOnError(false)};</li>
 *   <li>{@code acceptor} (socket, address, port): replaces the client sessions altogether;</li>
 *   <li>{@code started} (port, listener args), {@code stopped} (), {@code error} (operation, errno name,
 *       message) for a listener that cannot listen; by default that is logged and the
 *       server stops.</li>
 * </ul>
 * A client session also handles {@code shutdown} (close once queued output is written) and
 * any handlers given with {@link Builder#clientState}. The listening session handles
 * {@code shutdown} (stop listening; connected clients carry on) and
 * {@code set_concurrency} (a new limit). The server listens before {@code create}
 * returns, unless its address is a host name to resolve.
 *
 * <p>Concurrency: with a limit, accepting pauses while that many clients are connected and
 * resumes when one leaves; connections meanwhile wait in the listen queue.
 */
public final class TcpServer {

    /** ClientInput: the record. */
    public static final int ARG_INPUT = 0;
    /** The listening session's event that stops listening. */
    public static final String SHUTDOWN = "shutdown";
    /** The listening session's event that changes the concurrency limit: (limit; 0 or less for none). */
    public static final String SET_CONCURRENCY = "set_concurrency";

    static final String GOT_INPUT = "tcp_server_got_input";
    static final String GOT_ERROR = "tcp_server_got_error";
    static final String GOT_FLUSH = "tcp_server_got_flush";
    static final String CONNECTED = "tcp_server_connected";
    static final String DISCONNECTED = "tcp_server_disconnected";
    static final String USER_ERROR = "tcp_server_client_error";
    static final String USER_FLUSHED = "tcp_server_client_flushed";
    static final String DISCONNECT_NOW = "tcp_server_disconnect_now";

    private static final System.Logger LOG = System.getLogger("poe.component.TcpServer");

    private final Session session;
    private final Listener listener;

    private TcpServer(Session session, Listener listener) {
        this.session = session;
        this.listener = listener;
    }

    /** A builder for a TCP server. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The heap of a client session: its connection, wheel and state.
     *
     * @param ev an event of a client session
     * @return its {@link Client}
     */
    public static Client client(EventContext ev) {
        return ev.heap();
    }

    /** The listening session (post {@link #SHUTDOWN} or {@link #SET_CONCURRENCY} to it). */
    public Session session() {
        return session;
    }

    /** The port listened on (the chosen one for port 0); 0 before listening or for UNIX paths. */
    public int port() {
        return listener.port;
    }

    /** Stops listening; connected clients carry on. Thread-safe. */
    public void shutdown() {
        session.kernel().post(session, SHUTDOWN);
    }

    /**
     * Changes the concurrency limit. Thread-safe.
     *
     * @param limit the most clients at once; 0 or less for no limit
     */
    public void setConcurrency(int limit) {
        session.kernel().post(session, SET_CONCURRENCY, limit);
    }

    /**
     * A connected client: the heap of its session.
     *
     * <pre>{@code
     * .clientInput(ev -> {
     *     Client c = TcpServer.client(ev);
     *     c.put(c.remoteIp() + " said " + ev.arg(TcpServer.ARG_INPUT));
     * })
     * }</pre>
     */
    public static final class Client extends TcpConnection {
        private final SocketChannel socket;
        private final String remoteIp;
        private final int remotePort;
        private final Object[] args;
        private boolean gotError;

        Client(SocketChannel socket, String remoteIp, int remotePort, Object[] args) {
            this.socket = socket;
            this.remoteIp = remoteIp;
            this.remotePort = remotePort;
            this.args = args;
        }

        /** The socket. */
        public SocketChannel socket() {
            return socket;
        }

        /** The peer's address (POE's {@code remote_ip}). */
        public String remoteIp() {
            return remoteIp;
        }

        /** The peer's port (POE's {@code remote_port}; 0 for UNIX-domain clients). */
        public int remotePort() {
            return remotePort;
        }

        /** The server's {@code args}, as given to ClientConnected. */
        public List<Object> args() {
            return Collections.unmodifiableList(Arrays.asList(args));
        }

        /**
         * Disconnects at once, dropping what is still queued (POE's {@code delete
         * $heap->{client}}): for a client that stopped reading. Call it from the client's
         * own session; ClientDisconnected follows.
         */
        public void disconnect() {
            kernel.call(kernel.activeSession(), DISCONNECT_NOW);
        }
    }

    /** The listening session's state. */
    private static final class Listener {
        final Builder config;
        SocketFactory factory;
        int port;
        int connections;
        int limit;
        boolean paused;
        int nextKernel;

        Listener(Builder config) {
            this.config = config;
            this.limit = config.concurrency;
        }

        void start(EventContext ev) {
            if (config.alias != null) {
                ev.kernel().aliasSet(config.alias);
            }
            SocketFactory.Builder b = SocketFactory.builder().domain(config.domain)
                    .successEvent("tcp_server_accepted").failureEvent("tcp_server_listen_failed")
                    .listenQueue(config.listenQueue);
            if (config.domain != SocketFactory.Domain.UNIX) {
                b.reuse(true).bindPort(config.port);
            }
            if (config.address != null) {
                b.bindAddress(config.address);
            }
            factory = b.create(ev.kernel());
            port = factory.port();
            if (config.started != null && factory.listener() != null) {
                Object[] startedArgs = new Object[config.listenerArgs.length + 1];
                startedArgs[0] = port;
                System.arraycopy(config.listenerArgs, 0, startedArgs, 1, config.listenerArgs.length);
                ev.kernel().call(ev.session(), "tcp_server_started", startedArgs);
            }
        }

        void accepted(EventContext ev) throws Exception {
            SocketChannel socket = ev.arg(SocketFactory.ARG_SOCKET);
            String ip = ev.arg(SocketFactory.ARG_ADDRESS);
            int peerPort = ev.arg(SocketFactory.ARG_PORT);
            if (config.acceptor != null) {
                countIn();
                ev.kernel().call(ev.session(), "tcp_server_acceptor", socket, ip, peerPort);
                return;
            }
            if (config.preConnect != null) {
                Object kept;
                try {
                    kept = ev.kernel().call(ev.session(), "tcp_server_pre_connect", socket);
                } catch (Throwable t) {
                    socket.close();                           // nobody else would: DIE follows
                    throw t;
                }
                if (!(kept instanceof SocketChannel)) {
                    socket.close();
                    return;
                }
                socket = (SocketChannel) kept;
            }
            countIn();
            Client client = new Client(socket, ip, peerPort, config.args);
            KernelGroup group = config.group;
            int index = group == null ? -1 : nextKernel++ % group.size();
            if (group == null || group.kernel(index) == ev.kernel()) {
                startClient(ev.kernel(), client);
            } else {
                group.execute(index, kernel -> startClient(kernel, client));   // the session lives on that kernel
            }
        }

        private void countIn() {
            connections++;
            if (limit > 0 && connections >= limit && !paused && factory != null) {
                paused = true;
                factory.pauseAccept();
            }
        }

        void disconnected(EventContext ev) {
            connections--;
            adjust();
        }

        void setConcurrency(EventContext ev) {
            limit = ((Number) ev.arg(0)).intValue();
            adjust();
        }

        private void adjust() {
            if (factory == null) {
                return;
            }
            boolean full = limit > 0 && connections >= limit;
            if (full && !paused) {
                paused = true;
                factory.pauseAccept();
            } else if (!full && paused) {
                paused = false;
                factory.resumeAccept();
            }
        }

        void listenFailed(EventContext ev) {
            stopListening(ev.kernel());
            if (config.error != null) {
                ev.kernel().call(ev.session(), "tcp_server_error", ev.arg(0), ev.arg(1), ev.arg(2));
            } else {
                LOG.log(System.Logger.Level.ERROR, "TcpServer on " + where() + " cannot listen: " + ev.arg(0) + " "
                        + ev.arg(1) + " (" + ev.arg(2) + "); the server stops. Give error(...) to handle it.");
            }
        }

        private String where() {
            return config.domain == SocketFactory.Domain.UNIX ? config.address
                    : (config.address == null ? "*" : config.address) + ":" + config.port;
        }

        void stopListening(Kernel kernel) {
            if (factory != null) {
                factory.close();
                factory = null;
            }
            if (config.alias != null && kernel.aliasList().contains(config.alias)) {
                kernel.aliasRemove(config.alias);
            }
        }

        /**
         * Client sessions are made by one builder per kernel, so that they share one handler
         * table (a session copies it only when its wheel adds handlers); each builder is used
         * only on its kernel's thread.
         */
        private final java.util.Map<Kernel, SessionBuilder> clientBuilders = new java.util.concurrent.ConcurrentHashMap<>();

        private void startClient(Kernel kernel, Client client) {
            clientBuilders.computeIfAbsent(kernel, k -> clientSessions()).heap(client).create(kernel);
        }

        /** The client sessions' handlers, as POE's default acceptor makes them; each finds its client in its heap. */
        SessionBuilder clientSessions() {
            Builder c = config;
            SessionBuilder b = Session.builder()
                    .on("_start", ev -> {
                        Client client = ev.heap();
                        client.kernel = ev.kernel();
                        ReadWrite.Builder rw = ReadWrite.builder().handle(client.socket)
                                .inputEvent(GOT_INPUT).errorEvent(GOT_ERROR).flushedEvent(GOT_FLUSH);
                        TcpConnection.filters(rw, c.filter, c.inputFilter, c.outputFilter);
                        if (c.highMark > 0) {
                            rw.highMark(c.highMark).lowMark(c.lowMark).highEvent("tcp_server_high")
                                    .lowEvent("tcp_server_low");
                        }
                        client.wheel = rw.create(ev.kernel());
                        client.connected = true;
                        if (c.connected != null) {
                            ev.kernel().call(ev.session(), CONNECTED, client.args);
                        }
                    })
                    .on(GOT_INPUT, ev -> {
                        Client client = ev.heap();
                        if (!client.shuttingDown) {         // POE: input is discarded once shutdown was asked
                            c.input.handle(ev);
                        }
                    })
                    .on(GOT_ERROR, ev -> {
                        Client client = ev.heap();
                        Object errno = ev.arg(1);
                        if (!("read".equals(ev.arg(0)) && ErrnoNames.EOF.equals(errno))) {
                            client.gotError = true;               // queued output may never drain
                        }
                        try {
                            if (c.clientError != null) {
                                ev.kernel().call(ev.session(), USER_ERROR, ev.arg(0), errno, ev.arg(2), ev.arg(3));
                            } else if (!ErrnoNames.EOF.equals(errno)) {
                                LOG.log(System.Logger.Level.DEBUG, "TcpServer client " + client.remoteIp + ":"
                                        + client.remotePort + ": " + ev.arg(0) + " " + errno + " " + ev.arg(2));
                            }
                        } finally {                             // a handler that throws still disconnects
                            if (c.shutdownOnError) {
                                disconnect(ev, client);
                            }
                        }
                    })
                    .on(GOT_FLUSH, ev -> {
                        Client client = ev.heap();
                        try {
                            if (c.flushed != null) {
                                ev.kernel().call(ev.session(), USER_FLUSHED, (Object) ev.arg(0));
                            }
                        } finally {
                            if (client.shuttingDown && client.wheel != null
                                    && client.wheel.getDriverOutOctets() == 0) {
                                disconnect(ev, client);
                            }
                        }
                    })
                    .on("tcp_server_high", ev -> {
                        Client client = ev.heap();
                        if (client.wheel != null) {
                            client.wheel.pauseInput();
                        }
                    })
                    .on("tcp_server_low", ev -> {
                        Client client = ev.heap();
                        if (client.wheel != null) {
                            client.wheel.resumeInput();
                        }
                    })
                    .on(SHUTDOWN, ev -> {
                        Client client = ev.heap();
                        client.shuttingDown = true;
                        if (client.wheel != null && (client.gotError || client.wheel.getDriverOutOctets() == 0)) {
                            disconnect(ev, client);
                        }
                    })
                    .on(DISCONNECT_NOW, ev -> {
                        Client client = ev.heap();
                        client.shuttingDown = true;
                        disconnect(ev, client);
                    })
                    .on("_stop", ev -> {
                        Client client = ev.heap();
                        try {
                            disconnect(ev, client);
                        } finally {
                            clientGone(ev);
                        }
                    });
            if (c.connected != null) {
                b.on(CONNECTED, c.connected);
            }
            if (c.disconnected != null) {
                b.on(DISCONNECTED, c.disconnected);
            }
            if (c.clientError != null) {
                b.on(USER_ERROR, c.clientError);
            }
            if (c.flushed != null) {
                b.on(USER_FLUSHED, c.flushed);
            }
            c.clientHandlers.forEach(extra -> extra.accept(b));
            return b;
        }

        /** Tells the listening session that one of its clients has gone. */
        private void clientGone(EventContext ev) {
            Session listening = listenerSession;
            if (listening != null && listening.isAlive()) {
                if (listening.kernel() == ev.kernel()) {
                    // call, not post: the kernel drops what a stopping session posted (as POE does)
                    ev.kernel().call(listening, "tcp_server_client_gone");
                } else {
                    listening.kernel().post(listening, "tcp_server_client_gone");   // a group's other kernel
                }
            }
        }

        Session listenerSession;

        private void disconnect(EventContext ev, Client client) {
            try {
                if (client.connected) {
                    client.connected = false;
                    if (config.disconnected != null) {
                        ev.kernel().call(ev.session(), DISCONNECTED);
                    }
                }
            } finally {
                closeWheel(client);
            }
        }

        private static void closeWheel(Client client) {
            if (client.wheel != null) {
                ReadWrite wheel = client.wheel;
                client.wheel = null;
                wheel.close();
            }
        }
    }

    /**
     * Builds a {@link TcpServer} (POE's parameters, one method each).
     *
     * <pre>{@code
     * TcpServer.builder()
     *     .port(8080).concurrency(100)
     *     .clientFilter(() -> Line.literal("\n"))
     *     .clientInput(ev -> TcpServer.client(ev).put(ev.arg(0)))
     *     .clientState("tick", ev -> TcpServer.client(ev).put("tick"))
     *     .create(kernel);
     * }</pre>
     */
    public static final class Builder {
        private String address;
        private int port = -1;
        private SocketFactory.Domain domain = SocketFactory.Domain.INET;
        private String alias;
        private int concurrency;
        private int listenQueue = 4096;
        private Handler input;
        private Handler connected;
        private Handler disconnected;
        private Handler clientError;
        private Handler flushed;
        private ValueHandler preConnect;
        private Handler acceptor;
        private Handler started;
        private Handler stopped;
        private Handler error;
        private Supplier<Filter<byte[], ?>> filter = Line::create;
        private Supplier<Filter<byte[], ?>> inputFilter;
        private Supplier<Filter<byte[], ?>> outputFilter;
        private long highMark;
        private long lowMark;
        private boolean shutdownOnError = true;
        private Object[] args = new Object[0];
        private Object[] listenerArgs = new Object[0];
        private final List<java.util.function.Consumer<SessionBuilder>> clientHandlers = new java.util.ArrayList<>();
        private KernelGroup group;

        private Builder() {
        }

        /**
         * Spreads the clients over a kernel group: each accepted connection gets its
         * session on the group's kernels in turn (the listener stays where it was made).
         * Client callbacks then run on several threads at once: share state between
         * clients only through posts or thread-safe structures.
         *
         * @param group a started group that includes the kernel this server is created on
         * @return this builder
         */
        public Builder group(KernelGroup group) {
            this.group = Objects.requireNonNull(group, "group");
            return this;
        }

        /** The address to listen on (default: every IPv4 interface); a host name is resolved off-thread. */
        public Builder address(String address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port (default 0, as POE's: the system picks one; {@link TcpServer#port()} tells). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("TcpServer: port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The domain (default INET; INET6 for IPv6). */
        public Builder domain(SocketFactory.Domain domain) {
            this.domain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        /** Listens on a UNIX-domain socket at this path. */
        public Builder unixPath(Path path) {
            this.domain = SocketFactory.Domain.UNIX;
            this.address = path.toString();
            return this;
        }

        /** An alias for the listening session. */
        public Builder alias(String alias) {
            this.alias = Objects.requireNonNull(alias, "alias");
            return this;
        }

        /** The most clients at once (default: no limit). */
        public Builder concurrency(int limit) {
            this.concurrency = limit;
            return this;
        }

        /** The listen backlog (default 4096, capped by the system). */
        public Builder listenQueue(int backlog) {
            this.listenQueue = backlog;
            return this;
        }

        /** ClientInput: each record a client sends (required unless an acceptor is given). */
        public Builder clientInput(Handler handler) {
            this.input = handler;
            return this;
        }

        /** ClientConnected: a client's session started; its arguments are {@link #args}. */
        public Builder clientConnected(Handler handler) {
            this.connected = handler;
            return this;
        }

        /** ClientDisconnected: the client is gone (end of input, an error, or shutdown). */
        public Builder clientDisconnected(Handler handler) {
            this.disconnected = handler;
            return this;
        }

        /** ClientError: (operation, errno name, message, wheel ID); end of input too. */
        public Builder clientError(Handler handler) {
            this.clientError = handler;
            return this;
        }

        /** ClientFlushed: everything put to the client has been written. */
        public Builder clientFlushed(Handler handler) {
            this.flushed = handler;
            return this;
        }

        /** ClientPreConnect: (socket) in the listening session; return the socket, or null to refuse it. */
        public Builder clientPreConnect(ValueHandler handler) {
            this.preConnect = handler;
            return this;
        }

        /** Acceptor: (socket, address, port) in the listening session, instead of client sessions. */
        public Builder acceptor(Handler handler) {
            this.acceptor = handler;
            return this;
        }

        /** Started: (port, then the {@link #listenerArgs}) once listening. */
        public Builder started(Handler handler) {
            this.started = handler;
            return this;
        }

        /** Stopped: the listening session stops. */
        public Builder stopped(Handler handler) {
            this.stopped = handler;
            return this;
        }

        /** Error: (operation, errno name, message) when the server cannot listen. */
        public Builder error(Handler handler) {
            this.error = handler;
            return this;
        }

        /** ClientFilter: makes each client's filter (default {@link Line#create()}). */
        public Builder clientFilter(Supplier<Filter<byte[], ?>> filter) {
            this.filter = Objects.requireNonNull(filter, "clientFilter");
            return this;
        }

        /** ClientInputFilter (with {@link #clientOutputFilter}). */
        public Builder clientInputFilter(Supplier<Filter<byte[], ?>> filter) {
            this.inputFilter = Objects.requireNonNull(filter, "clientInputFilter");
            return this;
        }

        /** ClientOutputFilter (with {@link #clientInputFilter}). */
        public Builder clientOutputFilter(Supplier<Filter<byte[], ?>> filter) {
            this.outputFilter = Objects.requireNonNull(filter, "clientOutputFilter");
            return this;
        }

        /**
         * Water marks for each client's output: reading from a client pauses while this
         * much is queued for it, and resumes at the low mark.
         */
        public Builder clientMarks(long highMark, long lowMark) {
            if (lowMark <= 0 || highMark <= lowMark) {
                throw new IllegalArgumentException("TcpServer: clientMarks needs 0 < lowMark < highMark, got "
                        + highMark + " and " + lowMark);
            }
            this.highMark = highMark;
            this.lowMark = lowMark;
            return this;
        }

        /**
         * ClientShutdownOnError (default true): whether an error, end of input included,
         * disconnects the client after ClientError. With false the application decides, e.g.
         * to keep writing to a client that half-closed, and calls {@link Client#shutdown()}
         * when done (at once after a write error).
         */
        public Builder clientShutdownOnError(boolean shutdown) {
            this.shutdownOnError = shutdown;
            return this;
        }

        /** Args: handed to ClientConnected (and kept in {@link Client#args()}). */
        public Builder args(Object... args) {
            this.args = args.clone();
            return this;
        }

        /** ListenerArgs: handed to Started after the port (POE gives them to Started alone). */
        public Builder listenerArgs(Object... args) {
            this.listenerArgs = args.clone();
            return this;
        }

        /** An extra handler of every client session (POE's InlineStates). */
        public Builder clientState(String event, Handler handler) {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(handler, "handler");
            clientHandlers.add(b -> b.on(event, handler));
            return this;
        }

        /** Methods of an object as extra handlers of every client session (POE's ObjectStates). */
        public Builder clientObject(Object target, String... methods) {
            Objects.requireNonNull(target, "target");
            clientHandlers.add(b -> b.object(target, methods));
            return this;
        }

        /** Static methods of a class as extra handlers of every client session (POE's PackageStates). */
        public Builder clientStatics(Class<?> type, String... methods) {
            Objects.requireNonNull(type, "type");
            clientHandlers.add(b -> b.statics(type, methods));
            return this;
        }

        /**
         * Creates the listening session (a child of the active session, if any) and listens.
         *
         * @param kernel the kernel
         * @return the server
         * @throws IllegalArgumentException when parameters are missing or do not fit together
         */
        public TcpServer create(Kernel kernel) {
            if (input == null && acceptor == null) {
                throw new IllegalArgumentException("TcpServer needs clientInput(...) (or an acceptor(...) that"
                        + " makes its own sessions)");
            }
            if (domain == SocketFactory.Domain.UNIX && address == null) {
                throw new IllegalArgumentException("TcpServer: a UNIX-domain server needs unixPath(...)");
            }
            if ((inputFilter == null) != (outputFilter == null)) {
                throw new IllegalArgumentException("TcpServer: clientInputFilter and clientOutputFilter go together"
                        + " (or use clientFilter for both)");
            }
            if (port < 0) {
                port = 0;
            }
            Listener listener = new Listener(this);
            SessionBuilder b = Session.builder()
                    .on("_start", listener::start)
                    .on("tcp_server_accepted", listener::accepted)
                    .on("tcp_server_listen_failed", listener::listenFailed)
                    .on("tcp_server_client_gone", listener::disconnected)
                    .on(SET_CONCURRENCY, listener::setConcurrency)
                    .on(SHUTDOWN, ev -> listener.stopListening(ev.kernel()));
            if (acceptor != null) {
                b.on("tcp_server_acceptor", acceptor);
                b.on("disconnected", listener::disconnected);     // POE's acceptor idiom frees a slot
            }
            if (preConnect != null) {
                b.onValue("tcp_server_pre_connect", preConnect);
            }
            if (started != null) {
                b.on("tcp_server_started", started);
            }
            if (stopped != null) {
                b.on("_stop", stopped);
            }
            if (error != null) {
                b.on("tcp_server_error", error);
            }
            Session session = b.create(kernel);
            listener.listenerSession = session;
            return new TcpServer(session, listener);
        }
    }
}
