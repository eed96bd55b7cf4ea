package poe.compat;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what a {@code java.util.logging} logger (and its children) publishes while it is
 * open, for tests that check the kernel's warnings.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of("poe.Kernel")) {
 *     kernel.run();
 *     assertEquals(List.of(), log.messages(Level.WARNING));
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(handler);
    }

    /** Starts collecting what the named logger and its children publish. */
    public static LogCapture of(String loggerName) {
        return new LogCapture(Logger.getLogger(loggerName));
    }

    /** Every message so far at {@code level} or above, formatted with its parameters. */
    public List<String> messages(Level level) {
        List<String> out = new ArrayList<>();
        synchronized (records) {
            for (LogRecord r : records) {
                if (r.getLevel().intValue() >= level.intValue() && r.getMessage() != null) {
                    out.add(MessageFormat.format(r.getMessage(), r.getParameters()));
                }
            }
        }
        return out;
    }

    /** Every message so far, whatever its level. */
    public List<String> messages() {
        return messages(Level.ALL);
    }

    /** The logger's name of each record so far at {@code level} or above, with its message. */
    public List<String> namedMessages(Level level) {
        List<String> out = new ArrayList<>();
        synchronized (records) {
            for (LogRecord r : records) {
                if (r.getLevel().intValue() >= level.intValue() && r.getMessage() != null) {
                    out.add(r.getLoggerName() + ": " + MessageFormat.format(r.getMessage(), r.getParameters()));
                }
            }
        }
        return out;
    }

    /** Stops collecting; what was collected stays readable. */
    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
