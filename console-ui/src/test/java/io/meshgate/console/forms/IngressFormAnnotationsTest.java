package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.console.api.Json;
import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Ingress form's annotations are the annotation table's form rows; everything else is kept as loaded. */
class IngressFormAnnotationsTest {
    static final JsonNode STORED = Json.read("""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
             "metadata":{"name":"web","namespace":"shop","annotations":{
               "pipy.ingress.kubernetes.io/lb-type":"hashing",
               "pipy.ingress.kubernetes.io/lb-typ":"typo",
               "meshgate.io/ssl-redirect":"false"}},
             "spec":{"rules":[{"host":"a.example.com"}]}}""");

    @Test
    void theFormEditsTheTablesFormRowsInTableOrder() {
        assertThat(IngressDraft.ANNOTATIONS).isEqualTo(
                IngressAnnotationTable.editedOn(IngressAnnotation.EditedOn.INGRESS_FORM));
        assertThat(IngressDraft.ANNOTATION_FIELDS.keySet())
                .containsExactlyInAnyOrderElementsOf(IngressDraft.ANNOTATIONS.stream().map(IngressAnnotation::shortName).toList());
    }

    @Test
    void annotationsTheFormDoesNotShowAreKeptAsLoaded() {
        IngressDraft d = IngressDraft.from(STORED);
        d.annotations.put("lb-type", "least-work");

        JsonNode annotations = d.build().object().path("metadata").path("annotations");

        assertThat(annotations.path("pipy.ingress.kubernetes.io/lb-type").asText()).isEqualTo("least-work");
        assertThat(annotations.path("pipy.ingress.kubernetes.io/lb-typ").asText()).isEqualTo("typo");
        assertThat(annotations.path("meshgate.io/ssl-redirect").asText()).isEqualTo("false");
        assertThat(d.annotations).doesNotContainKeys("lb-typ", "ssl-redirect");
    }

    @Test
    void everyFormAnnotationsErrorLandsOnItsField() {
        IngressDraft.Built built = IngressDraft.from(STORED).build();
        for (IngressAnnotation<?> a : IngressDraft.ANNOTATIONS) {
            assertThat(built.targets().fieldFor("metadata.annotations[" + a.name() + "]"))
                    .contains(IngressDraft.ANNOTATION_FIELDS.get(a.shortName()));
        }
    }
}
