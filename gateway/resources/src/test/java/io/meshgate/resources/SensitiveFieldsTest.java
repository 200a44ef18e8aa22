package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensitiveFieldsTest {
    private static final ResourceCodec CODEC = new ResourceCodec();

    private static ObjectNode json(String yaml) {
        return CODEC.parseYaml(yaml).get(0).toJson();
    }

    @Test
    void everySecretValueIsOneFieldNamedByItsKey() {
        ObjectNode secret = json("""
                apiVersion: v1
                kind: Secret
                metadata: {name: s, namespace: n}
                data: {tls.key: c2VjcmV0, empty: null}
                stringData: {password: hunter2}
                """);

        List<SensitiveField> fields = SensitiveFields.in("Secret", secret);

        assertThat(fields).extracting(SensitiveField::toString).containsExactly("data[tls.key]", "stringData[password]");
        assertThat(fields.get(0).valueIn(secret).asText()).isEqualTo("c2VjcmV0");
    }

    @Test
    void clusterAndMeshConfigRowsNameTheirSpecFields() {
        ObjectNode cluster = ValidManifests.parse("Cluster").toJson();
        ObjectNode meshConfig = MeshConfigDefaults.resource().toJson();
        ((ObjectNode) meshConfig.get("spec")).putObject("observability").putObject("remoteLogging")
                .put("authorization", "Bearer x");

        assertThat(SensitiveFields.in("Cluster", cluster)).extracting(SensitiveField::toString)
                .containsExactly("spec.kubeconfig");
        assertThat(SensitiveFields.in("MeshConfig", meshConfig)).extracting(SensitiveField::toString)
                .containsExactly("spec.observability.remoteLogging.authorization");
        assertThat(SensitiveFields.in("MeshConfig", MeshConfigDefaults.resource().toJson())).isEmpty();
    }

    @Test
    void kubectlsCopyCountsOnlyForKindsWithCredentials() {
        ObjectNode cluster = ValidManifests.parse("Cluster").toJson();
        ((ObjectNode) cluster.get("metadata")).putObject("annotations")
                .put(SensitiveFields.LAST_APPLIED, "{\"spec\":{\"kubeconfig\":\"x\"}}");
        ObjectNode ingress = ValidManifests.parse("Ingress").toJson();
        ((ObjectNode) ingress.get("metadata")).putObject("annotations").put(SensitiveFields.LAST_APPLIED, "{}");

        List<SensitiveField> fields = SensitiveFields.in("Cluster", cluster);

        assertThat(fields).extracting(SensitiveField::toString)
                .containsExactly("spec.kubeconfig", "metadata.annotations[kubectl.kubernetes.io/last-applied-configuration]");
        assertThat(fields.get(1).copyOfTheObject()).isTrue();
        assertThat(SensitiveFields.in("Ingress", ingress)).isEmpty();
        assertThat(SensitiveFields.has("Ingress")).isFalse();
    }
}
