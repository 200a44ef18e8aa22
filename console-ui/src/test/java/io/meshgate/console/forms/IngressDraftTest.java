package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.console.api.FieldProblem;
import io.meshgate.console.api.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Ingress form model: round trip, what it keeps, and where validation errors land. */
class IngressDraftTest {
    static final JsonNode STORED = Json.read("""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
             "metadata":{"name":"web","namespace":"shop","resourceVersion":"7","labels":{"app":"web"},
               "annotations":{"team":"blue","pipy.ingress.kubernetes.io/lb-type":"hashing"}},
             "spec":{"ingressClassName":"pipy","defaultBackend":{"service":{"name":"fallback","port":{"number":80}}},
               "rules":[{"host":"a.example.com","http":{"paths":[
                   {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}},
                   {"path":"/api","pathType":"Exact","backend":{"service":{"name":"api","port":{"name":"http"}}}}]}},
                 {"host":"b.example.com","http":{"paths":[
                   {"path":"/","pathType":"Prefix","backend":{"service":{"name":"b","port":{"number":8080}}}}]}}],
               "tls":[{"hosts":["a.example.com"],"secretName":"a-tls"},{"hosts":["b.example.com"],"secretName":"b-tls"}]},
             "status":{"loadBalancer":{"ingress":[{"ip":"127.0.0.1"}]}}}""");

    @Test
    void roundTripKeepsWhatTheFormDoesNotShow() {
        IngressDraft d = IngressDraft.from(STORED);
        assertThat(d.rows).hasSize(3);
        assertThat(d.rows.get(1).port).isEqualTo("http");
        assertThat(d.annotations.get("lb-type")).isEqualTo("hashing");
        assertThat(d.tlsHosts).isEqualTo("a.example.com");
        assertThat(d.resourceVersion()).isEqualTo("7");

        JsonNode built = d.build().object();
        assertThat(built.path("spec")).isEqualTo(STORED.path("spec"));
        assertThat(built.path("metadata").path("annotations")).isEqualTo(STORED.path("metadata").path("annotations"));
        assertThat(built.path("metadata").path("labels").path("app").asText()).isEqualTo("web");
        assertThat(built.path("metadata").path("resourceVersion").asText()).isEqualTo("7");
        assertThat(built.has("status")).isFalse();
    }

    @Test
    void emptyAnnotationsAreLeftOutAndSetOnesUseTheFullKey() {
        IngressDraft d = IngressDraft.from(STORED);
        d.annotations.put("lb-type", "");
        d.annotations.put("session-sticky", "true");
        JsonNode annotations = d.build().object().path("metadata").path("annotations");
        assertThat(annotations.has("pipy.ingress.kubernetes.io/lb-type")).isFalse();
        assertThat(annotations.path("pipy.ingress.kubernetes.io/session-sticky").asText()).isEqualTo("true");
        assertThat(annotations.path("team").asText()).isEqualTo("blue");
    }

    @Test
    void everyPipyAnnotationHasAFormField() {
        assertThat(IngressDraft.ANNOTATION_FIELDS).hasSize(11)
                .containsEntry("rewrite-target-from", "rewrite-from")
                .containsEntry("rewrite-target-to", "rewrite-to")
                .containsEntry("tls-verify-depth", "tls-verify-depth");
    }

    @Test
    void validatorErrorsMapToTheFieldsThatProducedThem() {
        IngressDraft d = IngressDraft.empty();
        d.name = "web";
        d.rows.get(0).host = "a.example.com";
        d.rows.get(0).service = "web";
        d.rows.get(0).port = "80";
        d.rows.add(new IngressDraft.Row("b.example.com", "/b", "Prefix", "", "0"));
        d.annotations.put("rewrite-target-from", "^/api(/");
        d.annotations.put("rewrite-target-to", "/");
        d.annotations.put("tls-verify-depth", "1000");
        IngressDraft.Built built = d.build();
        List<FieldProblem> problems = LocalValidation.check(built.object());
        List<String> fields = problems.stream()
                .map(p -> built.targets().fieldFor(p.field()).orElse("(form) " + p.field())).toList();
        assertThat(fields).contains("rewrite-from", "tls-verify-depth", "rule-1-port", "rule-1-service")
                .doesNotContain("rule-0-host", "rule-0-service");
    }

    @Test
    void aValidDraftHasNoProblems() {
        IngressDraft d = IngressDraft.empty();
        d.name = "ok";
        d.rows.get(0).service = "web";
        d.rows.get(0).port = "80";
        d.annotations.put("rewrite-target-from", "^/api(/.*)?$");
        d.annotations.put("rewrite-target-to", "/$1");
        assertThat(LocalValidation.check(d.build().object())).isEmpty();
    }
}
