package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {
    private static final ResourceCodec CODEC = new ResourceCodec();

    @Test
    void secretValuesAndKubectlsCopyOfThemAreHiddenKeysStay() {
        Resource secret = CODEC.parseYaml("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: tls-cert
                  namespace: httpbin
                  annotations:
                    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"tls.key":"c2VjcmV0"}}'
                    team: edge
                type: kubernetes.io/tls
                data: {tls.crt: Y2VydA==, tls.key: c2VjcmV0}
                stringData: {ca.crt: plain-ca}
                """).get(0);

        Resource redacted = SecretRedactor.redact(secret);

        assertThat(redacted.field("data").get("tls.crt").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(redacted.field("data").get("tls.key").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(redacted.field("stringData").get("ca.crt").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(redacted.field("type").asText()).isEqualTo("kubernetes.io/tls");
        assertThat(redacted.metadata().annotations()).containsEntry("team", "edge")
                .containsEntry("kubectl.kubernetes.io/last-applied-configuration", SecretRedactor.REDACTED);
        assertThat(new ResourceCodec().toJson(redacted)).doesNotContain("c2VjcmV0", "Y2VydA==", "plain-ca");
        assertThat(secret.field("data").get("tls.key").asText()).isEqualTo("c2VjcmV0");
    }

    @Test
    void aClusterKubeconfigAndTheRemoteLoggingAuthorizationAreHidden() {
        Resource cluster = ValidManifests.parse("Cluster");
        Resource meshConfig = MeshConfigDefaults.resource().withSpec(MeshConfigDefaults.resource().spec()
                .set("observability", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                        .set("remoteLogging", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                                .put("enable", true).put("authorization", "Basic dXNlcjpwYXNz"))));

        assertThat(SecretRedactor.redact(cluster).spec().get("kubeconfig").asText()).isEqualTo(SecretRedactor.REDACTED);
        assertThat(SecretRedactor.redact(cluster).spec().get("gatewayHost").asText()).isEqualTo("192.168.1.110");
        assertThat(SecretRedactor.redact(meshConfig).spec().at("/observability/remoteLogging/authorization").asText())
                .isEqualTo(SecretRedactor.REDACTED);
        assertThat(SecretRedactor.redact(MeshConfigDefaults.resource())).isEqualTo(MeshConfigDefaults.resource());
    }

    @Test
    void otherKindsAreUnchanged() {
        Resource ingress = ValidManifests.parse("Ingress");
        Resource withLastApplied = ingress.withMetadata(ingress.metadata().withAnnotations(
                Map.of("kubectl.kubernetes.io/last-applied-configuration", "{}")));

        assertThat(SecretRedactor.redact(ingress)).isSameAs(ingress);
        assertThat(SecretRedactor.redact(withLastApplied)).isSameAs(withLastApplied);
    }
}
