package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AuditApiTest {
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

    @Test
    void defaultMeshConfigCreationIsAudited() {
        JsonNode rows = ApiClient.json(t.admin.get("/api/v1/audit?kind=MeshConfig&actor=bootstrap")).at("/items");
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).at("/verb").asText()).isEqualTo("create");
    }

    @Test
    void changesCarryPatchesAndRevertRestores() {
        String path = "/api/v1/namespaces/aud/services/web";
        t.editor.put(path, "application/yaml", ResourceApiTest.service("aud", "web"));
        t.editor.put(path, "application/yaml", ResourceApiTest.service("aud", "web").replace("port: 80", "port: 8080"));

        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?kind=Service&namespace=aud&name=web")).at("/items");
        assertThat(rows.size()).isEqualTo(2);
        JsonNode update = rows.get(0).at("/verb").asText().equals("update") ? rows.get(0) : rows.get(1);
        JsonNode create = update == rows.get(0) ? rows.get(1) : rows.get(0);
        assertThat(create.at("/actor").asText()).isEqualTo("test-editor");
        assertThat(create.at("/before").isNull()).isTrue();
        assertThat(update.at("/patch").toString()).contains("/spec/ports/0/port").contains("8080");
        assertThat(update.at("/before/spec/ports/0/port").asInt()).isEqualTo(80);
        assertThat(update.at("/after/spec/ports/0/port").asInt()).isEqualTo(8080);

        JsonNode single = ApiClient.json(t.viewer.get("/api/v1/audit/" + update.at("/id").asLong()));
        assertThat(single.at("/hash").asText()).isEqualTo(update.at("/hash").asText());

        HttpResponse<String> revert = t.editor.post("/api/v1/audit/" + update.at("/id").asLong() + "/revert",
                "application/json", "");
        assertThat(revert.statusCode()).as(revert.body()).isEqualTo(200);
        assertThat(ApiClient.json(t.viewer.get(path)).at("/spec/ports/0/port").asInt()).isEqualTo(80);
        JsonNode latest = ApiClient.json(t.viewer.get("/api/v1/audit?name=web&namespace=aud&verb=revert")).at("/items");
        assertThat(latest.size()).isEqualTo(1);
        assertThat(latest.get(0).at("/patch").toString()).contains("/spec/ports/0/port");

        // reverting the create deletes the object again, once forced over the later changes
        assertThat(t.editor.post("/api/v1/audit/" + create.at("/id").asLong() + "/revert", "application/json", "")
                .statusCode()).isEqualTo(409);
        assertThat(t.editor.post("/api/v1/audit/" + create.at("/id").asLong() + "/revert?force=true",
                "application/json", "").statusCode()).isEqualTo(200);
        assertThat(t.viewer.get(path).statusCode()).isEqualTo(404);
        assertThat(t.viewer.post("/api/v1/audit/" + create.at("/id").asLong() + "/revert", "application/json", "")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void deleteIsAuditedWithBefore() {
        String path = "/api/v1/namespaces/aud/services/gone";
        t.editor.put(path, "application/yaml", ResourceApiTest.service("aud", "gone"));
        t.editor.delete(path);
        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?name=gone&verb=delete")).at("/items");
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).at("/before/metadata/name").asText()).isEqualTo("gone");
        assertThat(rows.get(0).at("/after").isNull()).isTrue();
    }

    @Test
    void rejectedWritesAreAudited() {
        t.editor.put("/api/v1/namespaces/aud/services/rej", "application/yaml",
                ResourceApiTest.service("aud", "rej").replace("port: 80", "port: -1"));
        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?verb=rejected&name=rej")).at("/items");
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).at("/message").asText()).contains("422").contains("spec.ports[0].port");
    }

    @Test
    void chainVerifies() {
        HttpResponse<String> r = t.viewer.get("/api/v1/audit/verify");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(r).at("/ok").asBoolean()).isTrue();
    }

    @Test
    void verifyIsIncrementalAndAdminsMayAskForAFullWalk(@TempDir Path other) throws Exception {
        try (TestServer own = new TestServer(other)) {
            JsonNode first = ApiClient.json(own.viewer.get("/api/v1/audit/verify"));
            assertThat(first.at("/ok").asBoolean()).isTrue();
            assertThat(first.at("/checkedRows").asLong()).isPositive();
            JsonNode again = ApiClient.json(own.viewer.get("/api/v1/audit/verify"));
            assertThat(again.at("/checkedRows").asLong()).isZero();
            assertThat(again.at("/headId").asLong()).isEqualTo(first.at("/headId").asLong());
            assertThat(again.at("/headHash").asText()).isEqualTo(first.at("/headHash").asText());

            assertThat(own.viewer.get("/api/v1/audit/verify?full=true").statusCode()).isEqualTo(403);
            JsonNode full = ApiClient.json(own.admin.get("/api/v1/audit/verify?full=true"));
            assertThat(full.at("/checkedRows").asLong()).isEqualTo(first.at("/headId").asLong());

            own.editor.put("/api/v1/namespaces/aud/services/t", "application/yaml", ResourceApiTest.service("aud", "t"));
            long tampered = ApiClient.json(own.viewer.get("/api/v1/audit?name=t")).at("/items/0/id").asLong();
            io.meshgate.db.DatabaseConfig config = io.meshgate.db.DatabaseConfig.h2File(other);
            // same URL in the same JVM: H2 hands out another session of the open database
            try (var c = java.sql.DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                 var s = c.createStatement()) {
                s.executeUpdate("UPDATE audit SET actor = 'mallory' WHERE id = " + tampered);
            }
            HttpResponse<String> broken = own.viewer.get("/api/v1/audit/verify");
            assertThat(broken.statusCode()).isEqualTo(409);
            assertThat(ApiClient.json(broken).at("/firstBrokenId").asLong()).isEqualTo(tampered);
            assertThat(own.admin.get("/api/v1/audit/verify?full=true").statusCode()).isEqualTo(409);
        }
    }

    @Test
    void filtersByTimeAndPages() {
        for (int i = 0; i < 3; i++) {
            t.editor.put("/api/v1/namespaces/pg/services/p" + i, "application/yaml", ResourceApiTest.service("pg", "p" + i));
        }
        JsonNode first = ApiClient.json(t.viewer.get("/api/v1/audit?namespace=pg&limit=2"));
        assertThat(first.at("/items").size()).isEqualTo(2);
        JsonNode second = ApiClient.json(t.viewer.get("/api/v1/audit?namespace=pg&limit=2&continue="
                + first.at("/continue").asText()));
        assertThat(second.at("/items").size()).isEqualTo(1);
        assertThat(ApiClient.json(t.viewer.get("/api/v1/audit?namespace=pg&until=2000-01-01T00:00:00Z"))
                .at("/items").size()).isZero();
        assertThat(t.viewer.get("/api/v1/audit?since=yesterday").statusCode()).isEqualTo(400);
    }
}
