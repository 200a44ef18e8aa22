package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/v1/workloads} and {@code DELETE /api/v1/workloads/{namespace}/{name}}: a
 * workload's Pod and its proxy, registered by its sidecar token (or an admin), audited with the
 * token as actor, never taken over from another service account.
 */
class WorkloadApiTest {
    private static final String JSON = "application/json";

    @TempDir
    static Path dir;
    static TestServer t;
    static ApiClient bookstore;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
        bookstore = t.anonymous.as(SidecarTokenApiTest.sidecarToken(t, "bookstore-sidecar", "bookstore", "bookstore"));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    static String workload(String ns, String name, String sa, String ip, String labels) {
        return "{\"namespace\":\"" + ns + "\",\"name\":\"" + name + "\""
                + (sa == null ? "" : ",\"serviceAccount\":\"" + sa + "\"")
                + ",\"podIP\":\"" + ip + "\",\"labels\":" + (labels == null ? "{}" : labels) + "}";
    }

    private static HttpResponse<String> awaitConfig(String proxy, String token) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> t.anonymous.as(token).get("/api/v1/proxies/" + proxy + "/config"), r -> r.statusCode() == 200);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String detailPart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(ApiClient.json(r).path("detail").asText()).contains(detailPart);
    }

    @Test
    void aSidecarRegistersItsPodAndProxyThenReRegistersWithANewToken() {
        HttpResponse<String> first = bookstore.post("/api/v1/workloads", JSON,
                workload("bookstore", "bookstore-v1-0", null, "10.0.1.5", "{\"app\":\"bookstore\",\"version\":\"v1\"}"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode body = ApiClient.json(first);
        assertThat(body.path("proxy").asText()).isEqualTo("sidecar.bookstore.bookstore-v1-0");
        String token = body.path("token").asText();
        assertThat(token).startsWith("mgp_");
        JsonNode pod = body.path("pod");
        assertThat(pod.at("/spec/serviceAccountName").asText()).as("the token's service account").isEqualTo("bookstore");
        assertThat(pod.at("/status/phase").asText()).isEqualTo("Running");
        assertThat(pod.at("/status/podIP").asText()).isEqualTo("10.0.1.5");
        assertThat(pod.at("/status/podIPs/0/ip").asText()).isEqualTo("10.0.1.5");
        assertThat(pod.at("/metadata/labels/version").asText()).isEqualTo("v1");

        JsonNode stored = ApiClient.json(t.viewer.get("/api/v1/namespaces/bookstore/pods/bookstore-v1-0"));
        assertThat(stored.at("/status/podIP").asText()).isEqualTo("10.0.1.5");
        JsonNode proxy = ApiClient.json(t.viewer.get("/api/v1/proxies/sidecar.bookstore.bookstore-v1-0"));
        assertThat(proxy.path("kind").asText()).isEqualTo("sidecar");
        awaitConfig("sidecar.bookstore.bookstore-v1-0", token);

        JsonNode audit = ApiClient.json(t.viewer.get("/api/v1/audit?kind=Pod&namespace=bookstore&name=bookstore-v1-0"))
                .path("items");
        assertThat(audit).singleElement().satisfies(row -> {
            assertThat(row.path("actor").asText()).isEqualTo("bookstore-sidecar");
            assertThat(row.path("verb").asText()).isEqualTo("create");
        });
        assertThat(ApiClient.json(t.viewer.get("/api/v1/audit?kind=Proxy&name=sidecar.bookstore.bookstore-v1-0"))
                .at("/items/0/actor").asText()).isEqualTo("bookstore-sidecar");

        // again, after a restart with a new address and labels: 200, the old proxy token stops working
        HttpResponse<String> again = bookstore.post("/api/v1/workloads", JSON,
                workload("bookstore", "bookstore-v1-0", "bookstore", "10.0.1.6", "{\"app\":\"bookstore\"}"));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        String rotated = ApiClient.json(again).path("token").asText();
        assertThat(rotated).isNotEqualTo(token);
        assertThat(t.anonymous.as(token).get("/api/v1/proxies/sidecar.bookstore.bookstore-v1-0/config").statusCode())
                .isEqualTo(401);
        awaitConfig("sidecar.bookstore.bookstore-v1-0", rotated);
        JsonNode updated = ApiClient.json(again).path("pod");
        assertThat(updated.at("/status/podIP").asText()).isEqualTo("10.0.1.6");
        assertThat(updated.at("/metadata/labels").has("version")).as("labels are replaced").isFalse();
        assertThat(ApiClient.json(t.viewer.get("/api/v1/audit?kind=Proxy&name=sidecar.bookstore.bookstore-v1-0"))
                .at("/items/0/message").asText()).isEqualTo("kind sidecar, token rotated");
    }

    @Test
    void aSidecarTokenRegistersOnlyItsOwnNamespaceAndServiceAccount() {
        assertProblem(bookstore.post("/api/v1/workloads", JSON, workload("bookbuyer", "b-0", null, "10.0.2.1", null)),
                403, "token 'bookstore-sidecar' may register and remove workloads in namespace bookstore only, not"
                        + " bookbuyer");
        assertProblem(bookstore.post("/api/v1/workloads", JSON, workload("bookstore", "b-0", "bookbuyer", "10.0.2.1",
                null)), 403, "may register workloads of service account bookstore only, not bookbuyer");
        assertProblem(bookstore.delete("/api/v1/workloads/bookbuyer/b-0"), 403, "in namespace bookstore only");
        assertThat(t.viewer.get("/api/v1/namespaces/bookbuyer/pods/b-0").statusCode()).isEqualTo(404);
        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?verb=rejected&actor=bookstore-sidecar&kind=Pod"))
                .path("items");
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.path("namespace").asText()).isEqualTo("bookbuyer");
            assertThat(row.path("name").asText()).isEqualTo("b-0");
            assertThat(row.path("message").asText()).contains("POST /api/v1/workloads -> 403: token 'bookstore-sidecar'"
                    + " may register and remove workloads in namespace bookstore only, not bookbuyer");
        });
        assertProblem(t.editor.post("/api/v1/workloads", JSON, workload("bookstore", "b-0", null, "10.0.2.1", null)),
                403, "token 'test-editor' has role editor; registering and removing workloads needs admin or a"
                        + " sidecar token");
    }

    @Test
    void aPodOfAnotherServiceAccountIsNeverTakenOver() {
        HttpResponse<String> admin = t.admin.post("/api/v1/workloads", JSON,
                workload("bookstore", "taken", "bookstore-v2", "10.0.3.1", null));
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(201);
        assertThat(ApiClient.json(t.viewer.get("/api/v1/audit?kind=Pod&name=taken")).at("/items/0/actor").asText())
                .isEqualTo("admin");

        HttpResponse<String> takeover = bookstore.post("/api/v1/workloads", JSON,
                workload("bookstore", "taken", null, "10.0.3.2", null));
        assertProblem(takeover, 409, "Pod bookstore/taken belongs to service account bookstore-v2, not bookstore:"
                + " remove that workload first");
        assertThat(ApiClient.json(takeover).path("type").asText())
                .isEqualTo("urn:meshgate:problem:pod-owned-by-another-service-account");
        assertProblem(bookstore.delete("/api/v1/workloads/bookstore/taken"), 403,
                "Pod bookstore/taken belongs to service account bookstore-v2; token 'bookstore-sidecar' may remove"
                        + " workloads of service account bookstore only");
        JsonNode pod = ApiClient.json(t.viewer.get("/api/v1/namespaces/bookstore/pods/taken"));
        assertThat(pod.at("/status/podIP").asText()).isEqualTo("10.0.3.1");
        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?verb=rejected&kind=Pod&name=taken")).path("items");
        assertThat(rows).extracting(row -> row.path("message").asText()).anySatisfy(m -> assertThat(m).contains(
                "-> 409: Pod bookstore/taken belongs to service account bookstore-v2"));

        // an admin removes any workload: Pod and proxy go together
        assertThat(t.admin.delete("/api/v1/workloads/bookstore/taken").statusCode()).isEqualTo(204);
        assertThat(t.viewer.get("/api/v1/namespaces/bookstore/pods/taken").statusCode()).isEqualTo(404);
        assertThat(t.viewer.get("/api/v1/proxies/sidecar.bookstore.taken").statusCode()).isEqualTo(404);
        assertProblem(t.admin.delete("/api/v1/workloads/bookstore/taken"), 404,
                "workload bookstore/taken not found (no Pod and no proxy sidecar.bookstore.taken)");
    }

    @Test
    void aSidecarRemovesItsWorkload() {
        String token = ApiClient.json(bookstore.post("/api/v1/workloads", JSON,
                workload("bookstore", "short-lived", null, "10.0.4.1", null))).path("token").asText();
        HttpResponse<String> removed = bookstore.delete("/api/v1/workloads/bookstore/short-lived");
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        assertThat(t.viewer.get("/api/v1/namespaces/bookstore/pods/short-lived").statusCode()).isEqualTo(404);
        assertThat(t.anonymous.as(token).get("/api/v1/proxies/sidecar.bookstore.short-lived/config").statusCode())
                .isEqualTo(401);
        JsonNode rows = ApiClient.json(t.viewer.get("/api/v1/audit?kind=Pod&name=short-lived")).path("items");
        assertThat(rows.get(0).path("verb").asText()).isEqualTo("delete");
        assertThat(rows.get(0).path("actor").asText()).isEqualTo("bookstore-sidecar");
    }

    @Test
    void aBadRequestNamesTheFieldsOfTheRequest() {
        HttpResponse<String> r = bookstore.post("/api/v1/workloads", JSON,
                "{\"namespace\":\"bookstore\",\"podIP\":\"10.0.0.300\",\"labels\":{\"app\":\"not a value\"},\"x\":1}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(ApiClient.json(r).path("errors")).extracting(e -> e.path("field").asText())
                .containsExactlyInAnyOrder("x", "name", "podIP");
        HttpResponse<String> labels = bookstore.post("/api/v1/workloads", JSON,
                workload("bookstore", "l-0", null, "10.0.5.1", "{\"app\":\"not a value\"}"));
        assertThat(labels.statusCode()).as(labels.body()).isEqualTo(422);
        assertThat(ApiClient.json(labels).at("/errors/0/field").asText()).isEqualTo("labels[app]");
        assertThat(t.viewer.get("/api/v1/namespaces/bookstore/pods/l-0").statusCode()).isEqualTo(404);
    }

    @Test
    void aPodStatusWriteIsCheckedLikeThePod() {
        assertThat(t.admin.post("/api/v1/workloads", JSON, workload("status", "s-0", null, "10.0.6.1", null))
                .statusCode()).isEqualTo(201);
        HttpResponse<String> bad = t.editor.patch("/api/v1/namespaces/status/pods/s-0/status",
                "application/merge-patch+json", "{\"status\":{\"podIP\":\"nope\",\"podIPs\":null,\"phase\":\"Gone\"}}");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
        assertThat(ApiClient.json(bad).path("errors")).extracting(e -> e.path("field").asText())
                .containsExactlyInAnyOrder("status.podIP", "status.phase");
        HttpResponse<String> good = t.editor.patch("/api/v1/namespaces/status/pods/s-0/status",
                "application/merge-patch+json", "{\"status\":{\"phase\":\"Failed\"}}");
        assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
        assertThat(ApiClient.json(good).at("/spec/serviceAccountName").asText()).as("defaulted").isEqualTo("default");
    }
}
