package poe.compat.wheels;

import java.nio.channels.SocketChannel;
import java.util.function.Supplier;

import poe.EventContext;
import poe.Kernel;
import poe.Session;
import poe.driver.Driver;
import poe.wheel.SocketFactory;

/**
 * A small stand-in for POE::Component::Client::TCP: a session that connects with a
 * SocketFactory (with an optional connect timeout, a kernel delay), then talks lines over
 * a ReadWrite. {@code shutdown} to it disconnects once queued output is flushed.
 */
final class LineClient {

    /** POE's ConnectError: (operation, errno, message). */
    @FunctionalInterface
    interface ConnectError {
        void on(EventContext ev, String operation, String errno, String message);
    }

    SocketFactory.Domain domain = SocketFactory.Domain.INET;
    String remoteAddress;
    int remotePort;
    String bindAddress;
    /** Seconds; 0 for none. */
    double connectTimeout;
    /** The driver of the ReadWrite; null for the default SysRW. */
    Supplier<Driver> driver;
    ConnectError connectError = (ev, op, errno, msg) -> { };
    /** Connected, ServerInput, ServerFlushed, ServerError, Disconnected. */
    final LineConn.Hooks hooks = new LineConn.Hooks();

    Session spawn(Kernel kernel) {
        return LineConn.handlers(Session.builder(), hooks)
                .heap(new LineConn())
                .on("_start", ev -> {
                    LineConn c = ev.heap();
                    SocketFactory.Builder b = SocketFactory.builder().domain(domain)
                            .remoteAddress(remoteAddress).remotePort(remotePort)
                            .successEvent("client_connected").failureEvent("client_failed");
                    if (bindAddress != null) {
                        b.bindAddress(bindAddress);
                    }
                    c.factory = b.create(ev.kernel());
                    if (connectTimeout > 0) {
                        ev.kernel().delay("connect_timeout", connectTimeout);
                    }
                })
                .on("client_connected", ev -> {
                    LineConn c = ev.heap();
                    ev.kernel().delay("connect_timeout");
                    c.factory.close();
                    c.factory = null;
                    c.open(ev, (SocketChannel) ev.arg(SocketFactory.ARG_SOCKET), driver);
                    hooks.connected.on(ev, c);
                })
                .on("client_failed", ev -> {
                    LineConn c = ev.heap();
                    ev.kernel().delay("connect_timeout");
                    c.factory.close();
                    c.factory = null;
                    connectError.on(ev, ev.arg(SocketFactory.ARG_OPERATION), ev.arg(SocketFactory.ARG_ERRNO),
                            ev.arg(SocketFactory.ARG_MESSAGE));
                })
                .on("connect_timeout", ev -> {
                    LineConn c = ev.heap();
                    if (c.factory != null) {
                        c.factory.close();
                        c.factory = null;
                        connectError.on(ev, "connect", "ETIMEDOUT", "no connection within " + connectTimeout + " s");
                    }
                })
                .create(kernel);
    }
}
