package poe;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes kernels' unique names ({@link Kernel#kernelId()}) the way POE makes
 * {@code $kernel->ID}: {@code HOST-TIME-PID-SEQ}, the last three as 8 hex digits.
 *
 * <pre>{@code
 * String id = KernelName.next();   // e.g. "myhost-6b15d31c-000011c8-00000001"
 * }</pre>
 */
final class KernelName {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String HOST = host();

    private KernelName() {
    }

    static String next() {
        return String.format("%s-%08x-%08x-%08x", HOST, (int) (System.currentTimeMillis() / 1000),
                (int) ProcessHandle.current().pid(), SEQ.incrementAndGet());
    }

    /** The host's name without a DNS lookup (which may block): the environment's, else "localhost". */
    private static String host() {
        for (String var : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String h = System.getenv(var);
            if (h != null && !h.isBlank()) {
                return h.strip();
            }
        }
        return "localhost";
    }
}
