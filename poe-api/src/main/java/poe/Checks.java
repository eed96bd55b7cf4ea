package poe;

import poe.loop.Loop;

/**
 * The facade's argument checks and the names it gives destinations in messages. Any thread.
 *
 * <pre>{@code
 * Checks.requireEvent(event);   // IllegalArgumentException for null or ""
 * }</pre>
 */
final class Checks {

    private Checks() {
    }

    static IllegalStateException nestedRun(EventContext current) {
        return new IllegalStateException("run() was called inside a handler (of '" + current.state + "' in "
                + current.session + "): the kernel is already running, and a nested run() would return only"
                + " once every session, this one included, had stopped. Return from the handler instead;"
                + " to let other events through while it waits, call runOneTimeslice() or runWhile(...).");
    }

    /** run() inside a handler on the kernel's thread. */
    static void requireNotNested(EventContext current, Loop loop) {
        if (current != null && loop.inLoopThread()) {
            throw nestedRun(current);
        }
    }

    static IllegalStateException closed(String method) {
        return new IllegalStateException("this kernel is closed: " + method + "() cannot be used after close();"
                + " make a new one with Kernel.create()");
    }

    static KernelException noActiveSession(String method) {
        return new KernelException(Errno.ESRCH, method + "() works on the active session, and none is active:"
                + " call it from a handler");
    }

    static UnsupportedOperationException noExpedite() {
        return new UnsupportedOperationException("selectExpedite: java.nio has no out-of-band (expedite) readiness;"
                + " watch the channel with selectRead instead");
    }

    static IllegalStateException wrongThread(String method, Loop loop) {
        return new IllegalStateException(method + "() was called on thread '" + Thread.currentThread().getName()
                + "', but this kernel belongs to " + loop.loopThreadName() + " (" + loop.name()
                + " loop). From other threads use post(), signal(), stop() or a Postback.");
    }

    static void requireEvent(String event) {
        if (event == null || event.isEmpty()) {
            throw new IllegalArgumentException("an event name is required (got " + (event == null ? "null" : "\"\"")
                    + ")");
        }
    }

    static void requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new KernelException(Errno.EINVAL, "a " + what + " is required");
        }
    }

    /** An unknown destination: false, or (with {@code poe.assert.usage}) ESRCH. */
    static boolean unknownDestination(String what, Object dest) {
        if (Debug.ASSERT_USAGE) {
            throw new KernelException(Errno.ESRCH, what + " to " + describe(dest) + ": no such session");
        }
        return false;
    }

    static String describe(Object ref) {
        if (ref instanceof String s) {
            return "alias '" + s + "'";
        }
        if (ref instanceof Number n) {
            return "session ID " + n;
        }
        return String.valueOf(ref);
    }
}
