package io.meshgate.proxy.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.kernel.observe.AccessLog;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class OneLineFormatterTest {
    private static final Instant AT = Instant.parse("2026-12-06T12:00:00.123Z");
    private static final String NL = System.lineSeparator();
    private final OneLineFormatter formatter = new OneLineFormatter();

    private static LogRecord record(Level level, String logger, String message, Object... parameters) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        record.setInstant(AT);
        record.setParameters(parameters.length == 0 ? null : parameters);
        return record;
    }

    @Test
    void aRecordIsOneLineWithTimeLevelAndShortenedOwnLoggerName() {
        assertThat(formatter.format(record(Level.INFO, "io.meshgate.kernel.Kernel", "started: transport={0}", "nio")))
                .isEqualTo("2026-12-06T12:00:00.123Z INFO  meshgate.kernel.Kernel  started: transport=nio" + NL);
    }

    @Test
    void libraryLoggerNamesStayWhole() {
        assertThat(formatter.format(record(Level.WARNING, "org.eclipse.jetty.server.Server", "slow")))
                .isEqualTo("2026-12-06T12:00:00.123Z WARN  org.eclipse.jetty.server.Server  slow" + NL);
    }

    @Test
    void levelsAreSystemLoggerNamesOfOneWidth() {
        assertThat(OneLineFormatter.level(Level.SEVERE)).isEqualTo("ERROR");
        assertThat(OneLineFormatter.level(Level.WARNING)).isEqualTo("WARN ");
        assertThat(OneLineFormatter.level(Level.INFO)).isEqualTo("INFO ");
        assertThat(OneLineFormatter.level(Level.CONFIG)).isEqualTo("DEBUG");
        assertThat(OneLineFormatter.level(Level.FINE)).isEqualTo("DEBUG");
        assertThat(OneLineFormatter.level(Level.FINER)).isEqualTo("TRACE");
    }

    @Test
    void continuationLinesOfAMessageAreIndented() {
        assertThat(formatter.format(record(Level.WARNING, "x", "first\nsecond")))
                .isEqualTo("2026-12-06T12:00:00.123Z WARN  x  first" + NL + "    second" + NL);
    }

    @Test
    void aThrowableFollowsIndented() {
        LogRecord record = record(Level.SEVERE, "io.meshgate.proxy.ConfigAgent", "could not save");
        record.setThrown(new IOException("disk full"));
        String[] lines = formatter.format(record).split(NL);
        assertThat(lines[0]).isEqualTo("2026-12-06T12:00:00.123Z ERROR meshgate.proxy.ConfigAgent  could not save");
        assertThat(lines[1]).isEqualTo("    java.io.IOException: disk full");
        assertThat(Arrays.copyOfRange(lines, 1, lines.length)).allMatch(line -> line.startsWith("    "));
        assertThat(lines[2]).startsWith("        at ");
    }

    @Test
    void accessLogLinesPassThroughBare() {
        String json = "{\"start_time\":\"2026-12-06T12:00:00.123Z\",\"status\":200}";
        assertThat(formatter.format(record(Level.INFO, AccessLog.LOGGER_NAME, json))).isEqualTo(json + NL);
    }
}
