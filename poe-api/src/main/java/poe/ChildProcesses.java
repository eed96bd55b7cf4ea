package poe;

import java.util.HashMap;
import java.util.Map;

import poe.internal.Inbox;

/**
 * Child processes the kernel waits for ({@code sig_child}, blanket {@code CHLD}): each is
 * watched through {@code ProcessHandle.onExit()}, whose completion (on a JVM thread) is
 * handed to the kernel's inbox with the exit code, when a {@link Process} is known for it.
 * Nothing here reaps or waits on a process the kernel was not told about, so
 * {@code Process.waitFor()} elsewhere keeps working (z_merijn_sigchld_system). The
 * sessions' watches of pids are {@link Signals}'.
 *
 * <pre>{@code
 * children.waitFor(process);   // its exit reaches the kernel's thread as Inbox.CHILD_EXIT
 * }</pre>
 */
final class ChildProcesses {

    /** The exit code reported when only a pid is known. */
    static final int UNKNOWN_STATUS = -1;

    /** One process being waited for. */
    private static final class Entry {
        /** Set on the kernel's thread, read on the JVM thread that completes onExit(). */
        volatile Process process;
        /** Whether it is a child of this JVM (started here, or its parent is this process). */
        boolean child;
    }

    // --- any thread
    private final Mailbox mailbox;
    // --- loop thread only
    /** pid to the process being waited on. */
    private final Map<Long, Entry> waiting = new HashMap<>();

    ChildProcesses(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    /** An exit, from the JVM thread that completed onExit() (or the loop's): to the kernel's thread. */
    private void exitedOnAnyThread(long pid, int exitCode) {
        mailbox.handOver(new Inbox.Item(Inbox.CHILD_EXIT, pid, null, new Object[] {exitCode}));
    }

    /**
     * How many child processes of this JVM have not been reported as exited yet. A pid that
     * is not our child (POE could not reap it either) does not count: the kernel may go
     * idle while it runs (K3-SIG-9).
     */
    int pendingChildren() {
        int n = 0;
        for (Entry e : waiting.values()) {
            if (e.child) {
                n++;
            }
        }
        return n;
    }

    boolean isWaiting(long pid) {
        return waiting.containsKey(pid);
    }

    /** Starts waiting for a process started by this JVM: its exit code is known. */
    void waitFor(Process process) {
        long pid = process.pid();
        Entry known = waiting.get(pid);
        if (known != null) {
            // waited for by pid so far: now the exit code can be reported
            known.process = process;
            known.child = true;
            return;
        }
        Entry e = new Entry();
        e.process = process;
        e.child = true;
        waiting.put(pid, e);
        process.onExit().whenComplete((p, failure) -> exitedOnAnyThread(pid, exitCode(e)));
    }

    /** Starts waiting for any process by pid: its exit code is known only if it was registered as a Process. */
    void waitFor(long pid) {
        if (waiting.containsKey(pid)) {
            return;
        }
        Entry e = new Entry();
        waiting.put(pid, e);
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle == null) {
            // already gone: report it as exited
            exitedOnAnyThread(pid, UNKNOWN_STATUS);
            return;
        }
        long self = ProcessHandle.current().pid();
        e.child = handle.parent().map(p -> p.pid() == self).orElse(false);
        handle.onExit().whenComplete((h, failure) -> exitedOnAnyThread(pid, exitCode(e)));
    }

    private static int exitCode(Entry e) {
        Process p = e.process;
        if (p == null) {
            return UNKNOWN_STATUS;
        }
        try {
            return p.waitFor();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return UNKNOWN_STATUS;
        }
    }

    /** The process has exited and the kernel handled it. */
    void exited(long pid) {
        waiting.remove(pid);
    }
}
