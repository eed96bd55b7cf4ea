package poe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import poe.loop.IoMode;
import poe.loop.Loop;

/**
 * I/O watchers on channels (POE::Resource::FileHandles). Owns the watcher table and each
 * session's {@link Session#watchers} count; a watcher keeps its session alive (one
 * reference, through {@link SessionRefs}). Loop thread only.
 *
 * <pre>{@code
 * watchers.watch(session, channel, IoMode.READ, "readable", args);
 * watchers.ignore(channel, IoMode.READ);   // the session is marked if that was its last work
 * }</pre>
 */
final class Watchers implements Resource {

    /** One watcher: a channel, a mode, the session and its event. */
    static final class Watch {
        final SelectableChannel channel;
        final IoMode mode;
        Session session;
        String event;
        Object[] args;
        boolean paused;

        Watch(SelectableChannel channel, IoMode mode) {
            this.channel = channel;
            this.mode = mode;
        }
    }

    // --- loop thread only
    private final Loop loop;
    private final SessionRefs refs;
    private final HashMap<SelectableChannel, Watch[]> byChannel = new HashMap<>();
    private int count;

    Watchers(Loop loop, SessionRefs refs) {
        this.loop = loop;
        this.refs = refs;
    }

    int count() {
        return count;
    }

    Watch find(SelectableChannel channel, IoMode mode) {
        Watch[] both = byChannel.get(channel);
        return both == null ? null : both[mode.ordinal()];
    }

    /** POE's {@code select_read}/{@code select_write}: watches, or (null event) stops watching. */
    void select(Session s, SelectableChannel channel, IoMode mode, String event, Object[] args) {
        if (event == null) {
            ignore(channel, mode);
            return;
        }
        watch(s, channel, mode, event, args == null ? EventContext.NO_ARGS : args);
    }

    /** Starts (or re-aims and resumes) a watcher. */
    void watch(Session s, SelectableChannel channel, IoMode mode, String event, Object[] args) {
        assert refs.onLoopThread();
        if (channel == null) {
            throw new IllegalArgumentException("cannot watch a null channel");
        }
        if (mode.interestOps(channel.validOps()) == 0) {
            throw new IllegalArgumentException("a " + channel.getClass().getSimpleName() + " cannot be watched for "
                    + mode + ": its valid operations are " + channel.validOps()
                    + " (e.g. a Pipe source end can only be read)");
        }
        if (!channel.isOpen()) {
            throw new IllegalArgumentException("cannot watch a closed channel: " + channel);
        }
        Watch[] both = byChannel.computeIfAbsent(channel, c -> new Watch[2]);
        Watch w = both[mode.ordinal()];
        if (w != null && w.session != s) {
            throw new IllegalStateException(channel + " is already watched for " + mode + " by " + w.session
                    + "; one session at a time may watch a channel in one mode");
        }
        if (w == null) {
            try {
                if (channel.isBlocking()) {
                    channel.configureBlocking(false);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + channel + " non-blocking", e);
            }
            w = new Watch(channel, mode);
            w.session = s;
            both[mode.ordinal()] = w;
            count++;
            s.watchers++;
            refs.increment(s);
            w.event = event;
            w.args = args;
            loop.watchChannel(channel, mode);
        } else {
            w.event = event;
            w.args = args;
            if (w.paused) {
                w.paused = false;
                loop.resumeChannel(channel, mode);
            }
        }
    }

    /**
     * Removes a watcher, if there is one: its session is marked if that was its last work
     * (POE marks on every count that drops to zero, the active session's too).
     */
    void ignore(SelectableChannel channel, IoMode mode) {
        Watch w = remove(channel, mode);
        if (w != null) {
            refs.decrement(w.session);
        }
    }

    /** Removes a watcher from the tables and the loop; its reference is the caller's to drop. */
    private Watch remove(SelectableChannel channel, IoMode mode) {
        Watch[] both = byChannel.get(channel);
        if (both == null || both[mode.ordinal()] == null) {
            return null;
        }
        Watch w = both[mode.ordinal()];
        both[mode.ordinal()] = null;
        if (both[0] == null && both[1] == null) {
            byChannel.remove(channel);
        }
        count--;
        w.session.watchers--;
        loop.ignoreChannel(channel, mode);
        return w;
    }

    void pause(SelectableChannel channel, IoMode mode, boolean pause) {
        Watch w = find(channel, mode);
        if (w == null || w.paused == pause) {
            return;
        }
        w.paused = pause;
        if (pause) {
            loop.pauseChannel(channel, mode);
        } else {
            loop.resumeChannel(channel, mode);
        }
    }

    /** Removes every watcher of a session being freed. */
    @Override
    public void clear(Session s) {
        if (s.watchers == 0) {
            return;
        }
        List<Watch> mine = new ArrayList<>();
        for (Map.Entry<SelectableChannel, Watch[]> e : byChannel.entrySet()) {
            for (Watch w : e.getValue()) {
                if (w != null && w.session == s) {
                    mine.add(w);
                }
            }
        }
        for (Watch w : mine) {
            remove(w.channel, w.mode);
        }
    }

    @Override
    public List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        for (Watch[] both : byChannel.values()) {
            for (Watch w : both) {
                if (w != null) {
                    leaks.add(w.mode + " watcher of " + w.channel + " for " + w.session);
                }
            }
        }
        return leaks;
    }
}
