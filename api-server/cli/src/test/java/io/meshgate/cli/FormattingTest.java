package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Output formatting: problems, tables, ages, kind names. */
class FormattingTest {

    @Test
    void aProblemPrintsTitleDetailAndOneLinePerField() {
        Problem p = Problem.from(422, """
                {"type":"urn:meshgate:problem:invalid","title":"Unprocessable Content","status":422,
                 "detail":"1 error(s) in 2 document(s); nothing was applied",
                 "errors":[{"field":"spec.rules[0].host","message":"must be a DNS name","document":1,"line":9},
                           {"field":"metadata.name","message":"is required"}]}""");
        assertThat(p.render()).containsExactly(
                "error: Unprocessable Content: 1 error(s) in 2 document(s); nothing was applied",
                "  spec.rules[0].host: must be a DNS name (document 2, line 9)",
                "  metadata.name: is required");
    }

    @Test
    void aBodyThatIsNotAProblemStillGivesTheStatus() {
        assertThat(Problem.from(502, "<html>bad gateway</html>").render())
                .containsExactly("error: HTTP 502: <html>bad gateway</html>");
        assertThat(Problem.from(503, "").render()).containsExactly("error: HTTP 503");
    }

    @Test
    void tablesAlignColumnsThreeSpacesApartAndFillEmptyCells() {
        TextTable t = new TextTable(List.of("NAME", "NAMESPACE", "AGE"))
                .row(List.of("a-long-name", "ns", "5s"))
                .row(List.of("b", "", "10d"));
        assertThat(t.render()).containsExactly(
                "NAME          NAMESPACE   AGE",
                "a-long-name   ns          5s",
                "b             <none>      10d");
    }

    @Test
    void agesReadLikeKubectls() {
        assertThat(Ages.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Ages.format(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(Ages.format(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(Ages.format(Duration.ofMinutes(5 * 60 + 7))).isEqualTo("5h7m");
        assertThat(Ages.format(Duration.ofHours(20))).isEqualTo("20h");
        assertThat(Ages.format(Duration.ofHours(3 * 24 + 4))).isEqualTo("3d4h");
        assertThat(Ages.format(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(Ages.format(Duration.ofDays(800))).isEqualTo("2y");
        Instant now = Instant.parse("2026-01-02T00:00:00Z");
        assertThat(Ages.since("2026-01-01T23:59:30Z", now)).isEqualTo("30s");
        assertThat(Ages.since("yesterday", now)).isEqualTo("<unknown>");
        assertThat(Ages.since(null, now)).isEqualTo("<unknown>");
    }

    @Test
    void resourceTablesShowKindColumnsAndWideAddsVersionAndLabels() {
        JsonNode secret = Json.read("""
                {"kind":"Secret","metadata":{"name":"tls","namespace":"web","resourceVersion":"7",
                 "creationTimestamp":"2026-01-01T00:00:00Z","labels":{"app":"web"}},
                 "type":"kubernetes.io/tls","data":{"tls.crt":"x","tls.key":"y"}}""");
        KindRef kind = new KindRef("Secret", "secrets", true, "");
        List<String> wide = ResourceTable.of(kind, List.of(secret), true, Instant.parse("2026-01-01T00:01:00Z")).render();
        assertThat(wide).containsExactly(
                "NAME   NAMESPACE   TYPE                DATA   AGE   RESOURCE-VERSION   LABELS",
                "tls    web         kubernetes.io/tls   2      60s   7                  app=web");
    }

    @Test
    void kindsAreNamedWithTheirGroupLikeKubectl() {
        assertThat(new KindRef("Ingress", "ingresses", true, "networking.k8s.io").qualifiedName())
                .isEqualTo("ingress.networking.k8s.io");
        assertThat(new KindRef("Secret", "secrets", true, "").qualifiedName()).isEqualTo("secret");
        assertThat(new KindRef("Namespace", "namespaces", false, "").objectPath("ignored", "web"))
                .isEqualTo("/api/v1/namespaces/web");
        assertThat(new KindRef("Ingress", "ingresses", true, "networking.k8s.io").objectPath("a b", "x"))
                .isEqualTo("/api/v1/namespaces/a%20b/ingresses/x");
    }

    @Test
    void auditRowsShowNamespaceSlashName() {
        JsonNode row = Json.read("""
                {"id":12,"at":"2026-01-01T00:00:00Z","actor":"admin","verb":"update","kind":"MeshConfig",
                 "namespace":"fsm-system","name":"fsm-mesh-config","resourceVersion":"4",
                 "patch":[{"op":"replace","path":"/spec/x","value":1}]}""");
        assertThat(AuditTable.of(List.of(row)).render().get(1))
                .isEqualTo("12   2026-01-01T00:00:00Z   admin   update   MeshConfig   fsm-system/fsm-mesh-config   4");
        assertThat(AuditTable.details(row)).contains("Patch:", "  {\"op\":\"replace\",\"path\":\"/spec/x\",\"value\":1}");
    }
}
