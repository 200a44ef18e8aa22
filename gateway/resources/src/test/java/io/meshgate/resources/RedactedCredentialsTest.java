package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RedactedCredentialsTest {
    private static final ResourceCodec CODEC = new ResourceCodec();

    private static ObjectNode secret(String data, String annotations) {
        return CODEC.parseYaml("""
                apiVersion: v1
                kind: Secret
                metadata: {name: s, namespace: n, annotations: %s}
                type: Opaque
                data: %s
                """.formatted(annotations, data)).get(0).toJson();
    }

    @Test
    void redactedValuesTakeTheCurrentOnesOtherFieldsStayAsInTheCopy() {
        ObjectNode before = secret("{user: dXNlcg==, password: b2xk}", "{team: a}");
        SecretRedactor.redactInPlace("Secret", before);
        ObjectNode current = secret("{user: bmV3, password: bmV3cGFzcw==}", "{team: b}");

        ObjectNode restored = RedactedCredentials.restore("Secret", before, current);

        assertThat(restored.at("/data/user").asText()).isEqualTo("bmV3");
        assertThat(restored.at("/data/password").asText()).isEqualTo("bmV3cGFzcw==");
        assertThat(restored.at("/metadata/annotations/team").asText()).isEqualTo("a");
        assertThat(before.at("/data/user").asText()).isEqualTo(SecretRedactor.REDACTED);
    }

    @Test
    void aCredentialGoneNowIsRefusedByName() {
        ObjectNode cluster = ValidManifests.parse("Cluster").toJson();
        SecretRedactor.redactInPlace("Cluster", cluster);
        ObjectNode withoutKubeconfig = ValidManifests.parse("Cluster").toJson();
        ((ObjectNode) withoutKubeconfig.get("spec")).remove("kubeconfig");

        assertThatThrownBy(() -> RedactedCredentials.restore("Cluster", cluster, withoutKubeconfig))
                .isInstanceOfSatisfying(RedactedCredentials.MissingCredentialException.class,
                        e -> assertThat(e.field()).isEqualTo("spec.kubeconfig"));
        assertThatThrownBy(() -> RedactedCredentials.restore("Cluster", cluster, null))
                .isInstanceOf(RedactedCredentials.MissingCredentialException.class);
    }

    @Test
    void kubectlsCopyIsDroppedWhenTheCurrentObjectHasNone() {
        ObjectNode before = secret("{k: dg==}", "{kubectl.kubernetes.io/last-applied-configuration: '{}'}");
        SecretRedactor.redactInPlace("Secret", before);

        ObjectNode restored = RedactedCredentials.restore("Secret", before, secret("{k: dw==}", "{}"));

        assertThat(restored.at("/metadata/annotations").has(SensitiveFields.LAST_APPLIED)).isFalse();
        assertThat(restored.at("/data/k").asText()).isEqualTo("dw==");
    }
}
