package io.meshgate.proxy.logging;

import io.meshgate.kernel.observe.AccessLog;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per log record: {@code 2026-12-06T12:00:00.123Z INFO  meshgate.api.ApiServer  message}.
 * Lines that continue a record (a multi-line message, a stack trace) are indented, so every line
 * that starts at column 0 starts a record and a grep for a timestamp or level finds whole records.
 * Meshgate's own logger names lose their {@code io.} prefix; library names are printed as they are.
 *
 * <p>The access log's records are already complete JSON lines and pass through bare.
 */
public final class OneLineFormatter extends Formatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String CONTINUATION = "    ";
    private static final String OWN_PREFIX = "io.meshgate.";

    @Override
    public String format(LogRecord record) {
        String message = formatMessage(record);
        if (AccessLog.LOGGER_NAME.equals(record.getLoggerName())) {
            return message + System.lineSeparator();
        }
        StringBuilder out = new StringBuilder(160);
        TIME.formatTo(record.getInstant(), out);
        out.append(' ').append(level(record.getLevel())).append(' ').append(source(record)).append("  ");
        appendIndented(out, String.valueOf(message));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            out.append(System.lineSeparator()).append(CONTINUATION);
            appendIndented(out, trace.toString().stripTrailing().replace("\t", CONTINUATION));
        }
        return out.append(System.lineSeparator()).toString();
    }

    /** The {@link System.Logger.Level} name the code logged with, padded to one width. */
    static String level(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN ";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO ";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    private static String source(LogRecord record) {
        String name = record.getLoggerName() != null ? record.getLoggerName() : record.getSourceClassName();
        if (name == null || name.isEmpty()) {
            return "-";
        }
        return name.startsWith(OWN_PREFIX) ? name.substring("io.".length()) : name;
    }

    /** Appends {@code text} with every line after the first indented as a continuation. */
    private static void appendIndented(StringBuilder out, String text) {
        String[] lines = text.split("\\R", -1);
        out.append(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            out.append(System.lineSeparator()).append(CONTINUATION).append(lines[i]);
        }
    }
}
