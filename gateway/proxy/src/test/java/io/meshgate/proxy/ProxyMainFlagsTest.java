package io.meshgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyMainFlagsTest {
    @Test
    void takesTheCaFileForAnHttpsServer() {
        Map<String, String> flags = ProxyMain.parse(new String[] {"--server", "https://cp:9091", "--name", "edge",
                "--ca-file", "/data/ca/ca.crt"});
        assertThat(flags).containsEntry("ca-file", "/data/ca/ca.crt").containsEntry("server", "https://cp:9091");
        assertThat(ProxyMain.USAGE).contains("--ca-file").contains("MESHGATE_CA_FILE");
        assertThatThrownBy(() -> ProxyMain.parse(new String[] {"--trust-all", "x"})).hasMessageContaining("unknown flag");
    }
}
