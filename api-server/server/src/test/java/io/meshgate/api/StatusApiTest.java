package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status subresource, as in Kubernetes: {@code .../status} writes change only status (audited as
 * verb status, and only when it changed), and writes of the main object keep the stored status.
 * (No proxy is registered here, so the reconciler writes no Ingress status of its own.)
 */
class StatusApiTest {
    private static final String MERGE = "application/merge-patch+json";

    @TempDir
    static Path dir;
    static TestServer t;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static String ingress(String namespace, String host, String extra) {
        return ResourceApiTest.INGRESS.replace("namespace: httpbin", "namespace: " + namespace)
                .replace("host: httpbin.org", "host: " + host) + extra;
    }

    private static String path(String namespace) {
        return "/api/v1/namespaces/" + namespace + "/ingresses/httpbin";
    }

    private static JsonNode read(String path) {
        HttpResponse<String> r = t.viewer.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ApiClient.json(r);
    }

    private static int auditRows(String namespace, String verb) {
        return ApiClient.json(t.admin.get("/api/v1/audit?limit=1000&namespace=" + namespace + "&verb=" + verb))
                .at("/items").size();
    }

    private static final String STATUS = """
            status:
              loadBalancer:
                ingress:
                - ip: 192.0.2.1
            """;

    @Test
    void aStatusPutChangesOnlyTheStatusAndIsAuditedOnce() {
        String ns = "st-put";
        assertThat(t.editor.put(path(ns), "application/yaml", ingress(ns, "a.example", "")).statusCode()).isEqualTo(201);
        JsonNode created = read(path(ns));

        // the body also changes the host: a status write ignores everything but status
        HttpResponse<String> put = t.editor.put(path(ns) + "/status", "application/yaml",
                ingress(ns, "changed.example", STATUS));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode after = read(path(ns) + "/status");
        assertThat(after.at("/status/loadBalancer/ingress/0/ip").asText()).isEqualTo("192.0.2.1");
        assertThat(after.at("/spec/rules/0/host").asText()).isEqualTo("a.example");
        assertThat(after.at("/metadata/generation").asLong()).isEqualTo(created.at("/metadata/generation").asLong());
        long version = after.at("/metadata/resourceVersion").asLong();
        assertThat(version).isGreaterThan(created.at("/metadata/resourceVersion").asLong());
        assertThat(put.headers().firstValue("ETag")).hasValue("\"" + version + "\"");

        JsonNode rows = ApiClient.json(t.admin.get("/api/v1/audit?namespace=" + ns + "&verb=status")).at("/items");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).at("/actor").asText()).isEqualTo("test-editor");
        assertThat(rows.get(0).toString()).contains("/status");

        // the same status again: nothing stored, nothing audited
        assertThat(t.editor.put(path(ns) + "/status", "application/yaml", ingress(ns, "a.example", STATUS))
                .statusCode()).isEqualTo(200);
        assertThat(read(path(ns)).at("/metadata/resourceVersion").asLong()).isEqualTo(version);
        assertThat(auditRows(ns, "status")).isEqualTo(1);
    }

    @Test
    void userWritesOfTheObjectKeepTheStoredStatus() {
        String ns = "st-keep";
        // a create drops any status the client sent
        t.editor.put(path(ns), "application/yaml", ingress(ns, "a.example", STATUS));
        assertThat(read(path(ns)).has("status")).isFalse();
        t.editor.put(path(ns) + "/status", "application/yaml", ingress(ns, "a.example", STATUS));

        // PUT without status
        HttpResponse<String> replaced = t.editor.put(path(ns), "application/yaml", ingress(ns, "b.example", ""));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(read(path(ns)).at("/status/loadBalancer/ingress/0/ip").asText()).isEqualTo("192.0.2.1");
        assertThat(read(path(ns)).at("/spec/rules/0/host").asText()).isEqualTo("b.example");

        // apply without status: unchanged when the spec is the same (the dry run agrees), status kept when not
        String manifest = ingress(ns, "b.example", "");
        assertThat(ApplyApiTest.results(t.editor.post("/api/v1/apply?dryRun=true", "application/yaml", manifest)))
                .containsExactly("Ingress/unchanged");
        assertThat(ApplyApiTest.results(t.editor.post("/api/v1/apply", "application/yaml", manifest)))
                .containsExactly("Ingress/unchanged");
        assertThat(ApplyApiTest.results(t.editor.post("/api/v1/apply", "application/yaml",
                ingress(ns, "c.example", "")))).containsExactly("Ingress/configured");
        assertThat(read(path(ns)).at("/status/loadBalancer/ingress/0/ip").asText()).isEqualTo("192.0.2.1");

        // a merge patch of the object cannot set status either
        HttpResponse<String> patched = t.editor.patch(path(ns), MERGE,
                "{\"spec\":{\"rules\":[{\"host\":\"d.example\"}]},\"status\":{\"loadBalancer\":{}}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode now = read(path(ns));
        assertThat(now.at("/spec/rules/0/host").asText()).isEqualTo("d.example");
        assertThat(now.at("/status/loadBalancer/ingress/0/ip").asText()).isEqualTo("192.0.2.1");
        assertThat(auditRows(ns, "status")).isEqualTo(1);
    }

    @Test
    void aStatusPatchChangesOnlyTheStatus() {
        String ns = "st-patch";
        t.editor.put(path(ns), "application/yaml", ingress(ns, "a.example", ""));
        HttpResponse<String> patched = t.editor.patch(path(ns) + "/status", MERGE,
                "{\"spec\":{\"rules\":[]},\"status\":{\"conditions\":[{\"type\":\"Accepted\",\"status\":\"True\"}]}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode now = read(path(ns));
        assertThat(now.at("/status/conditions/0/type").asText()).isEqualTo("Accepted");
        assertThat(now.at("/spec/rules/0/host").asText()).isEqualTo("a.example");

        HttpResponse<String> cleared = t.editor.patch(path(ns) + "/status", "application/json-patch+json",
                "[{\"op\":\"remove\",\"path\":\"/status\"}]");
        assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
        assertThat(read(path(ns)).has("status")).isFalse();
        assertThat(auditRows(ns, "status")).isEqualTo(2);
    }

    @Test
    void staleVersionsRolesAndKindsWithoutStatusAreRefused() {
        String ns = "st-refuse";
        t.editor.put(path(ns), "application/yaml", ingress(ns, "a.example", ""));
        long version = read(path(ns)).at("/metadata/resourceVersion").asLong();
        t.editor.put(path(ns), "application/yaml", ingress(ns, "b.example", ""));

        String stale = ingress(ns, "b.example", STATUS).replace("  namespace: " + ns,
                "  namespace: " + ns + "\n  resourceVersion: \"" + version + "\"");
        assertThat(t.editor.put(path(ns) + "/status", "application/yaml", stale).statusCode()).isEqualTo(409);
        assertThat(t.editor.put(path(ns) + "/status", "application/yaml", ingress(ns, "b.example", STATUS),
                "If-Match", "\"" + version + "\"").statusCode()).isEqualTo(412);
        assertThat(t.viewer.put(path(ns) + "/status", "application/yaml", ingress(ns, "b.example", STATUS))
                .statusCode()).isEqualTo(403);
        assertThat(t.editor.delete(path(ns) + "/status").statusCode()).isEqualTo(405);
        assertThat(t.viewer.get(path(ns) + "/other").statusCode()).isEqualTo(404);
        assertThat(t.viewer.get("/api/v1/namespaces/" + ns + "/ingresses/none/status").statusCode()).isEqualTo(404);

        t.editor.put("/api/v1/namespaces/" + ns + "/configmaps/c", "application/yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n");
        assertThat(t.editor.put("/api/v1/namespaces/" + ns + "/configmaps/c/status", "application/yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nstatus:\n  a: b\n").statusCode()).isEqualTo(404);
        assertThat(read(path(ns)).has("status")).isFalse();
        assertThat(auditRows(ns, "status")).isZero();
    }
}
