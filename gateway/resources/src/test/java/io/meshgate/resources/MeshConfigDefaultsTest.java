package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MeshConfigDefaultsTest {
    private final Resource defaults = MeshConfigDefaults.resource();
    private final JsonNode spec = defaults.spec();

    @Test
    void isFsmMeshConfigInFsmSystemAndValid() {
        assertThat(defaults.key()).isEqualTo(new ResourceKey("MeshConfig", "fsm-system", "fsm-mesh-config"));
        assertThat(defaults.apiVersion()).isEqualTo("config.flomesh.io/v1alpha3");
        assertThat(ResourceValidator.standard().validate(defaults)).isEmpty();
    }

    @Test
    void hasTheHelmDefaultsTheSeedDependsOn() {
        assertThat(spec.at("/traffic/enablePermissiveTrafficPolicyMode").asBoolean()).isTrue();
        assertThat(spec.at("/traffic/enableEgress").asBoolean()).isTrue();
        assertThat(spec.at("/traffic/outboundIPRangeExclusionList").isEmpty()).isTrue();
        assertThat(spec.at("/featureFlags/enableRetryPolicy").asBoolean()).isFalse();
        assertThat(spec.at("/featureFlags/enablePluginPolicy").asBoolean()).isFalse();
        assertThat(spec.at("/featureFlags/enableAccessCertPolicy").asBoolean()).isFalse();
        assertThat(spec.at("/featureFlags/enableEgressPolicy").asBoolean()).isTrue();
        assertThat(spec.at("/featureFlags/enableAccessControlPolicy").asBoolean()).isTrue();
        assertThat(spec.at("/featureFlags/enableIngressBackendPolicy").asBoolean()).isTrue();
        assertThat(spec.at("/ingress/tls/sslPassthrough/upstreamPort").asInt()).isEqualTo(443);
        assertThat(spec.at("/ingress/tls/enabled").asBoolean()).isFalse();
        assertThat(spec.at("/ingress/tls/mTLS").asBoolean()).isFalse();
        assertThat(spec.at("/ingress/http/listen").asInt()).isEqualTo(8000);
        assertThat(spec.at("/ingress/tls/listen").asInt()).isEqualTo(8443);
        assertThat(spec.at("/sidecar/sidecarTimeout").asInt()).isEqualTo(60);
        assertThat(spec.at("/sidecar/localProxyMode").asText()).isEqualTo("Localhost");
        assertThat(spec.at("/certificate/serviceCertValidityDuration").asText()).isEqualTo("24h");
        assertThat(spec.at("/certificate/certKeyBitSize").asInt()).isEqualTo(2048);
        assertThat(spec.at("/observability/tracing/enable").asBoolean()).isFalse();
        assertThat(spec.at("/egressGateway/mode").asText()).isEqualTo("http2tunnel");
        assertThat(spec.at("/egressGateway/port").asInt()).isEqualTo(1080);
        assertThat(spec.at("/warmup/duration").asText()).isEqualTo("90s");
        assertThat(spec.at("/clusterSet/name").asText()).isEqualTo("local");
        assertThat(spec.at("/image/tag").asText()).isEqualTo("1.6.0");
    }

    @Test
    void hasFsmsBuiltInPluginChains() {
        assertThat(spec.at("/pluginChains/inbound-http")).hasSize(9);
        assertThat(spec.at("/pluginChains/outbound-http/4/plugin").asText()).isEqualTo("modules/outbound-circuit-breaker");
        assertThat(spec.at("/pluginChains/outbound-http/4/priority").asInt()).isEqualTo(120);
        assertThat(spec.at("/pluginChains/inbound-tcp")).hasSize(4);
        assertThat(spec.at("/pluginChains/outbound-tcp")).hasSize(3);
    }

    @Test
    void isTheSameImmutableObjectEachTime() {
        assertThat(MeshConfigDefaults.resource()).isSameAs(defaults);
        defaults.spec().putObject("traffic").put("enableEgress", false);
        assertThat(MeshConfigDefaults.resource().spec().at("/traffic/enableEgress").asBoolean()).isTrue();
    }
}
