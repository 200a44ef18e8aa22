package io.meshgate.ingress.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.resources.IngressAnnotations;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feature registry and gateway/resources' validation table describe the same eleven annotations. */
class IngressAnnotationRegistryTest {

    @Test
    void featuresCoverExactlyTheValidatedAnnotationsInTableOrder() {
        assertThat(IngressAnnotationRegistry.FEATURES).extracting(AnnotationFeature::annotation)
                .containsExactlyElementsOf(IngressAnnotations.ALL.stream().map(IngressAnnotations.Entry::name).toList())
                .doesNotHaveDuplicates()
                .hasSize(11)
                .allSatisfy(name -> assertThat(name).startsWith(IngressAnnotations.PREFIX));
    }

    @Test
    void eachFeatureIsItsOwnClass() {
        assertThat(IngressAnnotationRegistry.FEATURES).extracting(Object::getClass).doesNotHaveDuplicates();
    }

    @Test
    void findReturnsTheFeatureForEveryAnnotationAndNothingForOthers() {
        for (IngressAnnotations.Entry entry : IngressAnnotations.ALL) {
            assertThat(IngressAnnotationRegistry.find(entry.name())).get()
                    .extracting(AnnotationFeature::annotation).isEqualTo(entry.name());
        }
        assertThat(IngressAnnotationRegistry.find(IngressAnnotations.PREFIX + "unknown")).isEmpty();
        assertThat(IngressAnnotationRegistry.find("kubernetes.io/ingress.class")).isEmpty();
    }

    @Test
    void noAnnotationsGiveTheDefaults() {
        RouteOptions options = AnnotationFixture.options(Map.of("kubernetes.io/ingress.class", "pipy"));
        assertThat(options.clusterKey().isDefault()).isTrue();
        assertThat(options.rewrite()).isNull();
        assertThat(options.verifyDepth()).isEqualTo(1);
        assertThat(options.clientValidation(true)).isNull();
    }

    @Test
    void anUnknownPipyAnnotationIsRejectedWithTheSupportedNames() {
        assertThat(AnnotationFixture.problems(Map.of(IngressAnnotations.PREFIX + "lb-typ", "hashing")))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).contains("lb-typ");
                    assertThat(e.message()).contains("Unknown annotation").contains("lb-type");
                });
    }
}
