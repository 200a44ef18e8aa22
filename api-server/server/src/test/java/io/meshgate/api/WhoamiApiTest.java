package io.meshgate.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/whoami} names the caller's token and role, and needs a valid token. */
class WhoamiApiTest {
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
    void eachRoleSeesItself() {
        assertThat(ApiClient.json(t.viewer.get("/api/v1/whoami")).at("/role").asText()).isEqualTo("viewer");
        assertThat(ApiClient.json(t.editor.get("/api/v1/whoami")).at("/name").asText()).isEqualTo("test-editor");
        assertThat(ApiClient.json(t.admin.get("/api/v1/whoami")).at("/role").asText()).isEqualTo("admin");
    }

    @Test
    void unknownTokenIsRefusedAndOnlyGetIsAllowed() {
        assertThat(t.anonymous.as("nope").get("/api/v1/whoami").statusCode()).isEqualTo(401);
        HttpResponse<String> post = t.viewer.post("/api/v1/whoami", "application/json", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
