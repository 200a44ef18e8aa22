package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.db.Role;
import io.meshgate.reconcile.TranslatorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Refused writes are audited without what the client submitted, and at a bounded rate per actor. */
class RefusedWriteAuditTest {
    @TempDir
    Path dir;
    MutableClock clock;
    TestServer t;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.now());
        t = new TestServer(DatabaseConfig.h2File(dir), ApiServerOptions.of(0, dir).withAdminToken(TestServer.ADMIN_TOKEN),
                TranslatorRegistry.standard(), clock);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void theRowKeepsNoSubmittedValue() {
        String leaked = "mgt_pasted-into-the-wrong-field-0123456789";
        t.editor.put("/api/v1/namespaces/aud/services/leak", "application/yaml",
                ResourceApiTest.service("aud", "leak").replace("port: 80", "port: " + leaked));
        t.editor.post("/api/v1/tokens", "application/json", "{\"name\":\"x\",\"role\":\"" + leaked + "\"}");
        t.admin.post("/api/v1/tokens", "application/json", "{\"name\":\"x\",\"role\":\"" + leaked + "\"}");

        HttpRows rows = rows("test-editor");
        assertThat(rows.items.size()).isEqualTo(2);
        assertThat(rows.items.get(1).at("/message").asText())
                .startsWith("PUT /api/v1/namespaces/aud/services/leak -> 422").contains("spec.ports[0].port");
        assertThat(rows.body).doesNotContain(leaked).doesNotContain("pasted");
        JsonNode admin = ApiClient.json(t.admin.get("/api/v1/audit?verb=rejected&actor=admin")).at("/items");
        assertThat(admin.get(0).at("/message").asText()).isEqualTo("POST /api/v1/tokens -> 422: Unprocessable Content (invalid) [role]");
        assertThat(rows.items.get(0).at("/message").asText()).startsWith("POST /api/v1/tokens -> 403: token 'test-editor'"
                + " has role editor");
    }

    @Test
    void editorsAreNotLimited() {
        for (int i = 0; i < 15; i++) {
            t.editor.delete("/api/v1/tokens/x" + i);
        }
        assertThat(rows("test-editor").items.size()).isEqualTo(15);
    }

    @Test
    void aLoopingViewerAddsTenRowsAMinuteAndOneSummary() {
        ApiClient noisy = t.anonymous.as(t.db.tokens().create("noisy", Role.VIEWER));
        for (int i = 0; i < 15; i++) {
            assertThat(noisy.delete("/api/v1/namespaces/aud/services/s" + i).statusCode()).isEqualTo(403);
        }
        assertThat(rows("noisy").items.size()).isEqualTo(RefusedWriteLimiter.DEFAULT_LIMIT);
        assertThat(t.viewer.get("/metrics").body()).contains("meshgate_api_refused_writes_suppressed_total 5.0");

        clock.advance(Duration.ofSeconds(61));
        assertThat(noisy.delete("/api/v1/namespaces/aud/services/again").statusCode()).isEqualTo(403);
        HttpRows after = rows("noisy");
        assertThat(after.items.size()).isEqualTo(RefusedWriteLimiter.DEFAULT_LIMIT + 2);
        assertThat(after.items.get(0).at("/name").asText()).isEqualTo("again");
        assertThat(after.items.get(1).at("/message").asText()).startsWith("5 more refused writes suppressed");
        assertThat(ApiClient.json(t.admin.get("/api/v1/audit/verify")).at("/ok").asBoolean()).isTrue();
    }

    private record HttpRows(String body, JsonNode items) {
    }

    private HttpRows rows(String actor) {
        var r = t.admin.get("/api/v1/audit?verb=rejected&actor=" + actor);
        return new HttpRows(r.body(), ApiClient.json(r).at("/items"));
    }
}
