package io.emailra.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What the server logs while a test watches: each record's message with its exception chain. */
final class ServerLog extends Handler {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    static ServerLog capture() {
        ServerLog log = new ServerLog();
        Logger.getLogger("").addHandler(log);
        return log;
    }

    void stop() {
        Logger.getLogger("").removeHandler(this);
    }

    /** The first captured line containing the text; fails naming what was captured. */
    String lineWith(String text) {
        return lines.stream().filter(line -> line.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no log line contains '" + text + "'; captured " + lines.size()
                        + " lines: " + lines));
    }

    boolean contains(String text) {
        return lines.stream().anyMatch(line -> line.contains(text));
    }

    @Override
    public void publish(LogRecord record) {
        StringWriter text = new StringWriter();
        text.append(String.valueOf(record.getMessage()));
        if (record.getThrown() != null) {
            record.getThrown().printStackTrace(new PrintWriter(text));
        }
        lines.add(text.toString());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
