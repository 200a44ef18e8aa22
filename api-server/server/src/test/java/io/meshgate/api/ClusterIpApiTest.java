package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.db.Actor;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service cluster IPs come from the service CIDR at write time, as the Kubernetes API server
 * assigns them: kept on update, immutable, checked when asked for, unique under concurrent writes.
 * The server here has the block 10.40.0.0/24; the race has a server of its own with a block of 30.
 */
class ClusterIpApiTest {
    private static final String YAML = "application/yaml";

    @TempDir
    static Path dir;
    static TestServer t;

    @BeforeAll
    static void start() {
        t = new TestServer(DatabaseConfig.h2File(dir), ApiServerOptions.of(0, dir).withAdminToken(TestServer.ADMIN_TOKEN)
                .withServiceCidr(ServiceCidr.parse("10.40.0.0/24")));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static String service(String ns, String name, String extraSpec) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: %s}
                spec:
                  selector: {app: %s}
                  ports: [{name: http, port: 14001}]
                %s""".formatted(name, ns, name, extraSpec == null ? "" : "  " + extraSpec + "\n");
    }

    private static HttpResponse<String> put(String ns, String name, String extraSpec) {
        return put(t, ns, name, extraSpec);
    }

    private static HttpResponse<String> put(TestServer t, String ns, String name, String extraSpec) {
        return t.editor.put("/api/v1/namespaces/" + ns + "/services/" + name, YAML, service(ns, name, extraSpec));
    }

    private static JsonNode spec(String ns, String name) {
        return ApiClient.json(t.viewer.get("/api/v1/namespaces/" + ns + "/services/" + name)).path("spec");
    }

    private static void assertRefusedAt(HttpResponse<String> r, int status, String field, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode errors = ApiClient.json(r).path("errors");
        assertThat(errors).as(r.body()).anySatisfy(e -> {
            assertThat(e.path("field").asText()).isEqualTo(field);
            assertThat(e.path("message").asText()).contains(message);
        });
    }

    @Test
    void aServiceWithoutAnAddressGetsOneThatStaysThroughUpdatesAndReapplies() {
        assertThat(put("keep", "web", null).statusCode()).isEqualTo(201);
        String ip = spec("keep", "web").path("clusterIP").asText();
        assertThat(ServiceCidr.parse("10.40.0.0/24").assignable(ip)).as(ip).isTrue();
        assertThat(spec("keep", "web").path("clusterIPs")).hasSize(1).first().extracting(JsonNode::asText).isEqualTo(ip);

        // the same manifest again: nothing changes, the address stays
        JsonNode reapplied = ApiClient.json(t.editor.post("/api/v1/apply", YAML, service("keep", "web", null)));
        assertThat(reapplied.at("/results/0/result").asText()).isEqualTo("unchanged");
        JsonNode dryRun = ApiClient.json(t.editor.post("/api/v1/apply?dryRun=true", YAML, service("keep", "web", null)));
        assertThat(dryRun.at("/results/0/result").asText()).isEqualTo("unchanged");
        // a change elsewhere, and a merge patch dropping the address, keep it
        assertThat(put("keep", "web", "sessionAffinity: ClientIP").statusCode()).isEqualTo(200);
        assertThat(t.editor.patch("/api/v1/namespaces/keep/services/web", "application/merge-patch+json",
                "{\"spec\":{\"clusterIP\":null,\"clusterIPs\":null}}").statusCode()).isEqualTo(200);
        assertThat(spec("keep", "web").path("clusterIP").asText()).isEqualTo(ip);
        // stating the same address is fine, another one is refused as immutable
        assertThat(put("keep", "web", "clusterIP: " + ip).statusCode()).isEqualTo(200);
        assertRefusedAt(put("keep", "web", "clusterIP: 10.40.0.29"), 422, "spec.clusterIP", "field is immutable");
        assertRefusedAt(put("keep", "web", "clusterIP: None"), 422, "spec.clusterIP", "field is immutable");
        assertThat(spec("keep", "web").path("clusterIP").asText()).isEqualTo(ip);
        // the refusal is audited
        assertThat(ApiClient.json(t.viewer.get("/api/v1/audit?verb=rejected&kind=Service&name=web")).path("items"))
                .anySatisfy(row -> assertThat(row.path("message").asText()).contains("[spec.clusterIP]"));
    }

    @Test
    void anAddressAskedForMustBeInTheBlockAndFree() {
        assertRefusedAt(put("ask", "outside", "clusterIP: 10.96.0.10"), 422, "spec.clusterIP",
                "provided IP is not in the valid range; the range of valid IPs is 10.40.0.0/24");
        assertRefusedAt(put("ask", "network", "clusterIP: 10.40.0.0"), 422, "spec.clusterIP", "not in the valid range");
        assertThat(put("ask", "first", "clusterIP: 10.40.0.28").statusCode()).isEqualTo(201);
        assertRefusedAt(put("ask", "second", "clusterIP: 10.40.0.28"), 422, "spec.clusterIP",
                "provided IP is already allocated to Service ask/first");
        assertThat(spec("ask", "first").path("clusterIPs").get(0).asText()).isEqualTo("10.40.0.28");

        // clusterIPs alone names the address; the two fields must agree; one address only
        assertThat(put("ask", "listed", "clusterIPs: [10.40.0.27]").statusCode()).isEqualTo(201);
        assertThat(spec("ask", "listed").path("clusterIP").asText()).isEqualTo("10.40.0.27");
        assertRefusedAt(put("ask", "mismatch", "clusterIP: 10.40.0.26\n  clusterIPs: [10.40.0.25]"), 422,
                "spec.clusterIPs[0]", "must be the same address");
        assertRefusedAt(put("ask", "dual", "clusterIPs: [10.40.0.24, \"fd00::1\"]"), 422, "spec.clusterIPs",
                "only one address");

        // deleting the Service frees its address
        assertThat(t.editor.delete("/api/v1/namespaces/ask/services/first").statusCode()).isEqualTo(200);
        assertThat(put("ask", "second", "clusterIP: 10.40.0.28").statusCode()).isEqualTo(201);
    }

    @Test
    void headlessAndExternalNameServicesGetNoAddress() {
        assertThat(put("none", "headless", "clusterIP: None").statusCode()).isEqualTo(201);
        assertThat(spec("none", "headless").path("clusterIP").asText()).isEqualTo("None");
        assertThat(spec("none", "headless").path("clusterIPs").get(0).asText()).isEqualTo("None");
        assertThat(put("none", "headless", null).statusCode()).as("kept on update").isEqualTo(200);
        assertThat(spec("none", "headless").path("clusterIP").asText()).isEqualTo("None");

        String external = """
                apiVersion: v1
                kind: Service
                metadata: {name: external, namespace: none}
                spec: {type: ExternalName, externalName: httpbin.org}
                """;
        assertThat(t.editor.put("/api/v1/namespaces/none/services/external", YAML, external).statusCode()).isEqualTo(201);
        assertThat(spec("none", "external").has("clusterIP")).isFalse();
        assertRefusedAt(t.editor.put("/api/v1/namespaces/none/services/external", YAML,
                external.replace("externalName: httpbin.org", "externalName: httpbin.org, clusterIP: 10.40.0.20")),
                422, "spec.clusterIP", "may not be set for an ExternalName Service");
    }

    @Test
    void concurrentWritesNeverShareAnAddressAndAFullBlockIsAConflict(@TempDir Path own) throws Exception {
        try (TestServer small = new TestServer(DatabaseConfig.h2File(own), ApiServerOptions.of(0, own)
                .withAdminToken(TestServer.ADMIN_TOKEN).withServiceCidr(ServiceCidr.parse("10.50.0.0/27")))) {
            // 40 writers race for 30 addresses: every winner has its own, the others get 409
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = "race-" + i;
                answers.add(pool.submit(() -> put(small, "race", name, null)));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            int created = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> r = answer.get();
                if (r.statusCode() == 201) {
                    created++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
                    assertThat(ApiClient.json(r).path("detail").asText())
                            .contains("no free cluster IP is left in the service CIDR 10.50.0.0/27");
                }
            }
            assertThat(created).isEqualTo(30);
            Set<String> taken = new HashSet<>();
            for (JsonNode item : ApiClient.json(small.viewer.get("/api/v1/namespaces/race/services")).path("items")) {
                String ip = item.at("/spec/clusterIP").asText();
                assertThat(taken.add(ip)).as("%s is assigned twice", ip).isTrue();
            }
            assertThat(taken).hasSize(30).allSatisfy(ip -> assertThat(ip).startsWith("10.50.0."));

            // freed addresses are handed out again; many Services in one apply (one transaction) each get their own
            for (int i = 0; i < 40; i++) {
                small.editor.delete("/api/v1/namespaces/race/services/race-" + i);
            }
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                batch.append("---\n").append(service("batch", "b-" + i, null));
            }
            HttpResponse<String> applied = small.editor.post("/api/v1/apply", YAML, batch.toString());
            assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
            Set<String> batchIps = new HashSet<>();
            for (JsonNode item : ApiClient.json(small.viewer.get("/api/v1/namespaces/batch/services")).path("items")) {
                batchIps.add(item.at("/spec/clusterIP").asText());
            }
            assertThat(batchIps).containsExactlyInAnyOrder("10.50.0.1", "10.50.0.2", "10.50.0.3", "10.50.0.4",
                    "10.50.0.5");
        }
    }

    @Test
    void servicesStoredWithoutAnAddressGetOneAtStart(@TempDir Path own) {
        DatabaseConfig config = DatabaseConfig.h2File(own);
        try (Database db = Database.open(config)) {
            db.resources().write(Actor.system("an-older-server"), tx -> {
                tx.put("Service", "old", "web", "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":"
                        + "\"web\",\"namespace\":\"old\"},\"spec\":{\"selector\":{\"app\":\"web\"},\"ports\":"
                        + "[{\"port\":80}]}}", null, 0L);
                tx.put("Service", "old", "ext", "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":"
                        + "\"ext\",\"namespace\":\"old\"},\"spec\":{\"type\":\"ExternalName\",\"externalName\":"
                        + "\"example.org\"}}", null, 0L);
            });
        }
        try (TestServer restarted = new TestServer(config, ApiServerOptions.of(0, own)
                .withAdminToken(TestServer.ADMIN_TOKEN).withServiceCidr(ServiceCidr.parse("10.60.0.0/24")))) {
            JsonNode web = ApiClient.json(restarted.viewer.get("/api/v1/namespaces/old/services/web"));
            assertThat(web.at("/spec/clusterIP").asText()).isEqualTo("10.60.0.1");
            assertThat(ApiClient.json(restarted.viewer.get("/api/v1/namespaces/old/services/ext")).at("/spec")
                    .has("clusterIP")).isFalse();
            assertThat(ApiClient.json(restarted.viewer.get("/api/v1/audit?kind=Service&name=web")).at("/items/0/actor")
                    .asText()).isEqualTo(ClusterIpBackfill.ACTOR_NAME);
        }
    }
}
