package poe;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Child processes the kernel waits for ({@code sig_child}): each is watched through
 * {@code onExit()}, whose completion (on a JVM thread) is handed to the kernel's inbox.
 */
final class ChildProcesses {

    private final Kernel kernel;
    /** pid to the exit future being waited on. */
    private final Map<Long, CompletableFuture<?>> waiting = new HashMap<>();

    ChildProcesses(Kernel kernel) {
        this.kernel = kernel;
    }

    /** How many processes have not exited yet. */
    int pending() {
        return waiting.size();
    }

    boolean isWaiting(long pid) {
        return waiting.containsKey(pid);
    }

    /** Starts waiting for a process started by this JVM: its exit code is known. */
    void waitFor(Process process) {
        long pid = process.pid();
        if (waiting.containsKey(pid)) {
            return;
        }
        CompletableFuture<Process> exit = process.onExit();
        waiting.put(pid, exit);
        exit.whenComplete((p, e) -> kernel.childExited(pid, p == null ? -1 : p.exitValue()));
    }

    /** Starts waiting for any process by pid: its exit code is not known (-1). */
    void waitFor(long pid) {
        if (waiting.containsKey(pid)) {
            return;
        }
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle == null) {
            // already gone: report it as exited
            CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
            waiting.put(pid, done);
            kernel.childExited(pid, -1);
            return;
        }
        CompletableFuture<ProcessHandle> exit = handle.onExit();
        waiting.put(pid, exit);
        exit.whenComplete((p, e) -> kernel.childExited(pid, -1));
    }

    /** The process has exited and the kernel handled it. */
    void exited(long pid) {
        waiting.remove(pid);
    }

    void clear() {
        waiting.clear();
    }
}
