package poe.loop.vertx;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.nio.NioIoEvent;
import io.netty.channel.nio.NioIoHandle;
import io.netty.channel.nio.NioIoOps;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import poe.loop.IoMode;

/**
 * One program channel registered on a Netty NIO event loop: the selector side of a
 * {@link VertxLoop} watch. Confined to the event-loop thread.
 *
 * <p>Readiness is level-triggered, so a mode that fired is taken out of the interest set
 * until the loop has handed it to the kernel ({@link #takeReady()}); the selector then
 * reports it again if it is still ready. {@link #close()} is a no-op on purpose: Netty
 * calls it when a registration dies or the event loop shuts down, and the channel belongs
 * to the program, not to the loop.
 */
final class ChannelWatch implements NioIoHandle {

    /** Bit for {@link IoMode#READ} in the masks below. */
    static final int READ = 1;
    /** Bit for {@link IoMode#WRITE} in the masks below. */
    static final int WRITE = 2;

    /** Where readiness goes: the loop's ready queue. */
    interface Sink {
        void signalled(ChannelWatch watch);
    }

    final SelectableChannel channel;
    private final Sink sink;
    private IoRegistration registration;
    private int watched;
    private int paused;
    private int ready;
    private int submitted = -1;
    /** Whether the watch sits in the loop's ready queue (maintained by the loop). */
    boolean queued;

    ChannelWatch(SelectableChannel channel, Sink sink) {
        this.channel = channel;
        this.sink = sink;
    }

    static int bit(IoMode mode) {
        return mode == IoMode.READ ? READ : WRITE;
    }

    void registered(IoRegistration registration) {
        this.registration = registration;
        updateInterest();
    }

    /** Sets what the kernel wants: readiness pending for a mode no longer wanted is dropped. */
    void update(int watched, int paused) {
        this.watched = watched;
        this.paused = paused;
        this.ready &= watched & ~paused;
        updateInterest();
    }

    /** The modes found ready and not yet handed over; clears them and re-arms their interest. */
    int takeReady() {
        int taken = ready & watched & ~paused;
        ready = 0;
        updateInterest();
        return taken;
    }

    /** The registration's selection key, or null once cancelled. */
    Object selectionKey() {
        return registration == null ? null : registration.attachment();
    }

    void cancel() {
        IoRegistration current = registration;
        registration = null;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public SelectableChannel selectableChannel() {
        return channel;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        int ops = ((NioIoEvent) event).ops().value();
        int modes = 0;
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            modes |= READ;
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            modes |= WRITE;
        }
        modes &= watched & ~paused & ~ready;
        if (modes != 0) {
            ready |= modes;
            sink.signalled(this);
        }
        updateInterest();
    }

    @Override
    public void close() {
        // Netty calls this for a dead registration or at shutdown: the channel is the program's.
    }

    private void updateInterest() {
        IoRegistration current = registration;
        if (current == null) {
            return;
        }
        int wanted = watched & ~paused & ~ready;
        int validOps = channel.validOps();
        int ops = 0;
        if ((wanted & READ) != 0) {
            ops |= IoMode.READ.interestOps(validOps);
        }
        if ((wanted & WRITE) != 0) {
            ops |= IoMode.WRITE.interestOps(validOps);
        }
        if (ops != submitted) {
            submitted = ops;
            current.submit(NioIoOps.valueOf(ops));
        }
    }

    @Override
    public String toString() {
        return "ChannelWatch[" + channel + ", watched=" + watched + ", paused=" + paused + ", ready=" + ready + "]";
    }
}
