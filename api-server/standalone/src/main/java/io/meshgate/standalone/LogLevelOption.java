package io.meshgate.standalone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;

/**
 * {@code --log-level} / {@code MESHGATE_LOG_LEVEL} of {@code meshgate up} (the Helm chart's
 * {@code controlPlane.logLevel}): {@code trace}, {@code debug}, {@code info} (the default),
 * {@code warn} or {@code error}, the chart's values. It sets the java.util.logging level of
 * Meshgate's own loggers (System.Logger's backend: {@code trace} is FINEST, so System.Logger's TRACE
 * and DEBUG print, {@code debug} is FINE, {@code error} is SEVERE). Libraries stay at WARNING, their
 * debug output being a flood, unless the level is stricter ({@code error}): then it is the root
 * level too. An operator's own {@code -Djava.util.logging.config.file} (or {@code .class}) wins: the
 * option then changes nothing, as {@code LogSetup} does.
 *
 * @param level the java.util.logging level of Meshgate's loggers
 * @param rest  the arguments without {@code --log-level}
 */
record LogLevelOption(Level level, String[] rest) {
    static final String USAGE = """

              --log-level trace|debug|info|warn|error / MESHGATE_LOG_LEVEL (info): Meshgate's own log level
              (libraries log warnings and errors; error silences their warnings too)""";

    private static final String FLAG = "--log-level";
    private static final Map<String, Level> LEVELS = levels();

    private static Map<String, Level> levels() {
        Map<String, Level> levels = new LinkedHashMap<>();
        levels.put("trace", Level.FINEST);
        levels.put("debug", Level.FINE);
        levels.put("info", Level.INFO);
        levels.put("warn", Level.WARNING);
        levels.put("error", Level.SEVERE);
        return levels;
    }

    /**
     * Takes {@code --log-level L} or {@code --log-level=L} out of the arguments; else
     * {@code MESHGATE_LOG_LEVEL}, else {@code info}.
     *
     * @throws IllegalArgumentException for a value that is not one of the levels, or a flag without one
     */
    static LogLevelOption split(String[] args, Map<String, String> env) {
        String value = env.get("MESHGATE_LOG_LEVEL");
        String from = "MESHGATE_LOG_LEVEL";
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(FLAG)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(FLAG + " needs a value: one of " + String.join(", ", LEVELS.keySet()));
                }
                value = args[++i];
                from = FLAG;
            } else if (args[i].startsWith(FLAG + "=")) {
                value = args[i].substring(FLAG.length() + 1);
                from = FLAG;
            } else {
                rest.add(args[i]);
            }
        }
        return new LogLevelOption(parse(value, from), rest.toArray(String[]::new));
    }

    /** The level named {@code value} (any case; null or blank: info). */
    private static Level parse(String value, String from) {
        if (value == null || value.isBlank()) {
            return Level.INFO;
        }
        Level level = LEVELS.get(value.strip().toLowerCase(Locale.ROOT));
        if (level == null) {
            throw new IllegalArgumentException(from + " must be one of " + String.join(", ", LEVELS.keySet())
                    + ", got '" + value + "'");
        }
        return level;
    }

    /**
     * Sets the levels on top of the configuration {@code LogSetup} installed (loggers that exist and
     * loggers made later), unless the operator configured java.util.logging from a file or class.
     */
    void apply() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        // by logger name, like LogSetup: a level set on a Logger object is lost when it is collected
        StringBuilder levels = new StringBuilder()
                .append("io.meshgate.level=").append(level.getName()).append('\n')
                .append("meshgate.level=").append(level.getName()).append('\n');
        if (level.intValue() > Level.WARNING.intValue()) {
            levels.append(".level=").append(level.getName()).append('\n');
        }
        try {
            // keys given here replace the installed ones, every other key stays
            LogManager.getLogManager().updateConfiguration(new ByteArrayInputStream(
                    levels.toString().getBytes(StandardCharsets.ISO_8859_1)), key -> (old, now) -> now != null ? now : old);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a configuration held in memory", e);
        }
    }
}
