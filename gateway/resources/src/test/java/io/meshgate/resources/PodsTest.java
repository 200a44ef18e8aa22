package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodsTest {
    private static final ResourceCodec CODEC = new ResourceCodec();

    private static Resource pod(String spec, String status) {
        return CODEC.parseJson("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"n\"}"
                + (spec == null ? "" : ",\"spec\":" + spec) + (status == null ? "" : ",\"status\":" + status) + "}")
                .getFirst();
    }

    @Test
    void aPodWithoutServiceAccountGetsTheDefaultOneAndTheDeprecatedNameCounts() {
        assertThat(Pods.withDefaults(pod(null, null)).spec().get("serviceAccountName").asText()).isEqualTo("default");
        assertThat(Pods.withDefaults(pod("{\"serviceAccount\":\"old\"}", null)).spec().get("serviceAccountName")
                .asText()).isEqualTo("old");
        Resource named = pod("{\"serviceAccountName\":\"bookstore\"}", null);
        assertThat(Pods.withDefaults(named)).isSameAs(named);
        assertThat(Pods.serviceAccountOf(named.toJson())).isEqualTo("bookstore");
    }

    @Test
    void onlyARunningPodWithAnAddressServes() {
        assertThat(Pods.isServing(pod(null, "{\"phase\":\"Running\",\"podIP\":\"10.0.0.1\"}").toJson())).isTrue();
        assertThat(Pods.isServing(pod(null, "{\"phase\":\"Pending\",\"podIP\":\"10.0.0.1\"}").toJson())).isFalse();
        assertThat(Pods.isServing(pod(null, "{\"phase\":\"Running\"}").toJson())).isFalse();
        assertThat(Pods.podIpOf(pod(null, null).toJson())).isNull();
    }

    @Test
    void otherKindsAreLeftAlone() {
        Resource service = CODEC.parseJson("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"}}")
                .getFirst();
        assertThat(Pods.withDefaults(service)).isSameAs(service);
    }
}
