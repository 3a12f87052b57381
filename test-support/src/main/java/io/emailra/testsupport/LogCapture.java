package io.emailra.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What one logger records while it is open: {@code try (LogCapture log = LogCapture.of(name)) { ... log.records() }}. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
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

    public static LogCapture of(String loggerName) {
        return new LogCapture(Logger.getLogger(loggerName));
    }

    /** The records so far, in order. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** A record's message with its parameters filled in, as a handler would print it. */
    public static String text(LogRecord record) {
        return record.getParameters() == null ? record.getMessage()
                : java.text.MessageFormat.format(record.getMessage(), record.getParameters());
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
