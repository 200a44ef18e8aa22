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

    @Test
    void warmsUpOnlyWhenTold() {
        assertThat(ProxyMain.warmUp(ProxyMain.parse(new String[] {"--kernel-warm-up", "0"}))).isZero();
        assertThat(ProxyMain.warmUp(ProxyMain.parse(new String[] {"--kernel-warm-up", "3s"}))).hasSeconds(3);
        if (System.getenv("MESHGATE_KERNEL_WARM_UP") == null) {
            assertThat(ProxyMain.warmUp(Map.of())).isZero();
        }
        assertThatThrownBy(() -> ProxyMain.warmUp(Map.of("kernel-warm-up", "soon")))
                .hasMessage("--kernel-warm-up must be a duration such as 15s, 500ms or 1m, got 'soon'");
        assertThatThrownBy(() -> ProxyMain.warmUp(Map.of("kernel-warm-up", "-PT1S")))
                .hasMessage("--kernel-warm-up must not be negative, got '-PT1S'");
        assertThat(ProxyMain.USAGE).contains("--kernel-warm-up").contains("MESHGATE_KERNEL_WARM_UP");
    }
}
