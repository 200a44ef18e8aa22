package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.api.EmbeddedEgressGateway;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --embedded-egress-gateway} and its ports, from flags and the environment: the tunnel port is the
 * MeshConfig's unless {@code --egress-gateway-port} is given (then written into the MeshConfig at start).
 */
class StandaloneEgressOptionsTest {
    @Test
    void offByDefault() {
        StandaloneOptions options = StandaloneOptions.parse(new String[0], Map.of());
        assertThat(options.egressGateway()).isEqualTo(EmbeddedEgressSettings.OFF);
        assertThat(options.embeddedEgressGateway()).isNull();
    }

    @Test
    void theFlagOrTheEnvironmentTurnsItOnAtTheMeshConfigsPortOnTheBindAddress() {
        StandaloneOptions flag = StandaloneOptions.parse(new String[] {"--embedded-egress-gateway", "--bind", "10.201.0.2"},
                Map.of());
        assertThat(flag.egressGateway()).isEqualTo(EmbeddedEgressSettings.on(6060));
        assertThat(flag.egressGateway().port()).as("no port given: the MeshConfig's stands").isNull();
        assertThat(flag.embeddedEgressGateway())
                .isEqualTo(new EmbeddedEgressGateway("10.201.0.2", List.of("10.201.0.2"), null));

        StandaloneOptions env = StandaloneOptions.parse(new String[] {"--egress-gateway-port", "1090"},
                Map.of("MESHGATE_EMBEDDED_EGRESS_GATEWAY", "true", "MESHGATE_EGRESS_GATEWAY_ADMIN_PORT", "-1"));
        assertThat(env.egressGateway()).isEqualTo(EmbeddedEgressSettings.on(1090, -1));
        assertThat(env.embeddedEgressGateway().meshConfigPort()).as("written into the MeshConfig at start")
                .isEqualTo(1090);
        assertThat(StandaloneOptions.parse(new String[] {"--embedded-egress-gateway"},
                Map.of("MESHGATE_EGRESS_GATEWAY_PORT", "1080")).embeddedEgressGateway().meshConfigPort())
                .as("given explicitly, even FSM's default").isEqualTo(1080);
        assertThat(StandaloneOptions.parse(new String[] {"--embedded-egress-gateway"},
                Map.of("MESHGATE_EGRESS_GATEWAY_PORT", " ")).egressGateway().port()).as("blank: not given").isNull();

        assertThat(StandaloneOptions.parse(new String[] {"--embedded-egress-gateway=false"},
                Map.of("MESHGATE_EMBEDDED_EGRESS_GATEWAY", "true")).embeddedEgressGateway())
                .as("a flag wins over the environment").isNull();
    }

    @Test
    void badValuesSayWhatIsWrong() {
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[0], Map.of("MESHGATE_EMBEDDED_EGRESS_GATEWAY", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true or false, got 'yes'");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--egress-gateway-port", "0"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--egress-gateway-port must be");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--egress-gateway-admin-port", "-2"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--egress-gateway-admin-port");
    }

    @Test
    void theUsageDocumentsTheFlag() {
        assertThat(MeshgateMain.USAGE).contains("--embedded-egress-gateway", "MESHGATE_EMBEDDED_EGRESS_GATEWAY=true",
                "--egress-gateway-port", "fsm-system/fsm-egress-gateway", "MeshConfig spec.egressGateway.port")
                .doesNotContain("annotation");
    }
}
