package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.console.api.FieldProblem;
import io.meshgate.console.api.Json;
import io.meshgate.console.api.StatusTolerantPut;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
        assertThat(d.tls).extracting(r -> r.hosts, r -> r.secret)
                .containsExactly(tuple("a.example.com", "a-tls"), tuple("b.example.com", "b-tls"));
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

    @Test
    void everyTlsEntryIsEditedAndWrittenBack() {
        IngressDraft d = IngressDraft.from(STORED);
        d.tls.get(1).hosts = "b.example.com,  a.example.com";
        d.tls.get(1).secret = " ab-tls ";
        d.tls.add(new IngressDraft.TlsRow("c.example.com", "c-tls"));
        JsonNode tls = d.build().object().path("spec").path("tls");
        assertThat(tls).hasSize(3);
        assertThat(tls.get(0)).isEqualTo(STORED.path("spec").path("tls").get(0));
        assertThat(tls.get(1)).isEqualTo(Json.read("""
                {"hosts":["b.example.com","a.example.com"],"secretName":"ab-tls"}"""));
        assertThat(IngressDraft.from(d.build().object()).tls).extracting(r -> r.hosts)
                .containsExactly("a.example.com", "b.example.com, a.example.com", "c.example.com");
    }

    @Test
    void removingTlsEntriesDropsThemAndBlankRowsAddNothing() {
        IngressDraft d = IngressDraft.from(STORED);
        d.removeTls(0);
        assertThat(d.build().object().path("spec").path("tls")).isEqualTo(Json.read("""
                [{"hosts":["b.example.com"],"secretName":"b-tls"}]"""));
        d.tls.add(new IngressDraft.TlsRow(" , ", "  "));
        assertThat(d.build().object().path("spec").path("tls")).hasSize(1);
        d.removeTls(0);
        d.removeTls(0);
        assertThat(d.tls).hasSize(1).allMatch(IngressDraft.TlsRow::isBlank);
        assertThat(d.build().object().path("spec").has("tls")).isFalse();
        assertThat(IngressDraft.empty().tls).hasSize(1);
    }

    @Test
    void tlsFieldErrorsLandOnTheirRowSkippingBlankRows() {
        IngressDraft d = IngressDraft.from(STORED);
        d.tls.add(1, new IngressDraft.TlsRow()); // blank row 1: entry 1 of the object is row 2
        d.tls.get(2).secret = "Not_A_Name";
        d.tls.get(0).hosts = "bad host!";
        IngressDraft.Built built = d.build();
        FieldErrorTargets targets = built.targets();
        assertThat(targets.fieldFor("spec.tls[1].secretName")).contains("tls-secret-2");
        assertThat(targets.fieldFor("spec.tls[1].hosts[0]")).contains("tls-hosts-2");
        assertThat(targets.fieldFor("spec.tls[0].secretName")).contains("tls-secret");
        assertThat(targets.fieldFor("spec.tls[0].hosts[0]")).contains("tls-hosts");
        assertThat(targets.fieldFor("spec.tls[1]")).contains("tls-hosts-2");
        assertThat(targets.fieldFor("spec.tls")).contains("tls-hosts");

        List<String> fields = LocalValidation.check(built.object()).stream()
                .map(p -> targets.fieldFor(p.field()).orElse("(form) " + p.field())).toList();
        assertThat(fields).containsExactlyInAnyOrder("tls-hosts", "tls-secret-2");
    }

    @Test
    void tlsRowIdsKeepTheFirstRowsDocumentedIds() {
        assertThat(IngressDraft.tlsHostsField(0)).isEqualTo("tls-hosts");
        assertThat(IngressDraft.tlsSecretField(0)).isEqualTo("tls-secret");
        assertThat(IngressDraft.tlsHostsField(3)).isEqualTo("tls-hosts-3");
        assertThat(IngressDraft.tlsSecretField(1)).isEqualTo("tls-secret-1");
    }

    @Test
    void tlsWarningsNameHostsNoRuleServesAndRowsWithoutSecret() {
        IngressDraft d = IngressDraft.from(STORED);
        assertThat(d.tlsWarnings()).isEmpty();
        d.tls.get(1).hosts = "b.example.com, c.example.com";
        d.tls.get(1).secret = "";
        d.tls.add(new IngressDraft.TlsRow()); // blank: no advice
        assertThat(d.tlsWarnings()).containsExactly(
                new IngressDraft.Warning("tls-hosts-1", "not a host of any rule: c.example.com"),
                new IngressDraft.Warning("tls-secret-1",
                        "no Secret: name the kubernetes.io/tls Secret with this entry's certificate"));
        d.rows.add(new IngressDraft.Row("*.example.com", "/", "Prefix", "w", "80"));
        assertThat(d.tlsWarnings()).extracting(IngressDraft.Warning::fieldId).containsExactly("tls-secret-1");
    }

    @Test
    void aStatusWriteSinceTheFormOpenedIsNotAConflictButAnEditIs() {
        IngressDraft d = IngressDraft.from(STORED);
        ObjectNode statusMoved = (ObjectNode) STORED.deepCopy();
        ((ObjectNode) statusMoved.path("metadata")).put("resourceVersion", "8");
        statusMoved.putObject("status").putObject("loadBalancer");
        assertThat(StatusTolerantPut.onlyStatusMoved(d.original(), statusMoved)).isTrue();

        ObjectNode edited = statusMoved.deepCopy();
        ((ObjectNode) edited.path("metadata").path("annotations")).put("team", "red");
        assertThat(StatusTolerantPut.onlyStatusMoved(d.original(), edited)).isFalse();
        ObjectNode specChanged = statusMoved.deepCopy();
        ((ObjectNode) specChanged.path("spec")).put("ingressClassName", "other");
        assertThat(StatusTolerantPut.onlyStatusMoved(d.original(), specChanged)).isFalse();
        assertThat(StatusTolerantPut.onlyStatusMoved(IngressDraft.empty().original(), statusMoved)).isFalse();
    }
}
