package io.meshgate.egress.translator;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.TunnelMode;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import org.junit.jupiter.api.Test;

/** MeshConfig {@code spec.egressGateway.mode} and {@code .port}: the one source of the gateway's mode and port. */
class EgressGatewaySettingsTest {

    @Test
    void withoutAMeshConfigTheDefaultsAreHttp2tunnelOn1080() {
        EgressGatewaySettings settings = EgressGatewaySettings.from(null);
        assertThat(settings.mode()).isEqualTo(TunnelMode.CONNECT);
        assertThat(settings.port()).isEqualTo(1080);
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void aMeshConfigWithoutTheSectionTakesTheDefaults() {
        EgressGatewaySettings settings = EgressGatewaySettings.from(meshConfig("traffic: {enableEgress: true}"));
        assertThat(settings.mode()).isEqualTo(TunnelMode.CONNECT);
        assertThat(settings.port()).isEqualTo(1080);
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void sock5AndItsPortAreRead() {
        EgressGatewaySettings settings = EgressGatewaySettings.from(meshConfig("egressGateway: {mode: sock5, port: 1081}"));
        assertThat(settings.mode()).isEqualTo(TunnelMode.SOCKS5);
        assertThat(settings.port()).isEqualTo(1081);
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void anUnknownModeKeepsHttp2tunnelAndNamesTheField() {
        EgressGatewaySettings settings = EgressGatewaySettings.from(meshConfig("egressGateway: {mode: http3tunnel}"));
        assertThat(settings.mode()).isEqualTo(TunnelMode.CONNECT);
        assertThat(settings.unknownMode()).isEqualTo("http3tunnel");
        assertThat(settings.problems()).singleElement().asString()
                .startsWith("spec.egressGateway.mode of MeshConfig fsm-system/fsm-mesh-config is \"http3tunnel\"")
                .endsWith("the gateway serves http2tunnel");
    }

    @Test
    void aPortThatIsNoPortKeeps1080AndNamesTheField() {
        EgressGatewaySettings text = EgressGatewaySettings.from(meshConfig("egressGateway: {mode: sock5, port: abc}"));
        assertThat(text.mode()).isEqualTo(TunnelMode.SOCKS5);
        assertThat(text.port()).isEqualTo(1080);
        assertThat(text.unknownMode()).isNull();
        assertThat(text.problems()).singleElement().asString()
                .startsWith("spec.egressGateway.port of MeshConfig fsm-system/fsm-mesh-config is \"abc\"");
        assertThat(EgressGatewaySettings.from(meshConfig("egressGateway: {port: 70000}")).port()).isEqualTo(1080);
    }

    private static Resource meshConfig(String spec) {
        return new ResourceCodec().parse("""
                apiVersion: config.flomesh.io/v1alpha1
                kind: MeshConfig
                metadata: {name: fsm-mesh-config, namespace: fsm-system}
                spec:
                  %s
                """.formatted(spec)).getFirst();
    }
}
