package poe.compat.wheels;

import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import java.util.function.Supplier;

import poe.EventContext;
import poe.Session;
import poe.driver.Driver;
import poe.wheel.SocketFactory;

/**
 * A small stand-in for POE::Component::Server::TCP, made of a SocketFactory and one
 * session per connection with a ReadWrite (Line filter). Its session has an alias;
 * {@code shutdown} to it drops the listener and the alias. Fill in the fields, then
 * {@link #spawn} in a handler or before driving.
 */
final class LineServer {

    /** POE's Acceptor: (socket, peer address, peer port) in the server's session. */
    @FunctionalInterface
    interface Acceptor {
        void accept(EventContext ev, SocketChannel socket, String peerAddress, int peerPort);
    }

    String alias = "server";
    SocketFactory.Domain domain = SocketFactory.Domain.INET;
    /** An address, a host name (resolved off the kernel's thread) or a UNIX path. */
    String address;
    int port;
    /** The driver of each connection's ReadWrite; null for the default SysRW. */
    Supplier<Driver> driver;
    /** Once the listener is bound (POE's Started); the factory can tell its port. */
    Consumer<SocketFactory> started = f -> { };
    /** Replaces the default of one {@link #connection} per accepted socket. */
    Acceptor acceptor;
    /** The listener's FailureEvent (POE's Error): ARG0..ARG3. */
    Consumer<EventContext> error = ev -> { };
    /** The connection sessions' hooks (POE's Client* callbacks). */
    final LineConn.Hooks hooks = new LineConn.Hooks();

    /** The listening factory; null after shutdown, a failure, or {@link #dropListener}. */
    SocketFactory listener;
    /** Whether its {@code shutdown} event ran. */
    boolean shutDown;

    Session spawn(poe.Kernel kernel) {
        return Session.builder()
                .on("_start", ev -> {
                    ev.kernel().aliasSet(alias);
                    SocketFactory.Builder b = SocketFactory.builder().domain(domain).bindPort(port)
                            .successEvent("server_accepted").failureEvent("server_failed");
                    if (address != null) {
                        b.bindAddress(address);
                    }
                    listener = b.create(ev.kernel());
                    ev.kernel().yield("server_check_started");
                })
                .on("server_check_started", ev -> {           // a host name is bound once it is resolved
                    if (listener == null) {
                        return;
                    }
                    if (listener.listener() != null) {
                        started.accept(listener);
                    } else {
                        ev.kernel().delay("server_check_started", 0.05);
                    }
                })
                .on("server_accepted", ev -> {
                    SocketChannel socket = ev.arg(SocketFactory.ARG_SOCKET);
                    if (acceptor != null) {
                        acceptor.accept(ev, socket, ev.arg(SocketFactory.ARG_ADDRESS), ev.arg(SocketFactory.ARG_PORT));
                    } else {
                        connection(ev, socket);
                    }
                })
                .on("server_failed", ev -> {
                    error.accept(ev);
                    dropListener();
                })
                .on("shutdown", ev -> {
                    shutDown = true;
                    dropListener();
                    ev.kernel().delay("server_check_started");
                    if (ev.kernel().aliasList().contains(alias)) {
                        ev.kernel().aliasRemove(alias);
                    }
                })
                .on("_child", ev -> { })
                .on("_stop", ev -> dropListener())
                .create(kernel);
    }

    /** Drops the listener (no more connections); in a handler of the server's session. */
    void dropListener() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }

    /** Starts the session of one accepted connection, a child of the active session. */
    Session connection(EventContext ev, SocketChannel socket) {
        return LineConn.handlers(Session.builder(), hooks)
                .heap(new LineConn())
                .args((Object) socket)
                .on("_start", c -> {
                    LineConn conn = c.heap();
                    conn.open(c, c.arg(0), driver);
                    hooks.connected.on(c, conn);
                })
                .create(ev.kernel());
    }
}
