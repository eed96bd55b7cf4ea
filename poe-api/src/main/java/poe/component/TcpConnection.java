package poe.component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import poe.Kernel;
import poe.filter.Filter;
import poe.wheel.ReadWrite;

/**
 * What a TCP component's connection session keeps in its heap: the wheel, whether it is
 * connected or shutting down, and the application's own state. {@link TcpServer.Client}
 * (a server's client) and {@link TcpClient.Connection} (a client's server) add what
 * they know of the peer.
 *
 * <pre>{@code
 * .clientInput(ev -> {
 *     TcpConnection c = ev.heap();
 *     c.data().merge("lines", 1, (a, b) -> (Integer) a + (Integer) b);
 *     c.put("ok");
 * })
 * }</pre>
 */
public abstract class TcpConnection {

    private final Map<String, Object> data = new LinkedHashMap<>();
    ReadWrite wheel;
    Kernel kernel;
    boolean connected;
    boolean shuttingDown;

    TcpConnection() {
    }

    /** The connection's wheel (POE's {@code $heap->{client}} or {@code $heap->{server}}); null while not connected. */
    public ReadWrite wheel() {
        return wheel;
    }

    /** Whether the connection is up (POE's {@code connected}). */
    public boolean isConnected() {
        return connected;
    }

    /** Whether {@link #shutdown()} was asked (POE's {@code shutdown} flag). */
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** The application's own state for this connection. */
    public Map<String, Object> data() {
        return data;
    }

    /**
     * Sends a record through the filter; ignored while not connected or shutting down, as
     * POE's idiom {@code $heap->{client}->put(...) if $heap->{connected}}.
     *
     * @param record the record
     * @return true when queued output is at or above the wheel's high mark
     */
    public boolean put(Object record) {
        if (wheel == null || shuttingDown) {
            return false;
        }
        return wheel.put(record);
    }

    /** Disconnects once what is queued has been written (POE's {@code yield("shutdown")}). */
    public void shutdown() {
        kernel.yield("shutdown");
    }

    /** Gives a wheel builder the component's filters: one for both ways, or an input and an output one. */
    static ReadWrite.Builder filters(ReadWrite.Builder rw, Supplier<Filter<byte[], ?>> both,
                                     Supplier<Filter<byte[], ?>> input, Supplier<Filter<byte[], ?>> output) {
        return input != null ? rw.inputFilter(input.get()).outputFilter(output.get()) : rw.filter(both.get());
    }
}
