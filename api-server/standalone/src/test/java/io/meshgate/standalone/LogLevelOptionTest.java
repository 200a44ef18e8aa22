package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.proxy.logging.LogSetup;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code meshgate up --log-level} / {@code MESHGATE_LOG_LEVEL} (the chart sets it): the level of
 * Meshgate's own System.Loggers, libraries kept at WARNING unless stricter, unknown values refused.
 */
class LogLevelOptionTest {

    @AfterEach
    void restore() {
        LogSetup.install(); // what every main installs: Meshgate at INFO, libraries at WARNING
    }

    @Test
    void flagEnvironmentAndDefault() {
        assertThat(LogLevelOption.split(new String[0], Map.of()).level()).isEqualTo(java.util.logging.Level.INFO);
        assertThat(LogLevelOption.split(new String[0], Map.of("MESHGATE_LOG_LEVEL", "debug")).level())
                .isEqualTo(java.util.logging.Level.FINE);
        LogLevelOption flag = LogLevelOption.split(new String[] {"--mode", "kubernetes", "--log-level", "ERROR",
                "--api-port", "1"}, Map.of("MESHGATE_LOG_LEVEL", "debug"));
        assertThat(flag.level()).isEqualTo(java.util.logging.Level.SEVERE);
        assertThat(flag.rest()).containsExactly("--mode", "kubernetes", "--api-port", "1");
        assertThat(LogLevelOption.split(new String[] {"--log-level=trace"}, Map.of()).level())
                .isEqualTo(java.util.logging.Level.FINEST);
        assertThat(LogLevelOption.split(new String[] {"--log-level=warn"}, Map.of()).level())
                .isEqualTo(java.util.logging.Level.WARNING);
        assertThat(LogLevelOption.split(new String[0], Map.of("MESHGATE_LOG_LEVEL", "")).level())
                .isEqualTo(java.util.logging.Level.INFO);
    }

    @Test
    void unknownValuesAreRefusedNamingWhereTheyCameFrom() {
        assertThatThrownBy(() -> LogLevelOption.split(new String[0], Map.of("MESHGATE_LOG_LEVEL", "verbose")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MESHGATE_LOG_LEVEL must be one of trace, debug, info, warn, error, got 'verbose'");
        assertThatThrownBy(() -> LogLevelOption.split(new String[] {"--log-level", "warning"}, Map.of()))
                .hasMessage("--log-level must be one of trace, debug, info, warn, error, got 'warning'");
        assertThatThrownBy(() -> LogLevelOption.split(new String[] {"--log-level"}, Map.of()))
                .hasMessageContaining("--log-level needs a value");
    }

    @Test
    void debugShowsMeshgatesDebugLinesButNotTheLibraries() {
        LogSetup.install();
        System.Logger meshgate = System.getLogger("io.meshgate.api.AccessCertController");
        System.Logger library = System.getLogger("io.helidon.webserver.LoomServer");
        assertThat(meshgate.isLoggable(Level.DEBUG)).isFalse();

        LogLevelOption.split(new String[] {"--log-level", "debug"}, Map.of()).apply();
        assertThat(meshgate.isLoggable(Level.DEBUG)).isTrue();
        assertThat(meshgate.isLoggable(Level.TRACE)).isFalse();
        assertThat(System.getLogger("meshgate.access").isLoggable(Level.DEBUG)).isTrue();
        assertThat(System.getLogger("io.meshgate.made.later").isLoggable(Level.DEBUG)).isTrue();
        assertThat(library.isLoggable(Level.INFO)).isFalse();
        assertThat(library.isLoggable(Level.WARNING)).isTrue();

        LogLevelOption.split(new String[] {"--log-level", "trace"}, Map.of()).apply();
        assertThat(meshgate.isLoggable(Level.TRACE)).isTrue();
    }

    @Test
    void errorSilencesWarningsOfEveryLogger() {
        LogSetup.install();
        LogLevelOption.split(new String[0], Map.of("MESHGATE_LOG_LEVEL", "error")).apply();
        assertThat(System.getLogger("io.meshgate.kube.LeaderElection").isLoggable(Level.WARNING)).isFalse();
        assertThat(System.getLogger("io.meshgate.kube.LeaderElection").isLoggable(Level.ERROR)).isTrue();
        assertThat(System.getLogger("com.zaxxer.hikari.HikariDataSource").isLoggable(Level.WARNING)).isFalse();
        assertThat(System.getLogger("com.zaxxer.hikari.HikariDataSource").isLoggable(Level.ERROR)).isTrue();
    }

    @Test
    void meshgateUpRefusesAnUnknownLevelBeforeStartingAnything() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                MeshgateMain.class.getName(), "--console-port", "0");
        pb.environment().put("MESHGATE_LOG_LEVEL", "loud");
        pb.redirectErrorStream(true);
        Process process = pb.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("meshgate up exits").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("meshgate: MESHGATE_LOG_LEVEL must be one of trace, debug, info, warn, error,"
                + " got 'loud'");
    }
}
