package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.config.json.ProxyConfigJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Registration, the per-proxy config channel (auth, ETag, long-poll) and the sync listing. */
class ProxyApiTest {
    @TempDir
    Path dir;
    TestServer t;

    @BeforeEach
    void start() {
        t = new TestServer(DatabaseConfig.h2File(dir), ApiServerOptions.of(0, dir).withAdminToken(TestServer.ADMIN_TOKEN),
                TestTranslator.registry());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private ApiClient register(String name, String kind) {
        HttpResponse<String> r = t.admin.post("/api/v1/proxies", "application/json",
                "{\"name\":\"" + name + "\",\"kind\":\"" + kind + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String token = ApiClient.json(r).get("token").asText();
        assertThat(token).startsWith("mgp_");
        return t.anonymous.as(token);
    }

    private HttpResponse<String> awaitConfig(ApiClient proxy, String name) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> proxy.get("/api/v1/proxies/" + name + "/config"), r -> r.statusCode() == 200);
    }

    @Test
    void onlyAdminsRegisterAndTheTokenIsShownOnce() {
        assertThat(t.editor.post("/api/v1/proxies", "application/json", "{\"name\":\"p\",\"kind\":\"test\"}")
                .statusCode()).isEqualTo(403);
        register("p", "test");
        assertThat(t.admin.post("/api/v1/proxies", "application/json", "{\"name\":\"p\",\"kind\":\"test\"}")
                .statusCode()).isEqualTo(409);
        assertThat(t.admin.post("/api/v1/proxies", "application/json", "{\"name\":\"Bad_Name\",\"kind\":\"test\"}")
                .statusCode()).isEqualTo(422);
        HttpResponse<String> list = t.viewer.get("/api/v1/proxies");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"p\"").doesNotContain("mgp_");
    }

    @Test
    void registerAndDeleteAreAuditedWithoutTheToken() throws Exception {
        HttpResponse<String> r = t.admin.post("/api/v1/proxies", "application/json",
                "{\"name\":\"audited\",\"kind\":\"test\"}");
        String token = ApiClient.json(r).get("token").asText();
        assertThat(t.admin.delete("/api/v1/proxies/audited").statusCode()).isEqualTo(204);

        HttpResponse<String> rows = t.admin.get("/api/v1/audit?kind=Proxy&name=audited");
        JsonNode items = ApiClient.json(rows).at("/items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.get(0).at("/verb").asText()).isEqualTo("delete");
        assertThat(items.get(1).at("/verb").asText()).isEqualTo("create");
        assertThat(items.get(1).at("/actor").asText()).isEqualTo("admin");
        assertThat(rows.body()).doesNotContain(token).doesNotContain(TokenApiTest.sha256Hex(token));
    }

    @Test
    void aProxyReadsOnlyItsOwnConfigAndApiTokensReadNone() {
        ApiClient a = register("a", "test");
        ApiClient b = register("b", "test");
        awaitConfig(a, "a");
        assertThat(b.get("/api/v1/proxies/a/config").statusCode()).isEqualTo(403);
        assertThat(t.admin.get("/api/v1/proxies/a/config").statusCode()).isEqualTo(403);
        assertThat(t.anonymous.get("/api/v1/proxies/a/config").statusCode()).isEqualTo(401);
        assertThat(t.anonymous.as("mgp_forged").get("/api/v1/proxies/a/config").statusCode()).isEqualTo(401);
        assertThat(a.get("/api/v1/proxies").statusCode()).as("a proxy token is no API token").isEqualTo(401);
    }

    @Test
    void configCarriesItsVersionAsETagAndLongPollsForTheNextOne() {
        ApiClient p = register("p", "test");
        HttpResponse<String> first = awaitConfig(p, "p");
        assertThat(first.headers().firstValue("ETag")).hasValue("\"empty\"");
        assertThat(ProxyConfigJson.read(first.body()).version()).isEqualTo("empty");

        HttpResponse<String> unchanged = p.get("/api/v1/proxies/p/config?wait=1s", "If-None-Match", "\"empty\"");
        assertThat(unchanged.statusCode()).isEqualTo(304);

        assertThat(t.editor.put(TestTranslator.ROUTE_PATH, "application/yaml", TestTranslator.routeYaml(1234, 0, "x"))
                .statusCode()).isEqualTo(201);
        HttpResponse<String> next = p.get("/api/v1/proxies/p/config?wait=30s", "If-None-Match", "\"empty\"");
        assertThat(next.statusCode()).isEqualTo(200);
        String version = next.headers().firstValue("ETag").orElseThrow().replace("\"", "");
        assertThat(version).matches("r\\d+-[0-9a-f]{12}");
        assertThat(ProxyConfigJson.read(next.body()).version()).isEqualTo(version);
        assertThat(ProxyConfigJson.read(next.body()).clusters().get(0).endpoints().get(0).port()).isEqualTo(1234);
    }

    @Test
    void listingShowsDesiredAndAppliedVersionsAndInSync() {
        ApiClient p = register("p", "test");
        String version = awaitConfig(p, "p").headers().firstValue("ETag").orElseThrow().replace("\"", "");
        JsonNode before = ApiClient.json(t.viewer.get("/api/v1/proxies/p"));
        assertThat(before.get("desiredVersion").asText()).isEqualTo(version);
        assertThat(before.get("fetchedVersion").asText()).isEqualTo(version);
        assertThat(before.get("inSync").asBoolean()).isFalse();

        assertThat(p.post("/api/v1/proxies/p/status", "application/json",
                "{\"version\":\"" + version + "\",\"applied\":true}").statusCode()).isEqualTo(204);
        JsonNode after = ApiClient.json(t.viewer.get("/api/v1/proxies")).get("items").get(0);
        assertThat(after.get("appliedVersion").asText()).isEqualTo(version);
        assertThat(after.get("inSync").asBoolean()).isTrue();
        assertThat(after.get("lastSeen").isNull()).isFalse();

        assertThat(p.post("/api/v1/proxies/p/status", "application/json",
                "{\"version\":\"r9-000000000000\",\"applied\":false,\"error\":\"port in use\"}").statusCode()).isEqualTo(204);
        JsonNode refused = ApiClient.json(t.viewer.get("/api/v1/proxies/p"));
        assertThat(refused.get("applied").asBoolean()).isFalse();
        assertThat(refused.get("error").asText()).isEqualTo("port in use");
        assertThat(refused.get("appliedVersion").asText()).as("still runs the last good one").isEqualTo(version);
    }

    @Test
    void deletingAProxyRevokesItsToken() {
        ApiClient p = register("p", "test");
        awaitConfig(p, "p");
        assertThat(t.admin.delete("/api/v1/proxies/p").statusCode()).isEqualTo(204);
        assertThat(p.get("/api/v1/proxies/p/config").statusCode()).isEqualTo(401);
    }

    @Test
    void metricsAreServedToViewersOnly() {
        t.viewer.get("/api/v1/proxies");
        assertThat(t.anonymous.get("/metrics").statusCode()).isEqualTo(401);
        HttpResponse<String> m = t.viewer.get("/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.body()).contains("meshgate_api_requests_seconds_count{method=\"GET\",route=\"/api/v1/proxies\",status=\"200\"}")
                .contains("meshgate_reconcile_seconds_count");
    }
}
