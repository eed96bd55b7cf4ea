package poe.wheel;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import poe.Handler;
import poe.Kernel;
import poe.Session;
import poe.Target;
import poe.filter.Filter;
import poe.filter.FilterException;
import poe.filter.FrameTooLargeException;

/**
 * What every wheel shares: its owner, its ID, the names of the handlers it adds to its
 * owner, the checks that it is used from its owner's handlers, and closing once.
 * Wheels are written only on the kernel's public API.
 */
abstract class AbstractWheel implements Wheel {

    private static final AtomicLong IDS = new AtomicLong();
    static final System.Logger LOG = System.getLogger("poe.wheel");

    final Kernel kernel;
    final Session owner;
    final long id;
    private final String kind;
    private boolean closed;
    /** How many of this wheel's own handlers are on the stack (loop thread only). */
    private int inHandler;
    /** What a user's handler threw inside them, thrown when the outermost returns (loop thread only). */
    private Throwable held;

    /**
     * Binds a new wheel to the active session of {@code kernel}.
     *
     * @throws IllegalStateException off the kernel's thread, or outside a session's handler
     */
    AbstractWheel(Kernel kernel, String kind) {
        this(kernel, kind, nextId());
    }

    /** A new wheel with an ID taken before ({@link #nextId}): a Run started in the background. */
    AbstractWheel(Kernel kernel, String kind, long id) {
        if (kernel == null) {
            throw new NullPointerException(kind + ": kernel");
        }
        this.kernel = kernel;
        this.kind = kind;
        Target active = kernel.activeSession();
        if (!(active instanceof Session s)) {
            throw new IllegalStateException(kind + " must be created inside a handler of the session that will"
                    + " own it (its events go to that session); create it in _start or another handler");
        }
        this.owner = s;
        this.id = id;
    }

    /** A new wheel ID, unique in the JVM. */
    static long nextId() {
        return IDS.incrementAndGet();
    }

    @Override
    public final long id() {
        return id;
    }

    /** The session that owns this wheel and receives its events. */
    public final Session owner() {
        return owner;
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    /** A handler name of this wheel's, unique in the JVM (POE: {@code "POE::Wheel::X(5) -> what"}). */
    final String stateName(String what) {
        return "poe.wheel." + kind + "(" + id + ") " + what;
    }

    /**
     * Adds one of this wheel's handlers to the owner; must be called while the owner is active.
     * An exception from a user's event that the handler {@link #emit emits} is held until the
     * handler has done its own work, then thrown from it (see {@link #emit}).
     */
    final void defineState(String name, Handler handler) {
        kernel.state(name, ev -> {
            inHandler++;
            try {
                handler.handle(ev);
            } catch (Throwable t) {
                hold(t);
            } finally {
                inHandler--;
            }
            if (inHandler == 0 && held != null) {
                Throwable t = held;
                held = null;
                if (t instanceof Error e) {
                    throw e;
                }
                throw t instanceof Exception e ? e : new RuntimeException(t);
            }
        });
    }

    private void hold(Throwable t) {
        if (held == null) {
            held = t;
        } else if (held != t) {
            held.addSuppressed(t);
        }
    }

    /** Ties this wheel to its owner, so that the owner's stop closes it. */
    final void tie() {
        kernel.tieToSession(this);
    }

    /**
     * Checks that the caller may use this wheel now: on the kernel's thread, in a handler of
     * its owner, and not closed.
     *
     * @param method the method called, for the message
     */
    final void checkUse(String method) {
        if (closed) {
            throw new IllegalStateException(this + ": " + method + "() after close(); the wheel was dropped"
                    + " (by close() or because its session stopped)");
        }
        checkOwner(method);
    }

    private void checkOwner(String method) {
        Target active = kernel.activeSession();            // checks the thread
        if (active != owner) {
            throw new IllegalStateException(this + ": " + method + "() was called from " + active
                    + ", but the wheel belongs to " + owner + "; post an event to " + owner
                    + " and use the wheel in its handler");
        }
    }

    /**
     * Calls one of the user's events on the owner, synchronously; a null event is not sent.
     * Such a call runs in place, as in POE, so what the user's handler throws goes up into
     * the caller. Inside one of this wheel's own handlers it is held instead, so that the
     * wheel finishes what it was doing (the other records of a read, the re-armed poll, the
     * close event after an error), and thrown when that handler returns: the kernel then
     * turns it into DIE, naming the wheel's handler as POE does.
     */
    final void emit(String event, Object... args) {
        if (event == null) {
            return;
        }
        if (inHandler == 0) {
            kernel.call(owner, event, args);
            return;
        }
        try {
            kernel.call(owner, event, args);
        } catch (Throwable t) {
            hold(t);
        }
    }

    /** Delivers an error event: (operation, errno name, message, wheel ID). */
    final void emitError(String event, String operation, String errno, String message) {
        emit(event, operation, errno, message, id);
    }

    /**
     * Sends the owner every record the input filter can frame now, as {@code inputEvent}
     * (record, wheel ID), until the filter needs more input, the wheel closes or the event
     * is turned off. Filter and events are read again for each record: a handler may switch
     * them. A record the filter cannot frame is an error event, and framing goes on.
     */
    final void deliverRecords(Supplier<Filter<byte[], Object>> filter, Supplier<String> inputEvent,
                              Supplier<String> errorEvent) {
        while (!closed) {
            String event = inputEvent.get();
            if (event == null) {
                return;
            }
            Optional<Object> record;
            try {
                record = filter.get().getOne();
            } catch (FilterException e) {
                emitFilterError(errorEvent.get(), e);
                continue;
            }
            if (record.isEmpty()) {
                return;
            }
            emit(event, record.get(), id);
        }
    }

    /** Buffers raw input in a filter; a crossed limit there is an error event. */
    final void frame(Filter<byte[], Object> filter, List<byte[]> raw, String errorEvent) {
        try {
            filter.getOneStart(raw);
        } catch (FilterException e) {
            emitFilterError(errorEvent, e);
        }
    }

    /** A filter's failure as an error event: ("read", EMSGSIZE for a crossed limit or EBADMSG, message, ID). */
    final void emitFilterError(String errorEvent, FilterException e) {
        emitError(errorEvent, "read", e instanceof FrameTooLargeException ? "EMSGSIZE" : "EBADMSG", message(e));
    }

    /**
     * Checks the arguments of an {@code event(kind, name, ...)} call.
     *
     * @throws IllegalArgumentException for an odd count or a kind not in {@code kinds}
     */
    final void checkEventPairs(List<String> kinds, String... kindsAndNames) {
        if (kindsAndNames.length % 2 != 0) {
            throw new IllegalArgumentException(this + ": event() takes pairs of kind and name, got "
                    + kindsAndNames.length + " strings");
        }
        for (int i = 0; i < kindsAndNames.length; i += 2) {
            if (!kinds.contains(kindsAndNames[i])) {
                throw new IllegalArgumentException(this + ": unknown event kind '" + kindsAndNames[i] + "'; "
                        + kind + " has " + kinds);
            }
        }
    }

    static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        if (owner.isAlive()) {
            checkOwner("close");
            closed = true;
            kernel.untieFromSession(owner, this);
            removeFromOwner();
        } else {
            closed = true;                  // the owner stopped: its watchers and handlers are gone
        }
        releaseResources();
    }

    /** Removes this wheel's watchers and handlers from its owner, which is active. */
    abstract void removeFromOwner();

    /** Closes what the wheel owns (channels not yet handed out). */
    abstract void releaseResources();

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + c + " failed", e);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + c + " failed", e);
        }
    }

    @Override
    public String toString() {
        return kind + "(" + id + ")";
    }
}
