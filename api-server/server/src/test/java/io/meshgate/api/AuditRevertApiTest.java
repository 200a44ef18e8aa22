package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Revert never stores the audit copy's placeholders over credentials, nor silently undoes newer changes. */
class AuditRevertApiTest {
    static final String MESH_CONFIG_PATH = "/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config";

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

    static String cluster(String name, int port, String kubeconfig) {
        return """
                apiVersion: multicluster.flomesh.io/v1alpha1
                kind: Cluster
                metadata:
                  name: %s
                spec:
                  gatewayHost: 192.168.1.110
                  gatewayPort: %d
                """.formatted(name, port) + (kubeconfig == null ? "" : "  kubeconfig: \"" + kubeconfig + "\"\n");
    }

    /** The id of the newest audit row of the object. */
    static long latestAuditId(String query) {
        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?" + query + "&limit=1")).at("/items");
        return rows.get(0).at("/id").asLong();
    }

    static HttpResponse<String> revert(long id, String query) {
        return t.editor.post("/api/v1/audit/" + id + "/revert" + query, "application/json", "");
    }

    @Test
    void aClusterRevertKeepsTheCurrentKubeconfig() {
        String path = "/api/v1/clusters/keep";
        assertThat(t.editor.put(path, "application/yaml", cluster("keep", 81, "kubeconfig-one")).statusCode()).isEqualTo(201);
        assertThat(t.editor.put(path, "application/yaml", cluster("keep", 82, "kubeconfig-two")).statusCode()).isEqualTo(200);

        HttpResponse<String> r = revert(latestAuditId("kind=Cluster&name=keep"), "");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode now = ApiClient.json(t.editor.get(path));
        assertThat(now.at("/spec/gatewayPort").asInt()).isEqualTo(81);
        assertThat(now.at("/spec/kubeconfig").asText()).isEqualTo("kubeconfig-two");
    }

    @Test
    void aMeshConfigRevertKeepsTheRemoteLoggingAuthorization() {
        assertThat(t.editor.patch(MESH_CONFIG_PATH, ResourceService.MERGE_PATCH,
                "{\"spec\":{\"observability\":{\"remoteLogging\":{\"authorization\":\"Basic YTpi\"}}}}").statusCode())
                .isEqualTo(200);
        boolean egress = ApiClient.json(t.editor.get(MESH_CONFIG_PATH)).at("/spec/traffic/enableEgress").asBoolean();
        assertThat(t.editor.patch(MESH_CONFIG_PATH, ResourceService.MERGE_PATCH,
                "{\"spec\":{\"traffic\":{\"enableEgress\":" + !egress + "}}}").statusCode()).isEqualTo(200);

        HttpResponse<String> r = revert(latestAuditId("kind=MeshConfig&verb=update"), "");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode now = ApiClient.json(t.editor.get(MESH_CONFIG_PATH));
        assertThat(now.at("/spec/traffic/enableEgress").asBoolean()).isEqualTo(egress);
        assertThat(now.at("/spec/observability/remoteLogging/authorization").asText()).isEqualTo("Basic YTpi");
    }

    @Test
    void aSecretRevertsWithItsCurrentData() {
        String path = "/api/v1/namespaces/rev/secrets/creds";
        String secret = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: creds
                  namespace: rev
                  labels: {tier: a}
                data:
                  password: aHVudGVyMg==
                """;
        assertThat(t.editor.put(path, "application/yaml", secret).statusCode()).isEqualTo(201);
        assertThat(t.editor.put(path, "application/yaml", secret.replace("tier: a", "tier: b")).statusCode()).isEqualTo(200);

        HttpResponse<String> r = revert(latestAuditId("kind=Secret&namespace=rev&name=creds"), "");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode now = ApiClient.json(t.editor.get(path));
        assertThat(now.at("/metadata/labels/tier").asText()).isEqualTo("a");
        assertThat(now.at("/data/password").asText()).isEqualTo("aHVudGVyMg==");
    }

    @Test
    void aCredentialTheObjectNoLongerHasIsRefusedByName() {
        String path = "/api/v1/clusters/lost";
        t.editor.put(path, "application/yaml", cluster("lost", 81, "kubeconfig-lost"));
        assertThat(t.editor.put(path, "application/yaml", cluster("lost", 82, null)).statusCode()).isEqualTo(200);
        String etag = t.editor.get(path).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> r = revert(latestAuditId("kind=Cluster&name=lost"), "");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        JsonNode problem = ApiClient.json(r);
        assertThat(problem.at("/type").asText()).endsWith("credential-not-restorable");
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("spec.kubeconfig");
        assertThat(t.editor.get(path).headers().firstValue("ETag")).hasValue(etag);
        assertThat(t.editor.get(path).body()).doesNotContain("[redacted]");
    }

    @Test
    void aRevertOverNewerChangesIsRefusedUnlessForced() {
        String path = "/api/v1/namespaces/rev/services/web";
        String service = ResourceApiTest.service("rev", "web");
        t.editor.put(path, "application/yaml", service);
        t.editor.put(path, "application/yaml", service.replace("port: 80", "port: 8080"));
        long first = latestAuditId("kind=Service&namespace=rev&name=web");
        t.editor.put(path, "application/yaml", service.replace("port: 80", "port: 9090"));
        long newer = latestAuditId("kind=Service&namespace=rev&name=web");
        String rv = t.editor.get(path).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> refused = revert(first, "");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode problem = ApiClient.json(refused);
        assertThat(problem.at("/type").asText()).endsWith("changed-since");
        assertThat(problem.at("/detail").asText()).contains("audit row " + newer, "resourceVersion " + rv.replace("\"", ""));
        assertThat(ApiClient.json(t.viewer.get(path)).at("/spec/ports/0/port").asInt()).isEqualTo(9090);

        HttpResponse<String> forced = revert(first, "?force=true");

        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
        assertThat(ApiClient.json(t.viewer.get(path)).at("/spec/ports/0/port").asInt()).isEqualTo(80);
    }
}
