package poe;

import poe.internal.Inbox;

/**
 * POE's TRACE_* and ASSERT_* switches, read once from system properties. When off they
 * are compile-time-like constants the JIT folds away.
 *
 * <ul>
 *   <li>{@code poe.trace.default=true}: all traces below</li>
 *   <li>{@code poe.trace.events}, {@code poe.trace.sessions}, {@code poe.trace.signals}</li>
 *   <li>{@code poe.assert.default=true}: all assertions below</li>
 *   <li>{@code poe.assert.usage}: misuse throws (e.g. posting to an unknown session)</li>
 *   <li>{@code poe.catch.exceptions=false}: handler exceptions leave {@code run()} at once</li>
 *   <li>{@code poe.timeslice.oneBatch=true}: each timeslice dispatches one of POE's batches
 *       (the events queued when it began), so the loop polls I/O between every two batches,
 *       as POE does. By default a timeslice goes on with the next batches for up to a
 *       millisecond (or 65,536 events) before it polls; I/O then comes later among a flood
 *       of posted events than in POE. For comparing traces with POE; slower.</li>
 * </ul>
 */
final class Debug {

    static final boolean TRACE_DEFAULT = flag("poe.trace.default", false);
    static final boolean TRACE_EVENTS = flag("poe.trace.events", TRACE_DEFAULT);
    static final boolean TRACE_SESSIONS = flag("poe.trace.sessions", TRACE_DEFAULT);
    static final boolean TRACE_SIGNALS = flag("poe.trace.signals", TRACE_DEFAULT);
    static final boolean ASSERT_DEFAULT = flag("poe.assert.default", false);
    static final boolean ASSERT_USAGE = flag("poe.assert.usage", ASSERT_DEFAULT);
    static final boolean CATCH_EXCEPTIONS = flag("poe.catch.exceptions", true);
    static final boolean ONE_BATCH_PER_TIMESLICE = flag("poe.timeslice.oneBatch", false);

    private static final System.Logger LOG = System.getLogger("poe.Kernel");

    private Debug() {
    }

    /** TRACE_EVENTS' line for an event about to be dispatched (or any dispatch of a traced session). */
    static void traceDispatch(Session s, EventContext ev) {
        LOG.log(System.Logger.Level.INFO, "dispatching ''{0}'' to {1} from {2}", ev.state, s, ev.sender);
    }

    /** A post from another thread to a session that is gone: dropped (logged while tracing or checking usage). */
    static void droppedPost(Inbox.Item item) {
        if (TRACE_EVENTS || ASSERT_USAGE) {
            LOG.log(System.Logger.Level.WARNING, "post of ''{0}'' from another thread to unknown {1} dropped",
                    item.name(), Checks.describe(item.dest()));
        }
    }

    private static boolean flag(String name, boolean fallback) {
        String v = System.getProperty(name);
        return v == null ? fallback : !v.isEmpty() && !"0".equals(v) && !"false".equalsIgnoreCase(v);
    }
}
