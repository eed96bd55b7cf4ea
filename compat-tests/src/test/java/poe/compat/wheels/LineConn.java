package poe.compat.wheels;

import java.nio.channels.SocketChannel;
import java.util.function.Supplier;

import poe.EventContext;
import poe.SessionBuilder;
import poe.driver.Driver;
import poe.wheel.ReadWrite;
import poe.wheel.SocketFactory;

/**
 * One line-oriented connection of a {@link LineServer} or a {@link LineClient}: the heap of
 * the session that owns it. It counts puts and flushes, and shuts down as POE's
 * Server::TCP and Client::TCP do: {@code shutdown} waits for queued output to be flushed
 * (or not, after an error), then drops the ReadWrite and tells the disconnected hook.
 */
final class LineConn {

    /** A callback, run in a handler of the connection's session. */
    @FunctionalInterface
    interface Hook {
        void on(EventContext ev, LineConn conn);
    }

    /** What the user of a server or client hears about a connection (all optional). */
    static final class Hooks {
        Hook connected = (ev, c) -> { };
        /** ARG0 is the line. */
        Hook input = (ev, c) -> { };
        Hook flushed = (ev, c) -> { };
        /** ARG0..ARG3: operation, errno, message, wheel ID; the connection shuts down after it. */
        Hook error = (ev, c) -> { };
        Hook disconnected = (ev, c) -> { };
    }

    ReadWrite wheel;
    /** A client's factory while it connects. */
    SocketFactory factory;
    int puts;
    int flushes;
    boolean shutdown;
    boolean errored;
    boolean disconnected;

    /** Puts one line and counts it. */
    void put(String line) {
        puts++;
        wheel.put(line);
    }

    /** Wraps a connected socket in a ReadWrite with the Line filter; in a handler of the owner. */
    void open(EventContext ev, SocketChannel socket, Supplier<Driver> driver) {
        ReadWrite.Builder b = ReadWrite.builder().handle(socket)
                .inputEvent("conn_input").errorEvent("conn_error").flushedEvent("conn_flushed");
        if (driver != null) {
            b.driver(driver.get());
        }
        wheel = b.create(ev.kernel());
    }

    /** Adds the connection's handlers (and {@code shutdown}) to the session being built. */
    static SessionBuilder handlers(SessionBuilder b, Hooks hooks) {
        return b
                .on("conn_input", ev -> hooks.input.on(ev, ev.heap()))
                .on("conn_flushed", ev -> {
                    LineConn c = ev.heap();
                    c.flushes++;
                    hooks.flushed.on(ev, c);
                    if (c.shutdown && c.wheel != null) {
                        c.disconnect(ev, hooks);
                    }
                })
                .on("conn_error", ev -> {
                    LineConn c = ev.heap();
                    c.errored = true;
                    hooks.error.on(ev, c);
                    ev.kernel().yield("shutdown");
                })
                .on("shutdown", ev -> {
                    LineConn c = ev.heap();
                    c.shutdown = true;
                    if (c.factory != null) {                    // still connecting
                        c.factory.close();
                        c.factory = null;
                        ev.kernel().delay("connect_timeout");
                    }
                    if (c.wheel != null && (c.errored || c.wheel.getDriverOutOctets() == 0)) {
                        c.disconnect(ev, hooks);
                    }
                });
    }

    private void disconnect(EventContext ev, Hooks hooks) {
        wheel.close();
        wheel = null;
        disconnected = true;
        hooks.disconnected.on(ev, this);
    }
}
