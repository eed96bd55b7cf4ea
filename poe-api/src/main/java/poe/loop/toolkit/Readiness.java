package poe.loop.toolkit;

import java.nio.channels.SelectableChannel;
import java.util.Objects;

import poe.loop.IoMode;

/**
 * One piece of channel readiness in a {@link ReadyBatch}: this channel is ready for this mode.
 *
 * <pre>{@code
 * for (Readiness ready : batch.readiness()) {
 *     host.channelReady(ready.channel(), ready.mode());
 * }
 * }</pre>
 *
 * @param channel the watched channel, as given to {@link ChannelBridge#watch}
 * @param mode    the mode it is ready for
 */
public record Readiness(SelectableChannel channel, IoMode mode) {

    /** Checks both parts are present. */
    public Readiness {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String toString() {
        return mode + " " + channel;
    }
}
