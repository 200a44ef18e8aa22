package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class TokenApiTest {
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
    void createListUseAndDelete() {
        HttpResponse<String> created = t.admin.post("/api/v1/tokens", "application/json",
                "{\"name\":\"ci\",\"role\":\"editor\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = ApiClient.json(created);
        assertThat(body.at("/role").asText()).isEqualTo("editor");
        String token = body.at("/token").asText();
        assertThat(token).startsWith("mgt_");

        ApiClient ci = t.anonymous.as(token);
        assertThat(ci.put("/api/v1/namespaces/tok/services/s", "application/yaml",
                ResourceApiTest.service("tok", "s")).statusCode()).isEqualTo(201);
        assertThat(ApiClient.json(t.admin.get("/api/v1/audit?name=s&namespace=tok")).at("/items/0/actor").asText())
                .isEqualTo("ci");

        HttpResponse<String> list = t.admin.get("/api/v1/tokens");
        assertThat(list.body()).contains("\"ci\"").doesNotContain(token);
        assertThat(t.admin.post("/api/v1/tokens", "application/json", "{\"name\":\"ci\",\"role\":\"viewer\"}")
                .statusCode()).isEqualTo(409);
        assertThat(t.admin.post("/api/v1/tokens", "application/json", "{\"name\":\"x\",\"role\":\"root\"}")
                .statusCode()).isEqualTo(422);

        assertThat(t.admin.delete("/api/v1/tokens/ci").statusCode()).isEqualTo(204);
        assertThat(ci.get("/api/v1/services").statusCode()).isEqualTo(401);
        assertThat(t.admin.delete("/api/v1/tokens/ci").statusCode()).isEqualTo(404);
    }

    @Test
    void tokenCreateAndDeleteAreAuditedWithoutTheTokenOrItsHash() throws Exception {
        String token = ApiClient.json(t.admin.post("/api/v1/tokens", "application/json",
                "{\"name\":\"audited\",\"role\":\"viewer\"}")).at("/token").asText();
        assertThat(t.admin.delete("/api/v1/tokens/audited").statusCode()).isEqualTo(204);

        HttpResponse<String> rows = t.admin.get("/api/v1/audit?kind=Token&name=audited");
        JsonNode items = ApiClient.json(rows).at("/items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.get(0).at("/verb").asText()).isEqualTo("delete");
        assertThat(items.get(1).at("/verb").asText()).isEqualTo("create");
        assertThat(items.get(1).at("/actor").asText()).isEqualTo("admin");
        assertThat(items.get(1).at("/message").asText()).isEqualTo("role viewer");
        assertThat(rows.body()).doesNotContain(token).doesNotContain(sha256Hex(token));
        assertThat(ApiClient.json(t.admin.get("/api/v1/audit/verify")).at("/ok").asBoolean()).isTrue();

        // a token's audit row cannot be reverted (no token value is kept): refused, not "unchanged"
        HttpResponse<String> revert = t.admin.post("/api/v1/audit/" + items.get(0).at("/id").asText() + "/revert",
                "application/json", "");
        assertThat(revert.statusCode()).isEqualTo(400);
        assertThat(revert.body()).contains("revert cannot undo");
    }

    static String sha256Hex(String value) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void generatedBootstrapTokenIsWrittenOwnerOnly(@TempDir Path other) throws IOException {
        try (TestServer generated = new TestServer(other, ApiServerOptions.of(0, other))) {
            Path file = other.resolve(ApiServerOptions.ADMIN_TOKEN_FILE);
            assertThat(generated.server.adminTokenLocation()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String token = Files.readString(file).trim();
            assertThat(generated.anonymous.as(token).get("/api/v1/tokens").statusCode()).isEqualTo(200);
        }
    }
}
