package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApplyApiTest {
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

    static String seed() throws IOException {
        try (InputStream in = ApplyApiTest.class.getResourceAsStream("/seed-3.1-ingress.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<String> results(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        ApiClient.json(r).at("/results").forEach(n -> out.add(n.at("/kind").asText() + "/" + n.at("/result").asText()));
        return out;
    }

    @Test
    void seedManifestIsCreatedThenUnchangedThenConfigured() throws IOException {
        String seed = seed();
        assertThat(results(t.editor.post("/api/v1/apply?dryRun=true", "application/yaml", seed)))
                .containsExactly("Ingress/created", "IngressBackend/created");
        assertThat(t.viewer.get("/api/v1/namespaces/httpbin/ingresses/httpbin").statusCode())
                .as("a dry run stores nothing").isEqualTo(404);

        assertThat(results(t.editor.post("/api/v1/apply", "application/yaml", seed)))
                .containsExactly("Ingress/created", "IngressBackend/created");
        assertThat(results(t.editor.post("/api/v1/apply", "application/yaml", seed)))
                .containsExactly("Ingress/unchanged", "IngressBackend/unchanged");
        String changed = seed.replace("host: httpbin.org", "host: httpbin.example");
        HttpResponse<String> dry = t.editor.post("/api/v1/apply?dryRun=true", "application/yaml", changed);
        assertThat(results(dry)).containsExactly("Ingress/configured", "IngressBackend/unchanged");
        assertThat(ApiClient.json(dry).at("/results/0/patch").toString()).contains("/spec/rules/0/host");
        assertThat(ApiClient.json(t.viewer.get("/api/v1/namespaces/httpbin/ingresses/httpbin"))
                .at("/spec/rules/0/host").asText()).isEqualTo("httpbin.org");

        assertThat(results(t.editor.post("/api/v1/apply", "application/yaml", changed)))
                .containsExactly("Ingress/configured", "IngressBackend/unchanged");
        assertThat(ApiClient.json(t.viewer.get("/api/v1/namespaces/httpbin/ingresses/httpbin"))
                .at("/spec/rules/0/host").asText()).isEqualTo("httpbin.example");
    }

    @Test
    void dryRunIsNotAudited() throws IOException {
        // the editor's rows only: the reconciler may write an IngressBackend's status meanwhile
        String rows = "/api/v1/audit?limit=1000&actor=test-editor";
        int before = ApiClient.json(t.admin.get(rows)).at("/items").size();
        t.editor.post("/api/v1/apply?dryRun=true", "application/yaml", seed().replace("httpbin", "dry"));
        int after = ApiClient.json(t.admin.get(rows)).at("/items").size();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void oneInvalidDocumentAppliesNothing() {
        String docs = ResourceApiTest.service("atomic", "good") + "---\n"
                + ResourceApiTest.service("atomic", "bad").replace("port: 80", "port: 70000");
        HttpResponse<String> r = t.editor.post("/api/v1/apply", "application/yaml", docs);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode error = ApiClient.json(r).at("/errors/0");
        assertThat(error.at("/document").asInt()).isEqualTo(1);
        assertThat(error.at("/field").asText()).isEqualTo("spec.ports[0].port");
        assertThat(error.at("/line").asInt()).isPositive();
        assertThat(t.viewer.get("/api/v1/namespaces/atomic/services/good").statusCode()).isEqualTo(404);
        assertThat(t.admin.get("/api/v1/audit?verb=rejected").body()).contains("/api/v1/apply");
    }

    @Test
    void jsonListAndDefaultNamespace() {
        String list = """
                {"apiVersion":"v1","kind":"List","items":[
                 {"apiVersion":"v1","kind":"Service","metadata":{"name":"j1"},"spec":{"ports":[{"port":80}]}},
                 {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"jns"}}]}
                """;
        HttpResponse<String> r = t.editor.post("/api/v1/apply", "application/json", list);
        assertThat(results(r)).containsExactly("Service/created", "Namespace/created");
        assertThat(ApiClient.json(r).at("/results/0/namespace").asText()).isEqualTo("default");
        assertThat(t.viewer.get("/api/v1/namespaces/default/services/j1").statusCode()).isEqualTo(200);
        assertThat(t.viewer.get("/api/v1/namespaces/jns").statusCode()).isEqualTo(200);
    }

    @Test
    void applyThroughputOf500Services() {
        int total = 500;
        int batch = 50;
        long start = System.nanoTime();
        for (int b = 0; b < total / batch; b++) {
            StringBuilder docs = new StringBuilder();
            for (int i = 0; i < batch; i++) {
                docs.append(ResourceApiTest.service("bulk", "svc-" + (b * batch + i))).append("---\n");
            }
            assertThat(results(t.editor.post("/api/v1/apply", "application/yaml", docs.toString()))).hasSize(batch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("apply throughput: %d Services in batches of %d: %.0f objects/s%n", total, batch,
                total / seconds);
        assertThat(ApiClient.json(t.viewer.get("/api/v1/namespaces/bulk/services")).at("/items").size())
                .isEqualTo(total);
    }

    @Test
    void singlePutLatency() {
        int n = 300;
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            HttpResponse<String> r = t.editor.put("/api/v1/namespaces/lat/services/p" + i, "application/yaml",
                    ResourceApiTest.service("lat", "p" + i));
            nanos[i] = System.nanoTime() - s;
            assertThat(r.statusCode()).isEqualTo(201);
        }
        java.util.Arrays.sort(nanos);
        System.out.printf("single PUT latency over %d creates: p50 %.2f ms, p99 %.2f ms%n", n,
                nanos[n / 2] / 1e6, nanos[(int) Math.ceil(n * 0.99) - 1] / 1e6);
    }

    @Test
    void theNamespaceParameterPlacesObjectsWithoutOneAndRefusesOthers() {
        String noNamespace = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: placed}
                data: {a: b}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: placed-ns}
                """;
        assertThat(results(t.editor.post("/api/v1/apply?namespace=placed-ns", "application/yaml", noNamespace)))
                .containsExactly("ConfigMap/created", "Namespace/created");
        assertThat(t.viewer.get("/api/v1/namespaces/placed-ns/configmaps/placed").statusCode()).isEqualTo(200);
        assertThat(t.viewer.get("/api/v1/namespaces/default/configmaps/placed").statusCode()).isEqualTo(404);

        String elsewhere = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, namespace: elsewhere}\n";
        HttpResponse<String> refused = t.editor.post("/api/v1/apply?namespace=placed-ns", "application/yaml", elsewhere);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(ApiClient.json(refused).at("/errors/0/field").asText()).isEqualTo("metadata.namespace");
        assertThat(ApiClient.json(refused).at("/errors/0/message").asText()).contains("elsewhere").contains("placed-ns");
        assertThat(t.viewer.get("/api/v1/namespaces/elsewhere/configmaps/other").statusCode()).isEqualTo(404);
    }
}
