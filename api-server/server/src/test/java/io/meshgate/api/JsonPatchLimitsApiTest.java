package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/** A JSON patch cannot make the server build a huge object, nor run an unbounded number of operations. */
class JsonPatchLimitsApiTest {
    static final String PATH = "/api/v1/namespaces/limits/services/web";

    @TempDir
    static Path dir;
    static TestServer t;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
        assertThat(t.editor.put(PATH, "application/yaml", ResourceApiTest.service("limits", "web")).statusCode())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static String patch(int operations, String operation) {
        StringJoiner ops = new StringJoiner(",", "[", "]");
        for (int i = 0; i < operations; i++) {
            ops.add(operation.replace("{i}", String.valueOf(i)));
        }
        return ops.toString();
    }

    /** Audited changes of the object (a refused write is audited too, as verb rejected). */
    static int auditedUpdates() {
        return ApiClient.json(t.viewer.get("/api/v1/audit?namespace=limits&name=web&verb=update")).at("/items").size();
    }

    @Test
    @Timeout(60)
    void aCopyBombIsRefusedAtTheOperationThatOutgrowsTheLimitAndChangesNothing() {
        String etag = t.viewer.get(PATH).headers().firstValue("ETag").orElseThrow();
        int rows = auditedUpdates();

        HttpResponse<String> r = t.editor.patch(PATH, ResourceService.JSON_PATCH,
                patch(45, "{\"op\":\"copy\",\"from\":\"/spec\",\"path\":\"/spec/a{i}\"}"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = ApiClient.json(r);
        assertThat(problem.at("/type").asText()).endsWith("patched-object-too-large");
        String field = problem.at("/errors/0/field").asText();
        assertThat(field).matches("patch\\[\\d+]");
        assertThat(problem.at("/detail").asText()).startsWith("operation " + field.replaceAll("\\D", "") + ": ")
                .contains(String.valueOf(5 * 1024 * 1024));
        assertThat(t.viewer.get(PATH).headers().firstValue("ETag")).hasValue(etag);
        assertThat(auditedUpdates()).isEqualTo(rows);
    }

    @Test
    void morePatchOperationsThanKubernetesAllowsAreRefused() {
        String etag = t.viewer.get(PATH).headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> r = t.editor.patch(PATH, ResourceService.JSON_PATCH,
                patch(10_001, "{\"op\":\"test\",\"path\":\"/kind\",\"value\":\"Service\"}"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        JsonNode problem = ApiClient.json(r);
        assertThat(problem.at("/type").asText()).endsWith("too-many-patch-operations");
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("patch[10000]");
        assertThat(problem.at("/detail").asText()).contains("at most 10000 operations", "10001");
        assertThat(t.viewer.get(PATH).headers().firstValue("ETag")).hasValue(etag);
    }

    @Test
    void aPatchWithinTheLimitsStillApplies() {
        HttpResponse<String> r = t.editor.patch(PATH, ResourceService.JSON_PATCH,
                patch(10_000, "{\"op\":\"test\",\"path\":\"/kind\",\"value\":\"Service\"}"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void theOperationLimitIsTheServersSetting(@TempDir Path other) {
        ApiServerOptions options = ApiServerOptions.of(0, other).withAdminToken(TestServer.ADMIN_TOKEN)
                .withPatchLimits(new io.meshgate.resources.JsonPatchLimits(2,
                        io.meshgate.resources.JsonPatchLimits.DEFAULT.maxDocumentChars()));
        try (TestServer small = new TestServer(other, options)) {
            assertThat(small.editor.put(PATH, "application/yaml", ResourceApiTest.service("limits", "web"))
                    .statusCode()).isEqualTo(201);
            String op = "{\"op\":\"add\",\"path\":\"/metadata/labels/l{i}\",\"value\":\"x\"}";
            assertThat(small.editor.patch(PATH, ResourceService.JSON_PATCH,
                    "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{}}," + patch(1, op).substring(1))
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> r = small.editor.patch(PATH, ResourceService.JSON_PATCH, patch(3, op));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        }
    }
}
