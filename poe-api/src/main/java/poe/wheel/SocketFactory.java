package poe.wheel;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import poe.EventContext;
import poe.Kernel;

/**
 * Makes sockets (POE::Wheel::SocketFactory): a client that connects without blocking, a
 * server that listens and hands out each accepted connection, or a bound datagram socket;
 * over IPv4, IPv6 or UNIX-domain paths. What it hands out is the user's to keep: dropping
 * the factory closes only its listener or a connection still in progress.
 *
 * <pre>{@code
 * Session.builder()
 *     .on("_start", ev -> ev.kernel().call(ev.session(), "connect"))
 *     .on("connect", ev -> ev.<Map<String, Object>>heap().put("factory", SocketFactory.builder()
 *             .remoteAddress("127.0.0.1").remotePort(8080)
 *             .successEvent("connected").failureEvent("failed")
 *             .create(ev.kernel())))
 *     .on("connected", ev -> {
 *         SocketChannel socket = ev.arg(SocketFactory.ARG_SOCKET);
 *         // wrap it in a ReadWrite ...
 *     })
 *     .on("failed", ev -> System.err.println(ev.arg(SocketFactory.ARG_OPERATION) + " failed: "
 *             + ev.arg(SocketFactory.ARG_ERRNO) + " " + ev.arg(SocketFactory.ARG_MESSAGE)))
 *     .heap(new HashMap<String, Object>())
 *     .create(kernel);
 * }</pre>
 *
 * <h2>Modes and events</h2>
 * <ul>
 *   <li><b>Client</b> ({@code remoteAddress} given, stream): SuccessEvent once connected,
 *       with (the {@link SocketChannel}, the remote address, the remote port, wheel ID).</li>
 *   <li><b>Server</b> (no remote address, stream): SuccessEvent for each accepted
 *       connection, with (the {@link SocketChannel}, the peer's address, the peer's port,
 *       wheel ID); {@link #pauseAccept()} and {@link #resumeAccept()}.</li>
 *   <li><b>Datagram</b>: SuccessEvent, posted, with (the bound {@link DatagramChannel},
 *       its local address, its local port, wheel ID); connected first when a remote
 *       address is given.</li>
 *   <li>FailureEvent: (operation, errno name, message, wheel ID); operations
 *       {@code getaddrinfo}, {@code socket}, {@code bind}, {@code connect}, {@code accept}.
 *       A failure while the factory is being built is posted, as in POE.</li>
 * </ul>
 * Addresses are strings ({@code getHostAddress()} form, or the path of a UNIX-domain
 * socket, with port 0). Sockets handed out are non-blocking.
 *
 * <p>Host names never block the kernel's thread: an address that is not a literal is
 * resolved on a small pool of daemon threads ({@code poe-resolver-N}, which end after a
 * second without work), and the factory goes on when the answer is posted back; the
 * owner stays alive meanwhile.
 *
 * <p>Running out of descriptors while accepting (EMFILE, ENFILE) is a FailureEvent;
 * accepting pauses for {@link #ACCEPT_BACKOFF_SECONDS} so that a listener that stays
 * ready does not spin, then resumes by itself.
 */
public final class SocketFactory extends AbstractWheel {

    /** SuccessEvent: the socket ({@link SocketChannel} or {@link DatagramChannel}). */
    public static final int ARG_SOCKET = 0;
    /** SuccessEvent: the address (remote, peer, or local for datagrams). */
    public static final int ARG_ADDRESS = 1;
    /** SuccessEvent: the port (0 for UNIX-domain sockets). */
    public static final int ARG_PORT = 2;
    /** SuccessEvent: the wheel ID. */
    public static final int ARG_SUCCESS_WHEEL_ID = 3;
    /** FailureEvent: the operation. */
    public static final int ARG_OPERATION = 0;
    /** FailureEvent: the errno name. */
    public static final int ARG_ERRNO = 1;
    /** FailureEvent: the message. */
    public static final int ARG_MESSAGE = 2;
    /** FailureEvent: the wheel ID. */
    public static final int ARG_FAILURE_WHEEL_ID = 3;

    /** How long accepting pauses after running out of descriptors. */
    public static final double ACCEPT_BACKOFF_SECONDS = 0.1;

    /** Connections accepted per readiness event at most, so one listener cannot starve the rest. */
    private static final int ACCEPTS_PER_EVENT = 16;

    /** The socket domain (POE's {@code SocketDomain}). */
    public enum Domain {
        /** IPv4. */
        INET,
        /** IPv6. */
        INET6,
        /** UNIX-domain sockets, named by a file path. */
        UNIX
    }

    /** The socket type (POE's {@code SocketType} / {@code SocketProtocol}). */
    public enum Type {
        /** Stream sockets (TCP, or UNIX-domain stream). */
        STREAM,
        /** Datagram sockets (UDP). */
        DATAGRAM
    }

    private final Domain domain;
    private final Type type;
    private final String bindHost;
    private final int bindPort;
    private final String remoteHost;
    private final int remotePort;
    private final int listenQueue;
    private final Boolean reuse;
    private final String successEvent;
    private final String failureEvent;
    private final double connectTimeout;

    private final String connectState;
    private final String resolvedState;
    private final String timeoutState;
    private long timeoutTimer;

    private ServerSocketChannel listener;
    private SocketChannel connecting;
    private NetworkChannel bound;
    private Acceptor acceptor;
    private boolean resolving;

    private SocketFactory(Builder b, Kernel kernel) {
        super(kernel, "SocketFactory");
        this.domain = b.domain;
        this.type = b.type;
        this.bindHost = b.bindAddress;
        this.bindPort = b.bindPort;
        this.remoteHost = b.remoteAddress;
        this.remotePort = b.remotePort;
        this.listenQueue = b.listenQueue;
        this.reuse = b.reuse;
        this.successEvent = b.successEvent;
        this.failureEvent = b.failureEvent;
        this.connectTimeout = b.connectTimeout;
        this.connectState = stateName("connect");
        this.resolvedState = stateName("resolved");
        this.timeoutState = stateName("connect timeout");
        tie();
        if (domain != Domain.UNIX && (needsLookup(bindHost) || needsLookup(remoteHost))) {
            resolveThenStart();
        } else {
            start(null, null);
        }
    }

    /** A builder for a SocketFactory. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ resolving

    private static boolean needsLookup(String host) {
        return host != null && !isLiteral(host);
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private void resolveThenStart() {
        resolving = true;
        kernel.refcountIncrement(owner.id(), resolvedState);
        defineState(resolvedState, this::onResolved);
        String bindName = bindHost;
        String remoteName = remoteHost;
        Resolver.submit(() -> {
            Object result;
            try {
                result = new InetAddress[] {lookup(bindName), lookup(remoteName)};
            } catch (UnknownHostException e) {
                result = e;
            }
            try {
                kernel.post(owner, resolvedState, result);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, SocketFactory.this + ": the owner went away while resolving", e);
            }
        });
    }

    private InetAddress lookup(String host) throws UnknownHostException {
        if (host == null) {
            return null;
        }
        for (InetAddress a : InetAddress.getAllByName(host)) {
            if (domain == Domain.INET6 ? a instanceof Inet6Address : a instanceof Inet4Address) {
                return a;
            }
        }
        throw new UnknownHostException(host + " has no " + (domain == Domain.INET6 ? "IPv6" : "IPv4") + " address");
    }

    private void onResolved(EventContext ev) {
        resolving = false;
        kernel.refcountDecrement(owner.id(), resolvedState);
        kernel.state(resolvedState, null);
        if (isClosed()) {
            return;
        }
        Object result = ev.arg(0);
        if (result instanceof UnknownHostException e) {
            emitError(failureEvent, "getaddrinfo", "ENOENT", message(e));
            return;
        }
        InetAddress[] addresses = (InetAddress[]) result;
        start(addresses[0], addresses[1]);
    }

    // ------------------------------------------------------------------ starting

    /** Makes the socket; a failure here is posted (the factory may still be under construction). */
    private void start(InetAddress bindResolved, InetAddress remoteResolved) {
        String operation = "socket";
        try {
            SocketAddress local = localAddress(bindResolved);
            SocketAddress remote = remoteHost == null ? null : address(remoteResolved, remoteHost, remotePort);
            if (type == Type.DATAGRAM) {
                DatagramChannel ch = domain == Domain.UNIX ? DatagramChannel.open(StandardProtocolFamily.UNIX)
                        : DatagramChannel.open(family());
                bound = ch;
                applyReuse(ch);
                operation = "bind";
                ch.bind(local);
                if (remote != null) {
                    operation = "connect";
                    ch.connect(remote);
                }
                ch.configureBlocking(false);
                bound = null;                                 // handed over with the posted event
                SocketAddress shown = remote != null ? remote : ch.getLocalAddress();
                kernel.yield(successEvent, ch, host(shown), port(shown), id);
            } else if (remote == null) {
                ServerSocketChannel ch = domain == Domain.UNIX ? ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                        : ServerSocketChannel.open(family());
                listener = ch;
                applyReuse(ch);
                operation = "bind";
                ch.bind(local == null ? wildcard() : local, listenQueue);
                acceptor = new Acceptor(this, ch, ACCEPTS_PER_EVENT, new Acceptor.Sink() {
                    @Override
                    public void accepted(SocketChannel socket, SocketAddress peer) {
                        emit(successEvent, socket, peer instanceof InetSocketAddress ? host(peer) : "", port(peer), id);
                    }

                    @Override
                    public void failed(String errno, String message) {
                        emitError(failureEvent, "accept", errno, message);
                    }
                });
            } else {
                SocketChannel ch = domain == Domain.UNIX ? SocketChannel.open(StandardProtocolFamily.UNIX)
                        : SocketChannel.open(family());
                connecting = ch;
                applyReuse(ch);
                if (local != null) {
                    operation = "bind";
                    ch.bind(local);
                }
                operation = "connect";
                ch.configureBlocking(false);
                ch.connect(remote);                            // done or not, write readiness says so
                defineState(connectState, this::onConnectable);
                kernel.selectWrite(ch, connectState);
                if (connectTimeout > 0) {
                    defineState(timeoutState, this::onConnectTimeout);
                    timeoutTimer = kernel.delaySet(timeoutState, connectTimeout);
                }
            }
        } catch (IOException | IllegalArgumentException e) {     // unresolved, unsupported address types too
            releaseResources();
            kernel.yield(failureEvent, operation, ErrnoNames.of(e), message(e), id);
        }
    }

    private SocketAddress localAddress(InetAddress resolved) {
        if (domain == Domain.UNIX) {
            return bindHost == null ? null : UnixDomainSocketAddress.of(bindHost);
        }
        if (bindHost == null && bindPort == 0) {
            return null;
        }
        return bindHost == null ? new InetSocketAddress(wildcardAddress(), bindPort)
                : address(resolved, bindHost, bindPort);
    }

    private SocketAddress address(InetAddress resolved, String host, int port) {
        if (domain == Domain.UNIX) {
            return UnixDomainSocketAddress.of(host);
        }
        try {
            InetAddress a = resolved != null ? resolved : InetAddress.getByName(host);   // a literal: no lookup
            return new InetSocketAddress(a, port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + host, e);
        }
    }

    private SocketAddress wildcard() {
        return domain == Domain.UNIX ? null : new InetSocketAddress(wildcardAddress(), bindPort);
    }

    private InetAddress wildcardAddress() {
        try {
            return InetAddress.getByName(domain == Domain.INET6 ? "::" : "0.0.0.0");
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private ProtocolFamily family() {
        return domain == Domain.INET6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private void applyReuse(NetworkChannel ch) throws IOException {
        if (reuse != null && domain != Domain.UNIX) {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, reuse);
        }
    }

    private static String host(SocketAddress a) {
        if (a instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        if (a instanceof UnixDomainSocketAddress unix) {
            return unix.getPath().toString();
        }
        return String.valueOf(a);
    }

    private static int port(SocketAddress a) {
        return a instanceof InetSocketAddress inet ? inet.getPort() : 0;
    }

    // ------------------------------------------------------------------ client

    private void onConnectTimeout(EventContext ev) {
        timeoutTimer = 0;
        kernel.state(timeoutState, null);
        SocketChannel ch = connecting;
        if (ch == null || isClosed()) {
            return;
        }
        kernel.selectWrite(ch);
        kernel.state(connectState, null);
        connecting = null;
        closeQuietly(ch);
        emitError(failureEvent, "connect", "ETIMEDOUT", "no connection within " + connectTimeout + " s");
    }

    private void cancelConnectTimeout() {
        if (timeoutTimer != 0) {
            kernel.alarmRemove(timeoutTimer);
            timeoutTimer = 0;
            kernel.state(timeoutState, null);
        }
    }

    private void onConnectable(EventContext ev) {
        SocketChannel ch = connecting;
        if (ch == null || isClosed()) {
            return;
        }
        SocketAddress remote;
        try {
            if (!ch.finishConnect()) {
                return;
            }
            remote = ch.getRemoteAddress();
        } catch (IOException e) {
            cancelConnectTimeout();
            kernel.selectWrite(ch);
            kernel.state(connectState, null);
            connecting = null;
            closeQuietly(ch);
            emitError(failureEvent, "connect", ErrnoNames.of(e), message(e));
            return;
        }
        cancelConnectTimeout();
        kernel.selectWrite(ch);
        kernel.state(connectState, null);
        connecting = null;                                        // the user's now
        emit(successEvent, ch, remote instanceof UnixDomainSocketAddress ? remoteHost : host(remote), port(remote),
                id);
    }

    // ------------------------------------------------------------------ server

    /** Stops accepting until {@link #resumeAccept()}; connections wait in the listen queue. */
    public void pauseAccept() {
        checkUse("pauseAccept");
        requireServer("pauseAccept");
        acceptor.pause();
    }

    /** Accepts again after {@link #pauseAccept()}. */
    public void resumeAccept() {
        checkUse("resumeAccept");
        requireServer("resumeAccept");
        acceptor.resume();
    }

    private void requireServer(String method) {
        if (listener == null) {
            throw new IllegalStateException(this + ": " + method + "() is for a listening factory (no"
                    + " remoteAddress, stream type)" + (resolving ? "; it is still resolving its address" : ""));
        }
    }

    /**
     * The local address of the listener (POE's {@code getsockname}); empty until it is
     * bound (while resolving, or after a failure) and after close.
     *
     * @return the bound address
     */
    public Optional<SocketAddress> localAddress() {
        NetworkChannel ch = listener != null ? listener : connecting;
        if (ch == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(ch.getLocalAddress());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The listener's local port (for {@code bindPort(0)}: the one the system chose).
     *
     * @return the port, 0 when not listening on an IP address
     */
    public int port() {
        return localAddress().map(SocketFactory::port).orElse(0);
    }

    /** The listening channel, or null when this factory is not (or no longer) listening. */
    public ServerSocketChannel listener() {
        return listener;
    }

    @Override
    void removeFromOwner() {
        if (acceptor != null) {
            acceptor.remove();
        }
        if (connecting != null) {
            kernel.selectWrite(connecting);
            kernel.state(connectState, null);
        }
        cancelConnectTimeout();
        // a lookup still running posts its answer to resolvedState, which then only lets go
    }

    @Override
    void releaseResources() {
        closeQuietly(listener);
        closeQuietly(connecting);
        closeQuietly(bound);
        listener = null;
        connecting = null;
        bound = null;
    }

    /**
     * Builds a {@link SocketFactory} (POE's constructor parameters, one method each).
     *
     * <pre>{@code
     * SocketFactory server = SocketFactory.builder()
     *     .bindAddress("127.0.0.1").bindPort(0)          // 0: the system picks; server.port() tells
     *     .successEvent("accepted").failureEvent("failed")
     *     .create(ev.kernel());
     * SocketFactory unix = SocketFactory.builder()
     *     .domain(SocketFactory.Domain.UNIX).bindAddress("/tmp/app.sock")
     *     .successEvent("accepted").failureEvent("failed")
     *     .create(ev.kernel());
     * }</pre>
     */
    public static final class Builder {
        private Domain domain = Domain.INET;
        private Type type = Type.STREAM;
        private String bindAddress;
        private int bindPort;
        private String remoteAddress;
        private int remotePort = -1;
        private int listenQueue = 4096;
        private Boolean reuse;
        private String successEvent;
        private String failureEvent;
        private double connectTimeout;

        private Builder() {
        }

        /** The domain (default INET). */
        public Builder domain(Domain domain) {
            this.domain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        /** The socket type (default STREAM). */
        public Builder type(Type type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * The local address to bind: an IP literal, a host name (resolved off the kernel's
         * thread), or for UNIX a file path. Default: every interface of the domain.
         */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress");
            return this;
        }

        /** The local path of a UNIX-domain socket; sets the domain to UNIX. */
        public Builder bindAddress(Path path) {
            this.domain = Domain.UNIX;
            return bindAddress(path.toString());
        }

        /** The local port (default 0: the system picks one). */
        public Builder bindPort(int port) {
            this.bindPort = checkPort(port, "bindPort");
            return this;
        }

        /** The address to connect to: makes this a client (or a connected datagram socket). */
        public Builder remoteAddress(String address) {
            this.remoteAddress = Objects.requireNonNull(address, "remoteAddress");
            return this;
        }

        /** The path of a UNIX-domain socket to connect to; sets the domain to UNIX. */
        public Builder remoteAddress(Path path) {
            this.domain = Domain.UNIX;
            return remoteAddress(path.toString());
        }

        /** The port to connect to. */
        public Builder remotePort(int port) {
            this.remotePort = checkPort(port, "remotePort");
            return this;
        }

        /** The listen backlog (default 4096, capped by the system). */
        public Builder listenQueue(int backlog) {
            if (backlog < 1) {
                throw new IllegalArgumentException("SocketFactory: listenQueue must be at least 1, got " + backlog);
            }
            this.listenQueue = backlog;
            return this;
        }

        /** SO_REUSEADDR (default: the JDK's). */
        public Builder reuse(boolean reuse) {
            this.reuse = reuse;
            return this;
        }

        /**
         * How long a client may take to connect (default: as long as the system tries):
         * then the attempt is dropped with FailureEvent {@code ("connect", "ETIMEDOUT", ...)}.
         * POE's SocketFactory has none; Client::TCP's {@code ConnectTimeout} is built on this.
         *
         * @param seconds greater than 0
         * @return this builder
         */
        public Builder connectTimeout(double seconds) {
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("SocketFactory: connectTimeout must be a finite number of seconds"
                        + " greater than 0, got " + seconds);
            }
            this.connectTimeout = seconds;
            return this;
        }

        /** The event for each socket made (required). */
        public Builder successEvent(String event) {
            this.successEvent = event;
            return this;
        }

        /** The event for failures (required). */
        public Builder failureEvent(String event) {
            this.failureEvent = event;
            return this;
        }

        private static int checkPort(int port, String what) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("SocketFactory: " + what + " must be 0..65535, got " + port);
            }
            return port;
        }

        /**
         * Checks the parameters and creates the factory for the active session.
         *
         * @param kernel the kernel; call this in a handler of the session that will own it
         * @return the factory
         * @throws IllegalArgumentException when parameters are missing or do not fit together
         * @throws IllegalStateException outside a handler or off the kernel's thread
         */
        public SocketFactory create(Kernel kernel) {
            if (successEvent == null) {
                throw new IllegalArgumentException("SocketFactory needs successEvent(...): the event that gets"
                        + " each socket");
            }
            if (failureEvent == null) {
                throw new IllegalArgumentException("SocketFactory needs failureEvent(...): the event that gets"
                        + " failures such as a refused connection or a port in use");
            }
            if (remoteAddress != null && domain != Domain.UNIX && remotePort < 0) {
                throw new IllegalArgumentException("SocketFactory: remoteAddress(\"" + remoteAddress
                        + "\") needs remotePort(...)");
            }
            if (remoteAddress == null && remotePort >= 0) {
                throw new IllegalArgumentException("SocketFactory: remotePort(" + remotePort
                        + ") needs remoteAddress(...)");
            }
            if (domain == Domain.UNIX && type == Type.STREAM && remoteAddress == null && bindAddress == null) {
                throw new IllegalArgumentException("SocketFactory: a UNIX-domain server needs bindAddress(path)");
            }
            if (remotePort < 0) {
                remotePort = 0;
            }
            return new SocketFactory(this, kernel);
        }
    }
}
