package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.meshgate.api.ApiClient;
import io.meshgate.api.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening 10-12 end to end, through the REST API and real traffic on the embedded gateway: one
 * tenant's bad Ingress no longer freezes everyone's config, an Ingress requiring client certificates
 * without its certificate is not served in clear, and a tenant cannot extend the global passthrough
 * allow-list.
 */
class StandaloneIngressGuardTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** A CA certificate for the client-certificate Ingress (any loadable certificate will do). */
    private static final String CA_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBgDCCASWgAwIBAgIUZv00UCKQDwkQJB13iMenlCuePNEwCgYIKoZIzj0EAwIw
            FDESMBAGA1UEAwwJZ29sZGVuLWNhMCAXDTI2MTIwNjEyNDIwOFoYDzIxMjYxMTEy
            MTI0MjA4WjAUMRIwEAYDVQQDDAlnb2xkZW4tY2EwWTATBgcqhkjOPQIBBggqhkjO
            PQMBBwNCAARBKFzGIA6sVlBDKqy2eJbY9WJyJnrPGPHEPGDHxfyyqmtH2Ns901Gt
            YhHxN1zNZ/qvrmL7201NdoAm5KouPjHWo1MwUTAdBgNVHQ4EFgQUhjRYddn7Ginj
            VLjVM6+GNSbPCJQwHwYDVR0jBBgwFoAUhjRYddn7GinjVLjVM6+GNSbPCJQwDwYD
            VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEA40mJO/MXHXydLwVmI1KB
            dXUF3aoQnQ5wk+Y+7P9/czICIQDeOZnm2x79ICesYRNmz+LPaxMVIKTQy9z911oZ
            pfjgHg==
            -----END CERTIFICATE-----
            """;

    @TempDir
    Path dir;
    private HttpServer backend;

    @BeforeEach
    void startBackend() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body = "backend".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    @Test
    void oneTenantsIngressCanNeitherFreezeNorOpenTheGateway() throws IOException {
        int httpPort = freePort();
        StandaloneOptions options = new StandaloneOptions(dir, 0, httpPort, freePort(), "127.0.0.1", 0,
                TestServer.ADMIN_TOKEN);
        try (Standalone stack = Standalone.start(options)) {
            ApiClient admin = new ApiClient("http://127.0.0.1:" + stack.apiPort(), TestServer.ADMIN_TOKEN);
            apply(admin, serviceAndEndpoints(backend.getAddress().getPort()));

            // 10: two passthroughs for one host; the kernel would refuse the config naming it twice
            apply(admin, ingress("pt-first", "pt.example", "meshgate.io/tls-passthrough: \"true\"", ""));
            apply(admin, ingress("pt-second", "pt.example", "meshgate.io/tls-passthrough: \"true\"", ""));
            apply(admin, ingress("web", "web.example", "{}", ""));
            await().atMost(WAIT).ignoreExceptionsInstanceOf(UncheckedIOException.class).untilAsserted(() ->
                    assertThat(get(httpPort, "web.example").statusCode())
                            .as("a later change is applied: the config was not refused whole").isEqualTo(200));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode conflicted = condition(admin, "pt-second", "Conflicted");
                assertThat(conflicted.path("reason").asText()).isEqualTo("DuplicatePassthroughHost");
                assertThat(conflicted.path("message").asText()).contains("demo/pt-first");
            });
            // ... and a server name the gateway cannot use is refused when applied
            HttpResponse<String> ipHost = admin.post("/api/v1/apply", "application/yaml",
                    ingress("ip-tls", "ip.example", "{}", "  tls:\n  - hosts: [\"10.0.0.1\"]\n    secretName: x\n"));
            assertThat(ipHost.statusCode()).isEqualTo(422);
            assertThat(ipHost.body()).contains("spec.tls[0].hosts[0]");

            // 11: client certificates required but the TLS Secret is missing: not served, not even in clear
            apply(admin, """
                    apiVersion: v1
                    kind: Secret
                    metadata:
                      name: client-ca
                      namespace: demo
                    type: Opaque
                    data:
                      ca.crt: %s
                    """.formatted(Base64.getEncoder().encodeToString(CA_PEM.getBytes(StandardCharsets.US_ASCII))));
            apply(admin, ingress("mtls", "mtls.example", """
                    {pipy.ingress.kubernetes.io/tls-verify-client: "true", pipy.ingress.kubernetes.io/tls-trusted-ca-secret: client-ca}""",
                    "  tls:\n  - hosts: [mtls.example]\n    secretName: absent\n"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(condition(admin, "mtls", "Accepted").path("reason")
                    .asText()).isEqualTo("ClientCertificateNotEnforceable"));
            apply(admin, ingress("web2", "web2.example", "{}", ""));
            await().atMost(WAIT).ignoreExceptionsInstanceOf(UncheckedIOException.class).untilAsserted(() ->
                    assertThat(get(httpPort, "web2.example").statusCode()).isEqualTo(200));
            assertThat(get(httpPort, "mtls.example").statusCode()).as("no plain-HTTP route").isEqualTo(404);

            // 12: a tenant cannot extend the global passthrough allow-list, and nobody with a wildcard
            HttpResponse<String> wildcard = admin.post("/api/v1/apply", "application/yaml",
                    ingress("allow-wild", "*.example.net", "meshgate.io/tls-passthrough-allowed: \"true\"", ""));
            assertThat(wildcard.statusCode()).isEqualTo(422);
            assertThat(wildcard.body()).contains("spec.rules[0].host", "exact host name");
            apply(admin, ingress("allow-tenant", "internal.example.net", "meshgate.io/tls-passthrough-allowed: \"true\"", ""));
            await().atMost(WAIT).untilAsserted(() -> assertThat(condition(admin, "allow-tenant", "TLSPassthroughAllowed")
                    .path("reason").asText()).isEqualTo("NamespaceNotAllowed"));
        }
    }

    private static JsonNode condition(ApiClient admin, String ingress, String type) {
        HttpResponse<String> r = admin.get("/api/v1/namespaces/demo/ingresses/" + ingress);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode c : ApiClient.json(r).at("/status/conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static void apply(ApiClient admin, String yaml) {
        HttpResponse<String> r = admin.post("/api/v1/apply", "application/yaml", yaml);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }

    private static String ingress(String name, String host, String annotations, String tls) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                  namespace: demo
                  annotations: %s
                spec:
                  ingressClassName: pipy
                  rules:
                  - host: "%s"
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: web
                            port:
                              number: 80
                """.formatted(name, annotations.startsWith("{") ? annotations.strip() : "{" + annotations + "}", host)
                + tls;
    }

    private static String serviceAndEndpoints(int backendPort) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                  namespace: demo
                spec:
                  ports:
                  - name: http
                    port: 80
                    targetPort: %1$d
                ---
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: web
                  namespace: demo
                subsets:
                - addresses:
                  - ip: 127.0.0.1
                  ports:
                  - name: http
                    port: %1$d
                """.formatted(backendPort);
    }

    private static HttpResponse<String> get(int port, String host) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Host", host).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
