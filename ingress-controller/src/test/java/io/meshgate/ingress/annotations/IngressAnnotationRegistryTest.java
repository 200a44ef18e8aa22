package io.meshgate.ingress.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.resources.IngressAnnotations;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The feature registry and gateway/resources' validation tables describe the same annotations. */
class IngressAnnotationRegistryTest {

    private static List<IngressAnnotations.Entry> tables() {
        return Stream.concat(IngressAnnotations.ALL.stream(), IngressAnnotations.MESHGATE.stream()).toList();
    }

    @Test
    void featuresCoverExactlyTheValidatedAnnotationsInTableOrder() {
        assertThat(IngressAnnotationRegistry.FEATURES).extracting(AnnotationFeature::annotation)
                .containsExactlyElementsOf(tables().stream().map(IngressAnnotations.Entry::name).toList())
                .doesNotHaveDuplicates()
                .hasSize(12)
                .allSatisfy(name -> assertThat(name).matches(n -> n.startsWith(IngressAnnotations.PREFIX)
                        || n.startsWith(IngressAnnotations.MESHGATE_PREFIX), "a pipy or meshgate.io key"));
    }

    @Test
    void eachFeatureIsItsOwnClass() {
        assertThat(IngressAnnotationRegistry.FEATURES).extracting(Object::getClass).doesNotHaveDuplicates();
    }

    @Test
    void findReturnsTheFeatureForEveryAnnotationAndNothingForOthers() {
        for (IngressAnnotations.Entry entry : tables()) {
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
        assertThat(options.sslRedirect()).isTrue();
    }

    @Test
    void anUnknownPipyAnnotationIsRejectedWithTheSupportedNames() {
        assertThat(AnnotationFixture.problems(Map.of(IngressAnnotations.PREFIX + "lb-typ", "hashing")))
                .singleElement().satisfies(e -> {
                    assertThat(e.field()).contains("lb-typ");
                    assertThat(e.message()).contains("Unknown annotation").contains("lb-type");
                });
    }

    @Test
    void sslRedirectFalseKeepsPlainHttp() {
        assertThat(AnnotationFixture.options(Map.of(IngressAnnotations.SSL_REDIRECT, "false")).sslRedirect()).isFalse();
        assertThat(AnnotationFixture.options(Map.of(IngressAnnotations.SSL_REDIRECT, "true")).sslRedirect()).isTrue();
        assertThat(AnnotationFixture.problems(Map.of(IngressAnnotations.SSL_REDIRECT, "sometimes"))).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("metadata.annotations[meshgate.io/ssl-redirect]"));
    }
}
