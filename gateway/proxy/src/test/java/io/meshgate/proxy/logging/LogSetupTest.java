package io.meshgate.proxy.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The configuration text only: installing it would reconfigure logging for every test in this JVM. */
class LogSetupTest {
    @Test
    void librariesLogWarningsMeshgateLogsInfoOnOneLine() throws IOException {
        Properties config = new Properties();
        config.load(new StringReader(LogSetup.configuration()));
        assertThat(config)
                .containsEntry(".level", "WARNING")
                .containsEntry("io.meshgate.level", "INFO")
                .containsEntry("meshgate.level", "INFO")
                .containsEntry("handlers", "java.util.logging.ConsoleHandler")
                .containsEntry("java.util.logging.ConsoleHandler.formatter", OneLineFormatter.class.getName());
    }
}
