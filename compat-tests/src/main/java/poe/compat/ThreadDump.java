package poe.compat;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/** Every thread's stack, as text: what a timed-out scenario puts into its report. */
final class ThreadDump {

    private ThreadDump() {
    }

    static String all() {
        Map<Thread, StackTraceElement[]> traces = new TreeMap<>(Comparator.comparing(Thread::getName)
                .thenComparingLong(Thread::getId));
        traces.putAll(Thread.getAllStackTraces());
        StringBuilder sb = new StringBuilder();
        traces.forEach((t, stack) -> sb.append(of(t, stack)).append('\n'));
        return sb.toString();
    }

    static String of(Thread t, StackTraceElement[] stack) {
        StringBuilder sb = new StringBuilder();
        sb.append('"').append(t.getName()).append('"').append(t.isDaemon() ? " daemon" : "")
                .append(" ").append(t.getState());
        for (StackTraceElement e : stack) {
            sb.append("\n    at ").append(e);
        }
        return sb.toString();
    }
}
