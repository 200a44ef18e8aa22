package io.meshgate.proxy.logging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.ConsoleHandler;
import java.util.logging.LogManager;

/**
 * The log configuration of a Meshgate process, installed first thing by every {@code main}: one
 * {@link OneLineFormatter} line per record on standard error; Meshgate's own loggers at INFO, every
 * library (Jetty, Vaadin, Atmosphere, Helidon, HikariCP, Flyway, jOOQ, Netty, the JDK) at WARNING,
 * so start-up prints the banner rather than each library's inventory. Warnings and errors of every
 * logger still print.
 *
 * <p>An operator who passes {@code -Djava.util.logging.config.file} (or {@code .class}) keeps that
 * configuration: {@link #install()} then changes nothing.
 */
public final class LogSetup {
    private LogSetup() {}

    /** Configures java.util.logging, the backend of System.Logger and (through slf4j-jdk14) of SLF4J. */
    public static void install() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try {
            LogManager.getLogManager().readConfiguration(
                    new ByteArrayInputStream(configuration().getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a configuration held in memory", e);
        }
    }

    /**
     * The configuration in logging.properties form. Levels are set by logger name here rather than
     * on Logger objects because the LogManager holds loggers weakly: a level set on an object can be
     * lost with it, a configured one applies to every logger of that name whenever it is created.
     */
    static String configuration() {
        String handler = ConsoleHandler.class.getName();
        return String.join("\n",
                "handlers=" + handler,
                handler + ".level=ALL",
                handler + ".formatter=" + OneLineFormatter.class.getName(),
                ".level=WARNING",
                // Meshgate's classes, and the loggers it names itself (meshgate.access)
                "io.meshgate.level=INFO",
                "meshgate.level=INFO",
                "");
    }
}
