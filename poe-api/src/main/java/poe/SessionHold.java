package poe;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What postbacks and callbacks share: a reference that keeps its session alive until it is
 * closed or garbage-collected (through a {@link Cleaner}, as a safety net).
 */
abstract class SessionHold implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread t = new Thread(runnable, "poe-postback-cleaner");
        t.setDaemon(true);
        return t;
    });

    final Kernel kernel;
    final long sessionId;
    final String event;
    final List<Object> fixedArgs;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    SessionHold(Kernel kernel, Session session, String event, Object[] args) {
        if (event == null || event.isEmpty()) {
            throw new IllegalArgumentException("a postback or callback needs an event name");
        }
        this.kernel = kernel;
        this.sessionId = session.id;
        this.event = event;
        this.fixedArgs = listOf(args);
        kernel.extrefs.holdAcquired(session);
        this.release = new Release(kernel.extrefs, sessionId);
        this.cleanable = CLEANER.register(this, release);
    }

    static List<Object> listOf(Object[] values) {
        return values == null || values.length == 0 ? List.of()
                : Collections.unmodifiableList(Arrays.asList(values.clone()));
    }

    /** The ID of the session this refers to. */
    public long sessionId() {
        return sessionId;
    }

    /** The event it sends. */
    public String event() {
        return event;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return release.done.get();
    }

    /**
     * Releases the session: it no longer stays alive for this object's sake. The object
     * still works afterwards (like POE's {@code weaken}). Idempotent and thread-safe.
     */
    @Override
    public void close() {
        cleanable.clean();
    }

    /** Runs once, from close() or from the Cleaner. */
    private static final class Release implements Runnable {
        final Extrefs extrefs;
        final long sessionId;
        final AtomicBoolean done = new AtomicBoolean();

        Release(Extrefs extrefs, long sessionId) {
            this.extrefs = extrefs;
            this.sessionId = sessionId;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                extrefs.holdReleased(sessionId);
            }
        }
    }
}
