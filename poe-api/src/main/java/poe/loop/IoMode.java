package poe.loop;

import java.nio.channels.SelectionKey;

/**
 * The readiness a channel watcher waits for: POE's select modes.
 *
 * <p>{@link #READ} also covers accept readiness on a server channel, and {@link #WRITE}
 * also covers connect completion on a connecting channel. POE's third mode, expedite
 * (out-of-band data), has no NIO equivalent and is not offered.
 *
 * <pre>{@code
 * kernel.selectRead(channel, "readable");   // the handler gets arg(1) == IoMode.READ
 * }</pre>
 */
public enum IoMode {
    /** Data (or a connection, for a server channel) can be read without blocking. */
    READ,
    /** Data can be written without blocking, or a connect finished. */
    WRITE;

    /**
     * The NIO interest bits that mean this mode for a channel with these valid operations.
     *
     * @param validOps the channel's {@link java.nio.channels.SelectableChannel#validOps()}
     * @return the interest bits, 0 if the channel cannot be watched in this mode
     */
    public int interestOps(int validOps) {
        int wanted = this == READ
                ? SelectionKey.OP_READ | SelectionKey.OP_ACCEPT
                : SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
        return wanted & validOps;
    }

    /** POE's numeric mode: 0 for read, 1 for write. */
    public int poeMode() {
        return ordinal();
    }
}
