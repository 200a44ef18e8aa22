package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataValidatorTest {
    private static final ResourceValidator VALIDATOR = ResourceValidator.standard();

    @Test
    void namesFollowTheRuleOfTheirKind() {
        assertThat(errors(ValidManifests.parse("Ingress"), meta -> meta.withName("api.example.com"))).isEmpty();
        assertThat(errors(ValidManifests.parse("Service"), meta -> meta.withName("api.example.com")))
                .containsExactly("metadata.name");
        assertThat(errors(ValidManifests.parse("Namespace"), meta -> meta.withName("a".repeat(64))))
                .containsExactly("metadata.name");
        assertThat(errors(ValidManifests.parse("Ingress"), meta -> meta.withName("x".repeat(254))))
                .containsExactly("metadata.name");
        assertThat(errors(ValidManifests.parse("Ingress"), meta -> meta.withName(null)))
                .containsExactly("metadata.name");
    }

    @Test
    void namespacedKindsNeedAValidNamespace() {
        Resource ingress = ValidManifests.parse("Ingress");
        assertThat(errors(ingress, meta -> meta.withNamespace(null))).containsExactly("metadata.namespace");
        assertThat(VALIDATOR.validate(ingress.withMetadata(ingress.metadata().withNamespace(null))))
                .extracting(FieldError::message).containsExactly(
                        "Required value: Ingress is namespaced: set metadata.namespace or apply it to a namespace");
        assertThat(errors(ingress, meta -> meta.withNamespace("Not_Valid"))).containsExactly("metadata.namespace");
    }

    @Test
    void labelsFollowKubernetesRules() {
        Resource service = ValidManifests.parse("Service");
        assertThat(errors(service, meta -> meta.withLabels(Map.of("app.kubernetes.io/name", "web", "empty", ""))))
                .isEmpty();
        assertThat(errors(service, meta -> meta.withLabels(Map.of("bad key!", "x")))).containsExactly("metadata.labels[bad key!]");
        assertThat(errors(service, meta -> meta.withLabels(Map.of("app", "-starts-with-dash"))))
                .containsExactly("metadata.labels[app]");
        assertThat(errors(service, meta -> meta.withLabels(Map.of("app", "v".repeat(64))))).containsExactly("metadata.labels[app]");
        assertThat(errors(service, meta -> meta.withLabels(Map.of("Example.com/app", "x"))))
                .containsExactly("metadata.labels[Example.com/app]");
    }

    @Test
    void annotationsHaveQualifiedKeysAndA256KibBudget() {
        Resource service = ValidManifests.parse("Service");
        assertThat(errors(service, meta -> meta.withAnnotations(Map.of("/no-prefix", "x"))))
                .containsExactly("metadata.annotations[/no-prefix]");
        assertThat(errors(service, meta -> meta.withAnnotations(Map.of("big", "x".repeat(256 * 1024)))))
                .containsExactly("metadata.annotations");
        assertThat(errors(service, meta -> meta.withAnnotations(Map.of("big", "x".repeat(200 * 1024))))).isEmpty();
    }

    @Test
    void serverSetFieldsAreCheckedToo() {
        assertThat(errors(ValidManifests.parse("Service"), meta -> meta.withGeneration(-1L)))
                .containsExactly("metadata.generation");
    }

    private static List<String> errors(Resource resource, java.util.function.UnaryOperator<ObjectMeta> change) {
        return VALIDATOR.validate(resource.withMetadata(change.apply(resource.metadata())))
                .stream().map(FieldError::field).toList();
    }
}
