package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

public class ResourceApiTest {
    static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: httpbin
              namespace: httpbin
            spec:
              ingressClassName: pipy
              rules:
              - host: httpbin.org
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: httpbin
                        port:
                          number: 14001
            """;
    static final String INGRESS_PATH = "/api/v1/namespaces/httpbin/ingresses/httpbin";

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
    void readyzNeedsNoToken() {
        assertThat(t.anonymous.get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void missingOrUnknownTokenIs401WithChallenge() {
        HttpResponse<String> none = t.anonymous.get("/api/v1/ingresses");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(t.anonymous.as("mgt_nope").get("/api/v1/ingresses").statusCode()).isEqualTo(401);
        assertThat(t.anonymous.get("/openapi").statusCode()).isEqualTo(401);
    }

    @Test
    void rolesGateWritesAndTokens() {
        assertThat(t.viewer.get("/api/v1/ingresses").statusCode()).isEqualTo(200);
        assertThat(t.viewer.put("/api/v1/namespaces/v/services/s", "application/yaml", service("v", "s")).statusCode())
                .isEqualTo(403);
        assertThat(t.editor.get("/api/v1/tokens").statusCode()).isEqualTo(403);
        assertThat(t.admin.get("/api/v1/tokens").statusCode()).isEqualTo(200);
        assertThat(t.editor.put("/api/v1/namespaces/v/services/s", "application/yaml", service("v", "s")).statusCode())
                .isEqualTo(201);
    }

    @Test
    void ingressCrudFromTheSeed() {
        HttpResponse<String> created = t.editor.put(INGRESS_PATH, "application/yaml", INGRESS);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = ApiClient.json(created);
        String rv = body.at("/metadata/resourceVersion").asText();
        assertThat(created.headers().firstValue("ETag")).hasValue("\"" + rv + "\"");
        assertThat(body.at("/metadata/uid").asText()).isNotEmpty();

        HttpResponse<String> read = t.viewer.get(INGRESS_PATH);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(read).at("/spec/rules/0/host").asText()).isEqualTo("httpbin.org");
        assertThat(t.viewer.get(INGRESS_PATH + "?output=yaml").body()).contains("host: httpbin.org");

        HttpResponse<String> replaced = t.editor.put(INGRESS_PATH, "application/yaml",
                INGRESS.replace("httpbin.org", "example.org"));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(replaced).at("/metadata/generation").asLong()).isEqualTo(2);

        JsonNode list = ApiClient.json(t.viewer.get("/api/v1/namespaces/httpbin/ingresses"));
        assertThat(list.at("/kind").asText()).isEqualTo("IngressList");
        assertThat(list.at("/items/0/spec/rules/0/host").asText()).isEqualTo("example.org");
        assertThat(ApiClient.json(t.viewer.get("/api/v1/ingresses")).at("/items").size()).isGreaterThanOrEqualTo(1);

        assertThat(t.editor.delete(INGRESS_PATH).statusCode()).isEqualTo(200);
        assertThat(t.viewer.get(INGRESS_PATH).statusCode()).isEqualTo(404);
        assertThat(t.editor.delete(INGRESS_PATH).statusCode()).isEqualTo(404);
    }

    @Test
    void bodyMustMatchPath() {
        HttpResponse<String> r = t.editor.put("/api/v1/namespaces/httpbin/ingresses/other", "application/yaml", INGRESS);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("metadata.name");
        assertThat(t.editor.put("/api/v1/namespaces/elsewhere/ingresses/httpbin", "application/yaml", INGRESS)
                .statusCode()).isEqualTo(400);
        assertThat(t.editor.put("/api/v1/namespaces/httpbin/services/httpbin", "application/yaml", INGRESS)
                .statusCode()).isEqualTo(400);
    }

    @Test
    void unknownKindIs404Problem() {
        HttpResponse<String> r = t.viewer.get("/api/v1/namespaces/x/widgets");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(ApiClient.json(r).at("/type").asText()).endsWith("unknown-kind");
    }

    @Test
    void invalidFieldIs422WithTheField() {
        HttpResponse<String> r = t.editor.put("/api/v1/namespaces/bad/ingresses/httpbin", "application/yaml",
                INGRESS.replace("namespace: httpbin", "namespace: bad").replace("pathType: Prefix", "pathType: Sometimes"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode problem = ApiClient.json(r);
        assertThat(problem.at("/status").asInt()).isEqualTo(422);
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("spec.rules[0].http.paths[0].pathType");
        assertThat(t.viewer.get("/api/v1/namespaces/bad/ingresses/httpbin").statusCode()).isEqualTo(404);
    }

    @Test
    void malformedYamlIs400WithLine() {
        HttpResponse<String> r = t.editor.put("/api/v1/namespaces/m/services/s", "application/yaml",
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n   namespace: [m\n");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(r).at("/errors/0/line").asInt()).isPositive();
    }

    @Test
    void staleBodyVersionIs409AndIfMatchMismatchIs412() {
        String path = "/api/v1/namespaces/occ/services/s";
        JsonNode v1 = ApiClient.json(t.editor.put(path, "application/yaml", service("occ", "s")));
        String rv1 = v1.at("/metadata/resourceVersion").asText();
        t.editor.put(path, "application/yaml", service("occ", "s").replace("port: 80", "port: 81"));

        String stale = service("occ", "s").replace("  name: s\n", "  name: s\n  resourceVersion: \"" + rv1 + "\"\n")
                .replace("port: 80", "port: 82");
        HttpResponse<String> conflict = t.editor.put(path, "application/yaml", stale);
        assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);

        HttpResponse<String> precondition = t.editor.put(path, "application/yaml",
                service("occ", "s").replace("port: 80", "port: 83"), "If-Match", "\"" + rv1 + "\"");
        assertThat(precondition.statusCode()).isEqualTo(412);
        assertThat(t.editor.patch(path, "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}",
                "If-Match", "\"" + rv1 + "\"").statusCode()).isEqualTo(412);

        String current = t.viewer.get(path).headers().firstValue("ETag").orElseThrow();
        assertThat(t.editor.put(path, "application/yaml", service("occ", "s").replace("port: 80", "port: 84"),
                "If-Match", current).statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(t.viewer.get(path)).at("/spec/ports/0/port").asInt()).isEqualTo(84);
    }

    @Test
    void mergePatchOfTheDefaultMeshConfig() {
        String path = "/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config";
        JsonNode before = ApiClient.json(t.viewer.get(path));
        assertThat(before.at("/spec/traffic/enableEgress").asBoolean()).isTrue();
        HttpResponse<String> patched = t.editor.patch(path, "application/merge-patch+json",
                "{\"spec\":{\"traffic\":{\"enableEgress\":false}}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode after = ApiClient.json(patched);
        assertThat(after.at("/spec/traffic/enableEgress").asBoolean()).isFalse();
        assertThat(after.at("/spec/traffic/enablePermissiveTrafficPolicyMode"))
                .isEqualTo(before.at("/spec/traffic/enablePermissiveTrafficPolicyMode"));

        HttpResponse<String> typo = t.editor.patch(path, "application/merge-patch+json",
                "{\"spec\":{\"traffic\":{\"enableEgres\":false}}}");
        assertThat(typo.statusCode()).isEqualTo(422);
        assertThat(typo.body()).contains("spec.traffic.enableEgres");

        HttpResponse<String> jsonPatch = t.editor.patch(path, "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/spec/traffic/enableEgress\",\"value\":true}]");
        assertThat(jsonPatch.statusCode()).as(jsonPatch.body()).isEqualTo(200);
        assertThat(ApiClient.json(jsonPatch).at("/spec/traffic/enableEgress").asBoolean()).isTrue();
    }

    @Test
    void viewerSeesSecretDataRedacted() {
        String secret = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: creds
                  namespace: sec
                type: Opaque
                stringData:
                  password: hunter2
                """;
        assertThat(t.editor.put("/api/v1/namespaces/sec/secrets/creds", "application/yaml", secret).statusCode())
                .isEqualTo(201);
        JsonNode asEditor = ApiClient.json(t.editor.get("/api/v1/namespaces/sec/secrets/creds"));
        assertThat(asEditor.at("/data/password").asText()).isEqualTo("aHVudGVyMg==");
        JsonNode asViewer = ApiClient.json(t.viewer.get("/api/v1/namespaces/sec/secrets/creds"));
        assertThat(asViewer.at("/data/password").asText()).isEqualTo("[redacted]");
        assertThat(t.viewer.get("/api/v1/secrets").body()).doesNotContain("aHVudGVyMg==");
        assertThat(t.admin.get("/api/v1/audit?kind=Secret").body()).doesNotContain("aHVudGVyMg==");
    }

    @Test
    void listFiltersByLabelAndPages() {
        for (int i = 0; i < 5; i++) {
            String body = service("page", "s" + i).replace("  name: s" + i + "\n",
                    "  name: s" + i + "\n  labels:\n    app: a" + (i % 2) + "\n    tier: web\n");
            assertThat(t.editor.put("/api/v1/namespaces/page/services/s" + i, "application/yaml", body).statusCode())
                    .isEqualTo(201);
        }
        JsonNode a0 = ApiClient.json(t.viewer.get("/api/v1/namespaces/page/services?labelSelector=app%3Da0,tier"));
        assertThat(a0.at("/items").size()).isEqualTo(3);
        JsonNode first = ApiClient.json(t.viewer.get("/api/v1/namespaces/page/services?limit=2"));
        assertThat(first.at("/items").size()).isEqualTo(2);
        String token = first.at("/metadata/continue").asText();
        assertThat(token).isNotEmpty();
        JsonNode second = ApiClient.json(t.viewer.get("/api/v1/namespaces/page/services?limit=2&continue=" + token));
        assertThat(second.at("/items/0/metadata/name").asText()).isEqualTo("s2");
    }

    @Test
    void openapiDescribesThePaths() {
        HttpResponse<String> r = t.viewer.get("/openapi");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("openapi: 3", "/api/v1/apply", "/api/v1/watch", "/api/v1/audit/{id}/revert");
    }

    public static String service(String ns, String name) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  ports:
                  - port: 80
                    name: http
                """.formatted(name, ns);
    }
}
