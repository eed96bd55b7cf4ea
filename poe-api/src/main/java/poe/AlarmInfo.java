package poe;

import java.time.Instant;
import java.util.List;

/**
 * A timer that was removed: what {@link Kernel#alarmRemove(long)} and
 * {@link Kernel#alarmRemoveAll()} return.
 *
 * <pre>{@code
 * long id = kernel.delaySet("timeout", 5.0, "job-7");
 * kernel.alarmRemove(id).ifPresent(info -> log(info.event() + " due " + info.due()));
 * }</pre>
 *
 * @param id    the timer's ID
 * @param event the event it would have posted
 * @param due   when it was due (wall-clock)
 * @param args  the event's arguments
 */
public record AlarmInfo(long id, String event, Instant due, List<Object> args) {

    /** The due time in epoch seconds, as POE reports it. */
    public double epochSeconds() {
        return due.getEpochSecond() + due.getNano() / 1e9;
    }
}
