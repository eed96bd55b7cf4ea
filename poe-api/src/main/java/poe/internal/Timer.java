package poe.internal;

import poe.EventContext;

/**
 * One pending timer in the kernel's queue: the event it will dispatch, its ID (which also
 * orders timers due at the same time) and its due time. Where it waits in the
 * {@link TimerWheel} is recorded here too.
 *
 * <pre>{@code
 * Timer t = new Timer(event, id, postedSoFar);
 * wheel.add(t, dueNanos);
 * }</pre>
 *
 * <p>Not API: see {@link poe.internal}.
 */
public final class Timer {

    /** The event it dispatches. */
    public final EventContext event;
    /** Its ID (high bits a serial, low bits its slot in the kernel's table). */
    public final long id;
    /** How many events had been posted when the timer was set: it goes after those on a tie. */
    public final long ringMark;
    static final byte NONE = 0;
    static final byte NEAR = 1;
    static final byte LEVEL1 = 2;
    static final byte LEVEL2 = 3;
    static final byte FAR = 4;

    /** When it is due, in the kernel's nanosecond clock. */
    public long due;
    /** Which tier of the wheel holds it; NONE once it fired or was removed. */
    byte tier;
    /** Its slot in a {@link TimerHeap} (near or far tier). */
    int handle = -1;
    /** Neighbours in a wheel bucket. */
    Timer next;
    Timer prev;

    /**
     * @param event    the event it dispatches
     * @param id       its ID
     * @param ringMark how many events had been posted when it was set
     */
    public Timer(EventContext event, long id, long ringMark) {
        this.event = event;
        this.id = id;
        this.ringMark = ringMark;
    }

    /** Whether it waits to fire (not yet fired or removed). */
    public boolean pending() {
        return tier != NONE;
    }

    @Override
    public String toString() {
        return "Timer[" + id + " " + event.state() + (pending() ? "" : ", done") + "]";
    }
}
