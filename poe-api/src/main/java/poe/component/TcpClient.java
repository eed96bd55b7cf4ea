package poe.component;

import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
import poe.wheel.ErrnoNames;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/**
 * A TCP client (POE::Component::Client::TCP): a session that connects to a server, with a
 * {@link ReadWrite} wheel and the callbacks you give; its heap is a {@link Connection}.
 *
 * <pre>{@code
 * TcpClient.builder()
 *     .remoteAddress("127.0.0.1").remotePort(7007)
 *     .connectTimeout(5)
 *     .connected(ev -> TcpClient.connection(ev).put("hello"))
 *     .serverInput(ev -> {
 *         System.out.println("got " + ev.arg(TcpClient.ARG_INPUT));
 *         TcpClient.connection(ev).shutdown();
 *     })
 *     .connectError(ev -> System.err.println("cannot connect: " + ev.arg(1)))
 *     .create(kernel);
 * }</pre>
 *
 * <h2>Callbacks (handlers of the client's session)</h2>
 * <ul>
 *   <li>{@code started} (the {@code args}) at the end of the session's {@code _start};</li>
 *   <li>{@code preConnect} (socket, address, port) once connected, before the wheel exists:
 *       returns the socket to use, or null to drop the connection (no other callback
 *       follows);</li>
 *   <li>{@code connected} (socket, address, port), {@code connectError} (operation, errno
 *       name, message) — a refused, unreachable or timed-out connection;</li>
 *   <li>{@code serverInput} (record, wheel ID; not called once {@code shutdown} was asked),
 *       {@code serverFlushed} (wheel ID);</li>
 *   <li>{@code serverHigh} / {@code serverLow} when queued output crosses the water marks
 *       ({@code highMark}, {@code lowMark}; all four go together);</li>
 *   <li>{@code serverError} (operation, errno name, message, wheel ID; end of input is
 *       {@code read} with {@link ErrnoNames#EOF}), then the connection is dropped;</li>
 *   <li>{@code disconnected} () once a connection is gone.</li>
 * </ul>
 * Events the session handles: {@code connect} (optionally a new address and port),
 * {@code reconnect} (drop the connection and connect again; post it with a delay to
 * wait), {@code shutdown} (disconnect once queued output is written, and connect no
 * more), and any given with {@link Builder#state}. The session lives while it is
 * connected or connecting, or holds an alias.
 */
public final class TcpClient {

    /** ServerInput: the record. */
    public static final int ARG_INPUT = 0;
    /** Connect to the server again (after dropping the connection). */
    public static final String RECONNECT = "reconnect";
    /** Connect, optionally to (address, port). */
    public static final String CONNECT = "connect";
    /** Disconnect once queued output is written. */
    public static final String SHUTDOWN = "shutdown";

    static final String CONNECTED = "tcp_client_connected";
    static final String CONNECT_FAILED = "tcp_client_connect_failed";
    static final String GOT_INPUT = "tcp_client_got_input";
    static final String GOT_ERROR = "tcp_client_got_error";
    static final String GOT_FLUSH = "tcp_client_got_flush";
    static final String USER_CONNECTED = "tcp_client_user_connected";
    static final String USER_CONNECT_ERROR = "tcp_client_user_connect_error";
    static final String USER_ERROR = "tcp_client_user_error";
    static final String USER_FLUSHED = "tcp_client_user_flushed";
    static final String USER_DISCONNECTED = "tcp_client_user_disconnected";
    static final String USER_STARTED = "tcp_client_user_started";
    static final String USER_PRE_CONNECT = "tcp_client_user_pre_connect";
    static final String GOT_HIGH = "tcp_client_got_high";
    static final String GOT_LOW = "tcp_client_got_low";

    private static final System.Logger LOG = System.getLogger("poe.component.TcpClient");

    private TcpClient() {
    }

    /** A builder for a TCP client session. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The heap of a client session.
     *
     * @param ev an event of a TcpClient session
     * @return its {@link Connection}
     */
    public static Connection connection(EventContext ev) {
        return ev.heap();
    }

    /** A TcpClient session's heap: its connection, wheel and state. */
    public static final class Connection extends TcpConnection {
        private final Builder config;
        private String remoteAddress;
        private int remotePort;
        private SocketFactory connector;

        Connection(Builder config) {
            this.config = config;
            this.remoteAddress = config.remoteAddress;
            this.remotePort = config.remotePort;
        }

        /** The address connected (or being connected) to. */
        public String remoteAddress() {
            return remoteAddress;
        }

        /** The port connected (or being connected) to. */
        public int remotePort() {
            return remotePort;
        }

        void connect(EventContext ev) {
            kernel = ev.kernel();
            if (ev.argCount() >= 2) {
                remoteAddress = ev.arg(0);
                remotePort = ((Number) ev.arg(1)).intValue();
            }
            drop(ev, false);
            shuttingDown = false;
            SocketFactory.Builder b = SocketFactory.builder().domain(config.domain).remoteAddress(remoteAddress)
                    .successEvent(CONNECTED).failureEvent(CONNECT_FAILED);
            if (config.domain != SocketFactory.Domain.UNIX) {
                b.remotePort(remotePort);
            }
            if (config.bindAddress != null) {
                b.bindAddress(config.bindAddress);
            }
            if (config.bindPort > 0) {
                b.bindPort(config.bindPort);
            }
            if (config.connectTimeout > 0) {
                b.connectTimeout(config.connectTimeout);
            }
            connector = b.create(ev.kernel());
        }

        void connected(EventContext ev) throws java.io.IOException {
            connector.close();
            connector = null;
            SocketChannel socket = ev.arg(SocketFactory.ARG_SOCKET);
            if (config.preConnect != null) {
                Object kept;
                try {
                    kept = ev.kernel().call(ev.session(), USER_PRE_CONNECT, socket, ev.arg(1), ev.arg(2));
                } catch (Throwable t) {
                    socket.close();                         // nobody else would: DIE follows
                    throw t;
                }
                if (!(kept instanceof SocketChannel)) {
                    socket.close();                         // refused: no wheel, no further callback
                    return;
                }
                socket = (SocketChannel) kept;
            }
            ReadWrite.Builder rw = ReadWrite.builder().handle(socket)
                    .inputEvent(GOT_INPUT).errorEvent(GOT_ERROR).flushedEvent(GOT_FLUSH);
            TcpConnection.filters(rw, config.filter, config.inputFilter, config.outputFilter);
            if (config.highMark > 0) {
                rw.highMark(config.highMark).lowMark(config.lowMark).highEvent(GOT_HIGH).lowEvent(GOT_LOW);
            }
            wheel = rw.create(ev.kernel());
            connected = true;
            if (config.connected != null) {
                ev.kernel().call(ev.session(), USER_CONNECTED, socket, ev.arg(1), ev.arg(2));
            }
        }

        void connectFailed(EventContext ev) {
            connector.close();
            connector = null;
            if (config.connectError != null) {
                ev.kernel().call(ev.session(), USER_CONNECT_ERROR, ev.arg(0), ev.arg(1), ev.arg(2));
            } else {
                LOG.log(System.Logger.Level.WARNING, "TcpClient to " + remoteAddress + ":" + remotePort + ": "
                        + ev.arg(0) + " " + ev.arg(1) + " (" + ev.arg(2) + ")");
            }
        }

        void error(EventContext ev) {
            Object errno = ev.arg(1);
            try {
                if (config.serverError != null) {
                    ev.kernel().call(ev.session(), USER_ERROR, ev.arg(0), errno, ev.arg(2), ev.arg(3));
                } else if (!ErrnoNames.EOF.equals(errno)) {
                    LOG.log(System.Logger.Level.WARNING, "TcpClient to " + remoteAddress + ":" + remotePort + ": "
                            + ev.arg(0) + " " + errno + " (" + ev.arg(2) + ")");
                }
            } finally {                                     // a handler that throws still drops the connection
                drop(ev, true);
            }
        }

        void flushed(EventContext ev) {
            try {
                if (config.serverFlushed != null) {
                    ev.kernel().call(ev.session(), USER_FLUSHED, (Object) ev.arg(0));
                }
            } finally {
                if (shuttingDown && wheel != null && wheel.getDriverOutOctets() == 0) {
                    drop(ev, true);
                }
            }
        }

        void shutdownAsked(EventContext ev) {
            shuttingDown = true;
            if (connector != null) {
                connector.close();
                connector = null;
            }
            if (config.alias != null && ev.kernel().aliasList().contains(config.alias)) {
                ev.kernel().aliasRemove(config.alias);
            }
            if (wheel != null && wheel.getDriverOutOctets() == 0) {
                drop(ev, true);
            }
        }

        /** Drops the connection (and a connect in progress); tells Disconnected if it was up. */
        void drop(EventContext ev, boolean tell) {
            if (connector != null) {
                connector.close();
                connector = null;
            }
            boolean was = connected;
            connected = false;
            if (wheel != null) {
                ReadWrite w = wheel;
                wheel = null;
                w.close();
            }
            if (was && tell && config.disconnected != null) {
                ev.kernel().call(ev.session(), USER_DISCONNECTED);
            }
        }
    }

    /**
     * Builds a TcpClient session (POE's parameters, one method each).
     *
     * <pre>{@code
     * TcpClient.builder()
     *     .remoteAddress("localhost").remotePort(80).connectTimeout(2)
     *     .filter(() -> Line.literal("\r\n"))
     *     .serverInput(ev -> System.out.println(ev.<String>arg(0)))
     *     .disconnected(ev -> ev.kernel().delay(TcpClient.RECONNECT, 5))   // try again in 5 s
     *     .create(kernel);
     * }</pre>
     */
    public static final class Builder {
        private String remoteAddress;
        private int remotePort = -1;
        private String bindAddress;
        private int bindPort;
        private SocketFactory.Domain domain = SocketFactory.Domain.INET;
        private double connectTimeout;
        private Handler connected;
        private Handler connectError;
        private Handler disconnected;
        private Handler serverInput;
        private Handler serverError;
        private Handler serverFlushed;
        private Handler started;
        private ValueHandler preConnect;
        private long highMark = -1;
        private long lowMark = -1;
        private Handler serverHigh;
        private Handler serverLow;
        private Supplier<Filter<byte[], ?>> filter = Line::create;
        private Supplier<Filter<byte[], ?>> inputFilter;
        private Supplier<Filter<byte[], ?>> outputFilter;
        private String alias;
        private Object[] args = new Object[0];
        private final java.util.List<java.util.function.Consumer<SessionBuilder>> extraHandlers = new java.util.ArrayList<>();

        private Builder() {
        }

        /** The server's address: an IP literal, a host name (resolved off-thread), or a UNIX path. */
        public Builder remoteAddress(String address) {
            this.remoteAddress = Objects.requireNonNull(address, "remoteAddress");
            return this;
        }

        /** Connects to a UNIX-domain socket at this path. */
        public Builder remotePath(Path path) {
            this.domain = SocketFactory.Domain.UNIX;
            return remoteAddress(path.toString());
        }

        /** The server's port (required for IP servers). */
        public Builder remotePort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("TcpClient: remotePort must be 0..65535, got " + port);
            }
            this.remotePort = port;
            return this;
        }

        /** The local address to bind before connecting. */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress");
            return this;
        }

        /** The local port to bind before connecting. */
        public Builder bindPort(int port) {
            this.bindPort = port;
            return this;
        }

        /** The domain (default INET; INET6 for IPv6). */
        public Builder domain(SocketFactory.Domain domain) {
            this.domain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        /** ConnectTimeout in seconds: a slower connection is a ConnectError ({@code ETIMEDOUT}). */
        public Builder connectTimeout(double seconds) {
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("TcpClient: connectTimeout must be a finite number of seconds"
                        + " greater than 0, got " + seconds);
            }
            this.connectTimeout = seconds;
            return this;
        }

        /** Connected: (socket, address, port). */
        public Builder connected(Handler handler) {
            this.connected = handler;
            return this;
        }

        /** ConnectError: (operation, errno name, message). Default: logged. */
        public Builder connectError(Handler handler) {
            this.connectError = handler;
            return this;
        }

        /** Disconnected: a connection that was up is gone. */
        public Builder disconnected(Handler handler) {
            this.disconnected = handler;
            return this;
        }

        /** ServerInput: (record, wheel ID). Required. */
        public Builder serverInput(Handler handler) {
            this.serverInput = handler;
            return this;
        }

        /** ServerError: (operation, errno name, message, wheel ID), end of input included. */
        public Builder serverError(Handler handler) {
            this.serverError = handler;
            return this;
        }

        /** ServerFlushed: (wheel ID). */
        public Builder serverFlushed(Handler handler) {
            this.serverFlushed = handler;
            return this;
        }

        /** Started: (the {@code args}) at the end of the session's {@code _start}. */
        public Builder started(Handler handler) {
            this.started = handler;
            return this;
        }

        /**
         * PreConnect: (socket, address, port) once the socket is connected and before its wheel
         * exists; returns the socket to use (e.g. wrapped), or null to drop the connection.
         */
        public Builder preConnect(ValueHandler handler) {
            this.preConnect = handler;
            return this;
        }

        /** HighMark: queued output at which {@link #serverHigh} is called (with the other three). */
        public Builder highMark(long octets) {
            this.highMark = octets;
            return this;
        }

        /** LowMark: queued output at which {@link #serverLow} is called after a high. */
        public Builder lowMark(long octets) {
            this.lowMark = octets;
            return this;
        }

        /** ServerHigh: queued output reached the high mark. */
        public Builder serverHigh(Handler handler) {
            this.serverHigh = handler;
            return this;
        }

        /** ServerLow: queued output fell to the low mark. */
        public Builder serverLow(Handler handler) {
            this.serverLow = handler;
            return this;
        }

        /** Filter: makes the connection's filter (default {@link Line#create()}). */
        public Builder filter(Supplier<Filter<byte[], ?>> filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** InputFilter (with {@link #outputFilter}). */
        public Builder inputFilter(Supplier<Filter<byte[], ?>> filter) {
            this.inputFilter = Objects.requireNonNull(filter, "inputFilter");
            return this;
        }

        /** OutputFilter (with {@link #inputFilter}). */
        public Builder outputFilter(Supplier<Filter<byte[], ?>> filter) {
            this.outputFilter = Objects.requireNonNull(filter, "outputFilter");
            return this;
        }

        /** An alias for the session (kept until shutdown). */
        public Builder alias(String alias) {
            this.alias = Objects.requireNonNull(alias, "alias");
            return this;
        }

        /** Args: the session's {@code _start} arguments (kept in the heap's data under "args"). */
        public Builder args(Object... args) {
            this.args = args.clone();
            return this;
        }

        /** An extra handler of the session (POE's InlineStates). */
        public Builder state(String event, Handler handler) {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(handler, "handler");
            extraHandlers.add(b -> b.on(event, handler));
            return this;
        }

        /** Methods of an object as extra handlers, each named as its event (POE's ObjectStates). */
        public Builder object(Object target, String... methods) {
            Objects.requireNonNull(target, "target");
            extraHandlers.add(b -> b.object(target, methods));
            return this;
        }

        /** Static methods of a class as extra handlers (POE's PackageStates). */
        public Builder statics(Class<?> type, String... methods) {
            Objects.requireNonNull(type, "type");
            extraHandlers.add(b -> b.statics(type, methods));
            return this;
        }

        /**
         * Creates the session (a child of the active session, if any), which connects at once.
         *
         * @param kernel the kernel
         * @return the session
         * @throws IllegalArgumentException when parameters are missing or do not fit together
         */
        public Session create(Kernel kernel) {
            if (remoteAddress == null) {
                throw new IllegalArgumentException("TcpClient needs remoteAddress(...)");
            }
            if (domain != SocketFactory.Domain.UNIX && remotePort < 0) {
                throw new IllegalArgumentException("TcpClient needs remotePort(...)");
            }
            if (serverInput == null) {
                throw new IllegalArgumentException("TcpClient needs serverInput(...): what to do with what the"
                        + " server sends");
            }
            if ((inputFilter == null) != (outputFilter == null)) {
                throw new IllegalArgumentException("TcpClient: inputFilter and outputFilter go together (or use"
                        + " filter for both)");
            }
            int marks = (highMark >= 0 ? 1 : 0) + (lowMark >= 0 ? 1 : 0) + (serverHigh != null ? 1 : 0)
                    + (serverLow != null ? 1 : 0);
            if (marks != 0 && marks != 4) {
                throw new IllegalArgumentException("TcpClient: highMark, lowMark, serverHigh and serverLow go"
                        + " together (give all four or none)");
            }
            if (marks == 4 && !(lowMark > 0 && highMark > lowMark)) {
                throw new IllegalArgumentException("TcpClient: needs 0 < lowMark < highMark, got highMark "
                        + highMark + " and lowMark " + lowMark);
            }
            Connection conn = new Connection(this);
            conn.data().put("args", java.util.Collections.unmodifiableList(java.util.Arrays.asList(args)));
            SessionBuilder b = Session.builder()
                    .heap(conn)
                    .args(args)
                    .on("_start", ev -> {
                        if (alias != null) {
                            ev.kernel().aliasSet(alias);
                        }
                        conn.connect(ev);
                        if (started != null) {
                            ev.kernel().call(ev.session(), USER_STARTED, ev.args().toArray());
                        }
                    })
                    .on(CONNECT, conn::connect)
                    .on(RECONNECT, ev -> {
                        conn.drop(ev, true);
                        conn.connect(ev);
                    })
                    .on(SHUTDOWN, conn::shutdownAsked)
                    .on(CONNECTED, conn::connected)
                    .on(CONNECT_FAILED, conn::connectFailed)
                    .on(GOT_INPUT, ev -> {
                        if (!conn.shuttingDown) {           // POE: input is discarded once shutdown was asked
                            serverInput.handle(ev);
                        }
                    })
                    .on(GOT_ERROR, conn::error)
                    .on(GOT_FLUSH, conn::flushed)
                    .on("_stop", ev -> conn.drop(ev, true));
            if (connected != null) {
                b.on(USER_CONNECTED, connected);
            }
            if (connectError != null) {
                b.on(USER_CONNECT_ERROR, connectError);
            }
            if (disconnected != null) {
                b.on(USER_DISCONNECTED, disconnected);
            }
            if (serverError != null) {
                b.on(USER_ERROR, serverError);
            }
            if (serverFlushed != null) {
                b.on(USER_FLUSHED, serverFlushed);
            }
            if (started != null) {
                b.on(USER_STARTED, started);
            }
            if (preConnect != null) {
                b.onValue(USER_PRE_CONNECT, preConnect);
            }
            if (marks == 4) {
                b.on(GOT_HIGH, serverHigh).on(GOT_LOW, serverLow);
            }
            extraHandlers.forEach(extra -> extra.accept(b));
            return b.create(kernel);
        }
    }
}
