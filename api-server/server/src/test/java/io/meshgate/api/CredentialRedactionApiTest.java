package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials outside Secrets (a Cluster's kubeconfig, the MeshConfig's remote-logging
 * authorization) are hidden from viewers on every read path and from the audit copy, as Secret
 * values are; editors read them in clear, as they read Secrets.
 */
class CredentialRedactionApiTest {
    static final String KUBECONFIG = "kubeconfig-token-s3cr3t";
    static final String AUTHORIZATION = "Basic bWVzaDpzM2NyM3Q=";
    static final String CLUSTER = """
            apiVersion: multicluster.flomesh.io/v1alpha1
            kind: Cluster
            metadata:
              name: member-1
            spec:
              gatewayHost: 192.168.1.110
              gatewayPort: 81
              kubeconfig: "%s"
            """.formatted(KUBECONFIG);
    static final String CLUSTER_PATH = "/api/v1/clusters/member-1";
    static final String MESH_CONFIG_PATH = "/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config";

    @TempDir
    static Path dir;
    static TestServer t;
    static long startRevision;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
        startRevision = t.db.resources().currentRevision();
        HttpResponse<String> cluster = t.editor.put(CLUSTER_PATH, "application/yaml", CLUSTER);
        assertThat(cluster.statusCode()).as(cluster.body()).isEqualTo(201);
        HttpResponse<String> meshConfig = t.editor.patch(MESH_CONFIG_PATH, ResourceService.MERGE_PATCH,
                "{\"spec\":{\"observability\":{\"remoteLogging\":{\"enable\":true,\"authorization\":\""
                        + AUTHORIZATION + "\"}}}}");
        assertThat(meshConfig.statusCode()).as(meshConfig.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void viewerGetsAndListsThemRedacted() {
        JsonNode cluster = ApiClient.json(t.viewer.get(CLUSTER_PATH));
        assertThat(cluster.at("/spec/kubeconfig").asText()).isEqualTo("[redacted]");
        assertThat(cluster.at("/spec/gatewayHost").asText()).isEqualTo("192.168.1.110");
        JsonNode meshConfig = ApiClient.json(t.viewer.get(MESH_CONFIG_PATH));
        assertThat(meshConfig.at("/spec/observability/remoteLogging/authorization").asText()).isEqualTo("[redacted]");
        assertThat(meshConfig.at("/spec/observability/remoteLogging/enable").asBoolean()).isTrue();

        for (String path : List.of("/api/v1/clusters", "/api/v1/meshconfigs", CLUSTER_PATH + "?output=yaml",
                MESH_CONFIG_PATH + "?output=yaml", "/api/v1/clusters?output=yaml", "/api/v1/meshconfigs?output=yaml")) {
            HttpResponse<String> r = t.viewer.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).doesNotContain(KUBECONFIG, AUTHORIZATION).contains("[redacted]");
        }
    }

    @Test
    void editorReadsThemInClearAsSecrets() {
        assertThat(ApiClient.json(t.editor.get(CLUSTER_PATH)).at("/spec/kubeconfig").asText()).isEqualTo(KUBECONFIG);
        assertThat(ApiClient.json(t.editor.get(MESH_CONFIG_PATH))
                .at("/spec/observability/remoteLogging/authorization").asText()).isEqualTo(AUTHORIZATION);
    }

    @Test
    void viewerWatchesThemRedacted() throws Exception {
        List<WatchApiTest.Event> events = WatchApiTest.read(t.viewer, "", String.valueOf(startRevision), 2, false);
        assertThat(events).extracting(WatchApiTest.Event::data)
                .allSatisfy(data -> assertThat(data).doesNotContain(KUBECONFIG, AUTHORIZATION).contains("[redacted]"));
        List<WatchApiTest.Event> asEditor = WatchApiTest.read(t.editor, "?kind=Cluster", String.valueOf(startRevision),
                1, false);
        assertThat(asEditor.get(0).data()).contains(KUBECONFIG);
    }

    @Test
    void theAuditCopyHidesThem() {
        String rows = t.admin.get("/api/v1/audit?kind=Cluster").body() + t.admin.get("/api/v1/audit?kind=MeshConfig").body();
        assertThat(rows).doesNotContain(KUBECONFIG, AUTHORIZATION).contains("[redacted]");
    }
}
