package io.meshgate.standalone;

import io.meshgate.api.ApiClient;
import io.meshgate.api.TestServer;
import io.meshgate.api.ResourceApiTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone stack end to end: the Ingress of FSM's "Ingress with Service Mesh" demo (host
 * httpbin.org, {@code /} Prefix to httpbin:14001) plus a Service and Endpoints for a loopback
 * backend, applied through the REST API, are served on the gateway's HTTP port. (The Host header is
 * sent as is: the build allows it with {@code -Djdk.httpclient.allowRestrictedHeaders=host}.)
 */
class StandaloneIngressTest {
    private static final String BACKEND_ANSWER = "Hi from the loopback httpbin";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;
    private HttpServer backend;

    @BeforeEach
    void startBackend() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body = (BACKEND_ANSWER + " " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
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
    void anAppliedIngressIsServedOnTheGatewayHttpPort() throws IOException {
        int httpPort = freePort();
        StandaloneOptions options = new StandaloneOptions(dir, 0, httpPort, freePort(), "127.0.0.1", 0,
                TestServer.ADMIN_TOKEN);
        try (Standalone stack = Standalone.start(options)) {
            ApiClient admin = new ApiClient("http://127.0.0.1:" + stack.apiPort(), TestServer.ADMIN_TOKEN);
            HttpResponse<String> applied = admin.post("/api/v1/apply", "application/yaml",
                    serviceAndEndpoints(backend.getAddress().getPort()) + "---\n" + seedIngress());
            assertThat(applied.statusCode()).as(applied.body()).isBetween(200, 299);

            // the gateway answers once the embedded kernel has applied the translated config
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class).untilAsserted(() -> {
                HttpResponse<String> answer = get(httpPort, "httpbin.org", "/get");
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo(BACKEND_ANSWER + " /get");
            });
            assertThat(get(httpPort, "example.com", "/get").statusCode())
                    .as("a host no Ingress names is not routed").isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(int port, String host, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
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

    /** The demo's Service httpbin (port 14001) with Endpoints on the loopback backend. */
    private static String serviceAndEndpoints(int backendPort) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: httpbin
                  namespace: httpbin
                spec:
                  ports:
                  - name: http
                    port: 14001
                    targetPort: %1$d
                ---
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: httpbin
                  namespace: httpbin
                subsets:
                - addresses:
                  - ip: 127.0.0.1
                  ports:
                  - name: http
                    port: %1$d
                """.formatted(backendPort);
    }

    /** The demo's Ingress only (the IngressBackend beside it is for the mesh sidecars). */
    private static String seedIngress() throws IOException {
        try (InputStream in = StandaloneIngressTest.class.getResourceAsStream("/seed-3.1-ingress.yaml")) {
            String seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return seed.substring(0, seed.indexOf("---"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
