package io.meshgate.standalone;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's own flag is taken out; everything else goes to the Standalone. */
class MeshgateMainTest {

    @Test
    void defaultEnvironmentAndFlag() {
        assertThat(MeshgateMain.split(new String[] {"--api-port", "1"}, Map.of()).consolePort()).isEqualTo(9090);
        assertThat(MeshgateMain.split(new String[0], Map.of("MESHGATE_CONSOLE_PORT", "0")).consolePort()).isZero();
        MeshgateMain.Split s = MeshgateMain.split(new String[] {"--console-port", "7000", "--bind", "0.0.0.0"},
                Map.of("MESHGATE_CONSOLE_PORT", "0"));
        assertThat(s.consolePort()).isEqualTo(7000);
        assertThat(s.rest()).containsExactly("--bind", "0.0.0.0");
        assertThat(MeshgateMain.split(new String[] {"--console-port=7001"}, Map.of()).consolePort()).isEqualTo(7001);
    }

    @Test
    void badPortsAreRefused() {
        assertThatThrownBy(() -> MeshgateMain.split(new String[] {"--console-port", "x"}, Map.of()))
                .hasMessageContaining("--console-port");
        assertThatThrownBy(() -> MeshgateMain.split(new String[] {"--console-port"}, Map.of()))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> MeshgateMain.split(new String[0], Map.of("MESHGATE_CONSOLE_PORT", "70000")))
                .hasMessageContaining("0-65535");
    }

    @Test
    void apiHostIsLoopbackForWildcardBinds() {
        assertThat(MeshgateMain.apiHost("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(MeshgateMain.apiHost("::")).isEqualTo("[::1]");
        assertThat(MeshgateMain.apiHost("127.0.0.1")).isEqualTo("127.0.0.1");
    }
}
