package poe.loop.toolkit;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

import poe.loop.IoMode;

/**
 * One channel's watch state: which modes are watched, paused, or reported and not yet
 * handled. Confined to one thread: the loop thread keeps one copy (for
 * {@link ChannelBridge#registrations()}), the bridge thread another (with the key).
 */
final class WatchState {
    private static final IoMode[] MODES = IoMode.values();

    final SelectableChannel channel;
    private final boolean[] watched = new boolean[MODES.length];
    private final boolean[] paused = new boolean[MODES.length];
    private final boolean[] inFlight = new boolean[MODES.length];
    /** Bridge thread only: the channel's key with the bridge's selector, or null. */
    SelectionKey key;
    /** Bridge thread only: the channel was found closed; nothing will be reported. */
    boolean dead;

    WatchState(SelectableChannel channel) {
        this.channel = channel;
    }

    /** Applies a loop-thread request; returns whether anything changed. */
    boolean apply(ChannelBridge.Op op, IoMode mode) {
        int m = mode.ordinal();
        switch (op) {
            case WATCH:
                boolean changed = !watched[m] || paused[m] || inFlight[m];
                watched[m] = true;
                paused[m] = false;
                inFlight[m] = false;
                return changed;
            case IGNORE:
                boolean was = watched[m];
                watched[m] = false;
                paused[m] = false;
                inFlight[m] = false;
                return was;
            case PAUSE:
                if (!watched[m] || paused[m]) {
                    return false;
                }
                paused[m] = true;
                return true;
            case RESUME:
                if (!watched[m] || !paused[m]) {
                    return false;
                }
                paused[m] = false;
                inFlight[m] = false; // a report dropped while paused must not keep it disarmed
                return true;
            default:
                throw new AssertionError(op);
        }
    }

    boolean watched(IoMode mode) {
        return watched[mode.ordinal()];
    }

    boolean paused(IoMode mode) {
        return paused[mode.ordinal()];
    }

    /** Watched, not paused, and not waiting for the loop to handle an earlier report. */
    boolean armed(IoMode mode) {
        int m = mode.ordinal();
        return watched[m] && !paused[m] && !inFlight[m];
    }

    void inFlight(IoMode mode, boolean value) {
        inFlight[mode.ordinal()] = value;
    }

    boolean anyWatched() {
        for (boolean w : watched) {
            if (w) {
                return true;
            }
        }
        return false;
    }

    /** The interest bits for the armed modes. */
    int interestOps() {
        int validOps = channel.validOps();
        int ops = 0;
        for (IoMode mode : MODES) {
            if (armed(mode)) {
                ops |= mode.interestOps(validOps);
            }
        }
        return ops;
    }
}
