package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens of role sidecar: bound to a namespace and service account at creation, and refused (403,
 * audited, saying what they may do) everywhere but the workloads endpoints.
 */
class SidecarTokenApiTest {
    private static final String JSON = "application/json";

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

    /** A sidecar token for {@code sa} in {@code ns}, created by the admin. */
    static String sidecarToken(TestServer t, String name, String ns, String sa) {
        HttpResponse<String> created = t.admin.post("/api/v1/tokens", JSON,
                "{\"name\":\"" + name + "\",\"role\":\"sidecar\",\"namespace\":\"" + ns + "\",\"serviceAccount\":\"" + sa
                        + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return ApiClient.json(created).path("token").asText();
    }

    private static void assertInvalid(HttpResponse<String> r, String... fields) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(ApiClient.json(r).path("errors")).extracting(e -> e.path("field").asText())
                .containsExactlyInAnyOrder(fields);
    }

    @Test
    void aSidecarTokenIsBoundToANamespaceAndServiceAccount() {
        HttpResponse<String> created = t.admin.post("/api/v1/tokens", JSON,
                "{\"name\":\"bookbuyer-1\",\"role\":\"sidecar\",\"namespace\":\"bookbuyer\",\"serviceAccount\":\"bookbuyer\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = ApiClient.json(created);
        assertThat(body.path("role").asText()).isEqualTo("sidecar");
        assertThat(body.path("namespace").asText()).isEqualTo("bookbuyer");
        assertThat(body.path("serviceAccount").asText()).isEqualTo("bookbuyer");
        assertThat(body.path("token").asText()).startsWith("mgt_");

        JsonNode listed = ApiClient.json(t.admin.get("/api/v1/tokens")).path("items");
        assertThat(listed).anySatisfy(item -> {
            assertThat(item.path("name").asText()).isEqualTo("bookbuyer-1");
            assertThat(item.path("namespace").asText()).isEqualTo("bookbuyer");
            assertThat(item.path("serviceAccount").asText()).isEqualTo("bookbuyer");
        });
        assertThat(ApiClient.json(t.admin.get("/api/v1/audit?kind=Token&name=bookbuyer-1")).at("/items/0/message")
                .asText()).isEqualTo("role sidecar, namespace bookbuyer, service account bookbuyer");
    }

    @Test
    void theBindingIsRequiredForSidecarsValidatedAndRefusedForOtherRoles() {
        assertInvalid(t.admin.post("/api/v1/tokens", JSON, "{\"name\":\"s1\",\"role\":\"sidecar\"}"),
                "namespace", "serviceAccount");
        assertInvalid(t.admin.post("/api/v1/tokens", JSON,
                "{\"name\":\"s2\",\"role\":\"sidecar\",\"namespace\":\"Book.Buyer\",\"serviceAccount\":\"ok\"}"),
                "namespace");
        assertInvalid(t.admin.post("/api/v1/tokens", JSON,
                "{\"name\":\"s3\",\"role\":\"sidecar\",\"namespace\":\"ok\",\"serviceAccount\":\"Not_A_Name\"}"),
                "serviceAccount");
        assertInvalid(t.admin.post("/api/v1/tokens", JSON,
                "{\"name\":\"s4\",\"role\":\"viewer\",\"namespace\":\"ok\"}"), "namespace");
        HttpResponse<String> unknown = t.admin.post("/api/v1/tokens", JSON, "{\"name\":\"s5\",\"role\":\"pod\"}");
        assertThat(ApiClient.json(unknown).at("/errors/0/message").asText()).contains("\"sidecar\"");
        assertThat(ApiClient.json(t.admin.get("/api/v1/tokens")).path("items")).noneSatisfy(
                item -> assertThat(item.path("name").asText()).startsWith("s"));
    }

    @Test
    void aSidecarTokenMayCallNothingButItsWorkloadsAndEveryRefusalIsAudited() {
        ApiClient sidecar = t.anonymous.as(sidecarToken(t, "curl-1", "curl", "curl"));
        String scope = "token 'curl-1' is a sidecar token for service account curl in namespace curl: it may only"
                + " call POST /api/v1/workloads and DELETE /api/v1/workloads/curl/{name} for workloads of that"
                + " namespace and service account";
        for (HttpResponse<String> r : new HttpResponse[] {
                sidecar.get("/api/v1/namespaces/curl/secrets"),
                sidecar.get("/api/v1/services"),
                sidecar.get("/api/v1/whoami"),
                sidecar.get("/api/v1/nothing/here"),
                sidecar.get("/openapi"),
                sidecar.post("/api/v1/apply", "application/yaml", ResourceApiTest.service("curl", "x")),
                sidecar.post("/api/v1/tokens", JSON, "{\"name\":\"more\",\"role\":\"admin\"}")}) {
            assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(ApiClient.json(r).path("detail").asText()).isEqualTo(scope);
        }
        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?verb=rejected&actor=curl-1")).path("items");
        assertThat(rows).hasSize(7);
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.path("message").asText()).startsWith("GET /api/v1/namespaces/curl/secrets -> 403: " + scope);
            assertThat(row.path("kind").asText()).isEqualTo("Secret");
        });
        // the per-proxy channel takes proxy tokens only
        assertThat(sidecar.get("/api/v1/proxies/sidecar.curl.x/config").statusCode()).isEqualTo(403);
        // nothing was created on its behalf
        assertThat(t.viewer.get("/api/v1/namespaces/curl/services/x").statusCode()).isEqualTo(404);
    }

    @Test
    void standaloneModeSendsNoTokenReviewAServiceAccountTokenIsJustAnUnknownToken() {
        String jwt = ServiceAccountAuthTest.jwt(java.time.Instant.now().plusSeconds(3600));
        HttpResponse<String> answer = t.admin.as(jwt).post("/api/v1/workloads", JSON,
                "{\"namespace\":\"bookstore\",\"name\":\"bookstore-1\",\"podIP\":\"10.0.0.7\"}");
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("unknown or expired token");
    }
}
