package io.meshgate.standalone;

import io.meshgate.api.ApiClient;
import io.meshgate.api.TestServer;
import io.meshgate.api.ResourceApiTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone stack writes what it made of each Ingress and IngressBackend back into their
 * status: the gateway address and ports, the translator's conditions, and nothing at all (no
 * write, no audit row) while nothing changes.
 */
class StandaloneIngressStatusTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void ingressAndIngressBackendStatusesFollowTheirResources() throws IOException {
        int httpPort = freePort();
        int httpsPort = freePort();
        StandaloneOptions options = new StandaloneOptions(dir, 0, httpPort, httpsPort, "127.0.0.1", 0,
                TestServer.ADMIN_TOKEN);
        try (Standalone stack = Standalone.start(options)) {
            ApiClient admin = new ApiClient("http://127.0.0.1:" + stack.apiPort(), TestServer.ADMIN_TOKEN);
            apply(admin, service("web") + "---\n" + endpoints("web") + "---\n" + ingress("web", "web.example", "web")
                    + "---\n" + ingressBackend());

            // served: the gateway address and its HTTP port (no TLS here), Accepted
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode status = get(admin, "/api/v1/namespaces/demo/ingresses/web").path("status");
                assertThat(status.at("/loadBalancer/ingress/0/ip").asText()).isEqualTo("127.0.0.1");
                assertThat(status.at("/loadBalancer/ingress/0/ports").toString())
                        .isEqualTo("[{\"port\":" + httpPort + ",\"protocol\":\"TCP\"}]");
                assertThat(condition(status, "Accepted").path("status").asText()).isEqualTo("True");
                assertThat(condition(status, "Accepted").path("observedGeneration").asLong()).isEqualTo(1);
            });
            // the IngressBackend: committed as FSM says, and honestly not enforced
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode status = get(admin, "/api/v1/namespaces/demo/ingressbackends/web").path("status");
                assertThat(status.path("currentStatus").asText()).isEqualTo("committed");
                assertThat(condition(status, "Enforced").path("reason").asText()).isEqualTo("NoSidecarsYet");
                assertThat(condition(status, "ResolvedRefs").path("status").asText()).isEqualTo("True");
            });

            // an Ingress whose Service is missing says so
            apply(admin, ingress("orphan", "orphan.example", "absent"));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode refs = condition(get(admin, "/api/v1/namespaces/demo/ingresses/orphan").path("status"),
                        "ResolvedRefs");
                assertThat(refs.path("status").asText()).isEqualTo("False");
                assertThat(refs.path("reason").asText()).isEqualTo("BackendNotFound");
                assertThat(refs.path("message").asText()).contains("MissingService", "demo/absent");
            });
            // ... until the Service exists
            apply(admin, service("absent") + "---\n" + endpoints("absent"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    condition(get(admin, "/api/v1/namespaces/demo/ingresses/orphan").path("status"), "ResolvedRefs")
                            .isMissingNode()).isTrue());

            // settled: further passes over unchanged resources write no status and no audit row
            awaitReconciled(stack);
            int rows = reconcilerRows(admin);
            assertThat(rows).as("the statuses above were written by the reconciler").isGreaterThanOrEqualTo(4);
            long ingressVersion = get(admin, "/api/v1/namespaces/demo/ingresses/web").at("/metadata/resourceVersion")
                    .asLong();
            for (int i = 0; i < 3; i++) {
                apply(admin, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tick\n  namespace: demo\n"
                        + "data:\n  n: \"" + i + "\"\n");
                awaitReconciled(stack);
            }
            assertThat(reconcilerRows(admin)).isEqualTo(rows);
            assertThat(get(admin, "/api/v1/namespaces/demo/ingresses/web").at("/metadata/resourceVersion").asLong())
                    .isEqualTo(ingressVersion);
        }
    }

    private static void awaitReconciled(Standalone stack) {
        await().atMost(WAIT).until(() -> {
            long target = stack.api().reconciler().reconciledRevision();
            return target >= 0 && target == currentRevision(stack);
        });
    }

    private static long currentRevision(Standalone stack) {
        // what a pass would read now: when it equals the last pass's revision, nothing is pending
        return Long.parseLong(ApiClient.json(new ApiClient("http://127.0.0.1:" + stack.apiPort(),
                TestServer.ADMIN_TOKEN).get("/api/v1/configmaps")).at("/metadata/resourceVersion").asText());
    }

    private static int reconcilerRows(ApiClient admin) {
        return ApiClient.json(admin.get("/api/v1/audit?limit=1000&actor=system:reconciler&verb=status"))
                .at("/items").size();
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static JsonNode get(ApiClient client, String path) {
        HttpResponse<String> r = client.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ApiClient.json(r);
    }

    private static void apply(ApiClient admin, String yaml) {
        HttpResponse<String> r = admin.post("/api/v1/apply", "application/yaml", yaml);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static String service(String name) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                  namespace: demo
                spec:
                  ports:
                  - name: http
                    port: 80
                """.formatted(name);
    }

    private static String endpoints(String name) {
        return """
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: %s
                  namespace: demo
                subsets:
                - addresses:
                  - ip: 127.0.0.1
                  ports:
                  - name: http
                    port: 9
                """.formatted(name);
    }

    private static String ingress(String name, String host, String service) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  namespace: demo
                spec:
                  ingressClassName: pipy
                  rules:
                  - host: %s
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: %s
                            port:
                              number: 80
                """.formatted(name, host, service);
    }

    private static String ingressBackend() {
        return """
                apiVersion: policy.flomesh.io/v1alpha1
                kind: IngressBackend
                metadata:
                  name: web
                  namespace: demo
                spec:
                  backends:
                  - name: web
                    port:
                      number: 80
                      protocol: http
                  sources:
                  - kind: Service
                    namespace: fsm-system
                    name: fsm-ingress
                """;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
