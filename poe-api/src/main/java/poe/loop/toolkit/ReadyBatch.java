package poe.loop.toolkit;

import java.util.List;

/**
 * What a {@link ChannelBridge} collected for the loop thread since the last batch: channel
 * readiness, timer expiry and wakeups. Taken with {@link ChannelBridge#take()} on the loop
 * thread; closing it re-arms the channels it reported, so that level-triggered readiness is
 * reported again once the loop has handled it (and not before).
 *
 * <pre>{@code
 * try (ReadyBatch batch = bridge.take()) {
 *     for (Readiness ready : batch.readiness()) {
 *         host.channelReady(ready.channel(), ready.mode());
 *     }
 *     host.dispatchDue();
 * }   // the reported channels are watched again from here on
 * }</pre>
 */
public final class ReadyBatch implements AutoCloseable {
    private final ChannelBridge bridge;
    private final List<Readiness> readiness;
    private final List<Readiness> taken;
    private final boolean timerExpired;
    private final boolean woken;
    private boolean closed;

    ReadyBatch(ChannelBridge bridge, List<Readiness> readiness, List<Readiness> taken, boolean timerExpired,
            boolean woken) {
        this.bridge = bridge;
        this.readiness = List.copyOf(readiness);
        this.taken = taken;
        this.timerExpired = timerExpired;
        this.woken = woken;
    }

    /**
     * The channels found ready, each channel and mode at most once, in the order found;
     * only those still watched and not paused when the batch was taken.
     */
    public List<Readiness> readiness() {
        return readiness;
    }

    /** Whether the armed timer came due. */
    public boolean timerExpired() {
        return timerExpired;
    }

    /** Whether {@link ChannelBridge#wakeup()} was called. */
    public boolean woken() {
        return woken;
    }

    /** Whether there is nothing in this batch at all. */
    public boolean isEmpty() {
        return readiness.isEmpty() && !timerExpired && !woken;
    }

    /**
     * Re-arms the channels this batch reported: call it once they have been handled.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (!taken.isEmpty()) {
                bridge.rearm(taken);
            }
        }
    }

    @Override
    public String toString() {
        return "ReadyBatch" + readiness + (timerExpired ? " timer" : "") + (woken ? " woken" : "");
    }
}
