package poe.loop;

import java.nio.channels.SelectableChannel;

/**
 * What a {@link Loop} calls back into: the kernel, seen from the loop's side.
 *
 * <p>Every method must be called on the loop's thread (where {@link Loop#inLoopThread()}
 * is true). A loop's timeslice looks like this:
 *
 * <pre>{@code
 * host.beginTimeslice();                         // inbox, idle check; may re-arm the timer
 * waitFor(nextDue, readyChannels, wakeup);       // the loop's own way of waiting
 * for (ready : readyChannels) host.channelReady(ready.channel(), ready.mode());
 * host.dispatchDue();                            // due timers and queued events
 * }</pre>
 *
 * <p>A loop that learns about readiness and timers from callbacks (a GUI toolkit, Vert.x)
 * calls {@link #channelReady} and {@link #dispatchDue} from those callbacks instead; it
 * may batch them, and it must call {@link #dispatchDue} after a batch of
 * {@link #channelReady} calls.
 */
public interface LoopHost {

    /**
     * Starts a timeslice: takes in work handed over by other threads and runs the idle
     * check (which may queue POE's IDLE or ZOMBIE signal). Cheap when there is nothing to do.
     */
    void beginTimeslice();

    /**
     * A watched channel is ready. The kernel dispatches the watcher's event synchronously,
     * before this returns. A channel that is no longer watched (or paused) in that mode is
     * ignored, so stale readiness from a batch is harmless.
     *
     * @param channel the channel, as given to {@link Loop#watchChannel}
     * @param mode    the readiness
     */
    void channelReady(SelectableChannel channel, IoMode mode);

    /**
     * Dispatches the work that is due: events handed over by other threads, timers whose
     * time has come, and queued events, up to a fairness budget. Afterwards the kernel
     * re-arms the loop's timer ({@link Loop#armTimer}) for whatever is still pending.
     */
    void dispatchDue();

    /**
     * The kernel's next due time on the {@link System#nanoTime()} scale, or
     * {@link Long#MAX_VALUE} when nothing is queued. A value at or before now means
     * "do not wait".
     */
    long nextDueNanos();

    /** Whether any session is alive: a loop's {@link Loop#run()} returns once this is false. */
    boolean hasSessions();

    /**
     * Takes the exception that stopped the kernel (a handler's exception nobody handled),
     * if any, so that {@code run()} will not rethrow it. Only for loops that dispatch without
     * {@code run()} or {@code runOneTimeslice()} being called (an embedded kernel, e.g. in a
     * Vert.x verticle), which must then report it themselves.
     *
     * @return the exception, or null
     */
    default Throwable takeFailure() {
        return null;
    }
}
