package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceTest {
    private static final ResourceCodec CODEC = new ResourceCodec();

    @Test
    void jsonGoingInAndComingOutIsCopied() {
        ObjectNode spec = JsonNodeFactory.instance.objectNode().put("service", "httpbin");
        Resource split = Resource.withSpec("split.smi-spec.io/v1alpha4", "TrafficSplit", ObjectMeta.of("ns", "s"), spec);

        spec.put("service", "changed-after-creation");
        split.spec().put("service", "changed-through-accessor");
        split.body().remove("spec");
        split.status().put("phase", "x");

        assertThat(split.spec().get("service").asText()).isEqualTo("httpbin");
        assertThat(split.hasStatus()).isFalse();
    }

    @Test
    void metadataMapsAreCopiedAndReadOnly() {
        Map<String, String> labels = new HashMap<>(Map.of("app", "web"));
        ObjectMeta meta = ObjectMeta.of("default", "web").withLabels(labels);
        labels.put("tier", "front");

        assertThat(meta.labels()).containsOnlyKeys("app");
        assertThatThrownBy(() -> meta.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theBodyMayNotCarryTopLevelFieldsOfItsOwn() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("kind", "Secret");

        assertThatThrownBy(() -> Resource.of("v1", "Service", ObjectMeta.named("a"), body, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
        assertThatThrownBy(() -> Resource.of(" ", "Service", ObjectMeta.named("a"), null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldReadsAnyTopLevelField() {
        Resource secret = ValidManifests.parse("Secret");

        assertThat(secret.field("type").asText()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.field("kind").asText()).isEqualTo("Secret");
        assertThat(secret.field("metadata").get("name").asText()).isEqualTo("ingress-cert");
        assertThat(secret.field("status").isMissingNode()).isTrue();
        assertThat(secret.field("spec").isMissingNode()).isTrue();
        assertThat(secret.field("data").has("tls.crt")).isTrue();
    }

    @Test
    void theDefaultNamespaceAppliesOnlyToNamespacedKindsWithoutOne() {
        Resource ingress = Resource.withSpec("networking.k8s.io/v1", "Ingress", ObjectMeta.named("web"), null);
        Resource inOther = ingress.withMetadata(ingress.metadata().withNamespace("other"));
        Resource plugin = Resource.withSpec("plugin.flomesh.io/v1alpha1", "Plugin", ObjectMeta.of("curl", "p"), null);
        Resource unknown = Resource.withSpec("apps/v1", "Deployment", ObjectMeta.named("d"), null);

        assertThat(ingress.withDefaultNamespace("default").namespace()).isEqualTo("default");
        assertThat(inOther.withDefaultNamespace("default").namespace()).isEqualTo("other");
        assertThat(plugin.withDefaultNamespace("default").namespace()).isNull();
        assertThat(unknown.withDefaultNamespace("default")).isSameAs(unknown);
    }

    @Test
    void normalizingASecretMovesStringDataIntoBase64Data() {
        Resource secret = CODEC.parseYaml("""
                apiVersion: v1
                kind: Secret
                metadata: {name: creds, namespace: default}
                data:
                  username: b2xk
                  keep: a2VlcA==
                stringData:
                  username: admin
                  password: "s3cr\u00e9t"
                """).get(0);

        Resource normalized = secret.normalizeSecret();

        assertThat(normalized.field("stringData").isMissingNode()).isTrue();
        assertThat(decode(normalized, "username")).isEqualTo("admin");
        assertThat(decode(normalized, "password")).isEqualTo("s3cr\u00e9t");
        assertThat(decode(normalized, "keep")).isEqualTo("keep");
        assertThat(ResourceValidator.standard().validate(normalized)).isEmpty();
        assertThat(ValidManifests.parse("Service").normalizeSecret()).isEqualTo(ValidManifests.parse("Service"));
    }

    @Test
    void keyAndToStringNameTheObjectWithoutItsContents() {
        Resource secret = ValidManifests.parse("Secret");

        assertThat(secret.key()).isEqualTo(new ResourceKey("Secret", "httpbin", "ingress-cert"));
        assertThat(secret.key()).hasToString("Secret httpbin/ingress-cert");
        assertThat(secret).hasToString("Secret httpbin/ingress-cert");
        assertThat(ValidManifests.parse("Plugin").key()).hasToString("Plugin token-injector");
        assertThatThrownBy(() -> Resource.withSpec("v1", "Service", ObjectMeta.named(null), null).key())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void equalResourcesAreEqualAndCopiesDiffer() {
        Resource a = ValidManifests.parse("Ingress");
        Resource b = ValidManifests.parse("Ingress");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.withStatus(JsonNodeFactory.instance.objectNode().put("x", 1))).isNotEqualTo(a);
        assertThat(a.withSpec(null).field("spec").isMissingNode()).isTrue();
        assertThat(a.withApiVersion("networking.k8s.io/v1beta1").apiVersion()).isEqualTo("networking.k8s.io/v1beta1");
    }

    private static String decode(Resource secret, String key) {
        return new String(Base64.getDecoder().decode(secret.field("data").get(key).asText()), StandardCharsets.UTF_8);
    }
}
