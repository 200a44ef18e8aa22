package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.meshgate.api.ApiClient;
import io.meshgate.api.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary for north-south traffic without sidecars, end to end: an Ingress whose backend is the root Service of
 * an SMI TrafficSplit, applied through the REST API, is served by the embedded gateway, which sends the requests
 * to the split's backends (two loopback servers) by weight; a new weight reaches the gateway like any change.
 */
class StandaloneIngressSplitTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final int REQUESTS = 100;

    @TempDir
    Path dir;
    private HttpServer v1;
    private HttpServer v2;

    @BeforeEach
    void startBackends() throws IOException {
        v1 = answering("v1");
        v2 = answering("v2");
    }

    @AfterEach
    void stopBackends() {
        v1.stop(0);
        v2.stop(0);
    }

    @Test
    void bothBackendsOfTheSplitReceiveRequestsThroughTheGatewayByWeight() throws IOException {
        int httpPort = freePort();
        StandaloneOptions options = new StandaloneOptions(dir, 0, httpPort, freePort(), "127.0.0.1", 0,
                TestServer.ADMIN_TOKEN);
        try (Standalone stack = Standalone.start(options)) {
            ApiClient admin = new ApiClient("http://127.0.0.1:" + stack.apiPort(), TestServer.ADMIN_TOKEN);
            apply(admin, backend("web-v1", v1.getAddress().getPort()) + "---\n"
                    + backend("web-v2", v2.getAddress().getPort()) + "---\n" + ROOT_SERVICE + "---\n" + split(50, 50)
                    + "---\n" + INGRESS);

            // 50/50: 100 requests leave one backend empty with probability 2 x 2^-100
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class).untilAsserted(() -> {
                Map<String, Integer> answers = count(httpPort);
                assertThat(answers).as("answers by backend").containsOnlyKeys("v1", "v2");
                assertThat(answers.get("v1")).isBetween(20, 80);
            });

            apply(admin, split(0, 100));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(UncheckedIOException.class).untilAsserted(() ->
                            assertThat(count(httpPort)).as("weight 0 takes web-v1 out").containsOnlyKeys("v2"));

            // the Ingress's status says what the gateway does with the split
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(admin.get("/api/v1/namespaces/shop/ingresses/web").body())
                            .contains("split by TrafficSplit shop/web-split: web-v1 0, web-v2 100"));
        }
    }

    private static void apply(ApiClient admin, String yaml) {
        HttpResponse<String> applied = admin.post("/api/v1/apply", "application/yaml", yaml);
        assertThat(applied.statusCode()).as(applied.body()).isBetween(200, 299);
    }

    /** {@value #REQUESTS} requests to the Ingress's host, counted by the backend that answered. */
    private static Map<String, Integer> count(int port) {
        Map<String, Integer> answers = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> answer = get(port);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            answers.merge(answer.body(), 1, Integer::sum);
        }
        return answers;
    }

    private static HttpResponse<String> get(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Host", "shop.example.com").timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer answering(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** A backend Service on port 80 with Endpoints on a loopback server. */
    private static String backend(String name, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                  namespace: shop
                spec:
                  ports:
                  - name: http
                    port: 80
                    targetPort: %2$d
                ---
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: %1$s
                  namespace: shop
                subsets:
                - addresses:
                  - ip: 127.0.0.1
                  ports:
                  - name: http
                    port: %2$d
                """.formatted(name, port);
    }

    /** The split's root: a Service without Endpoints of its own (the split's backends serve it). */
    private static final String ROOT_SERVICE = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
            spec:
              ports:
              - name: http
                port: 80
            """;

    private static String split(int v1Weight, int v2Weight) {
        return """
                apiVersion: split.smi-spec.io/v1alpha4
                kind: TrafficSplit
                metadata:
                  name: web-split
                  namespace: shop
                spec:
                  service: web
                  backends:
                  - service: web-v1
                    weight: %d
                  - service: web-v2
                    weight: %d
                """.formatted(v1Weight, v2Weight);
    }

    private static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              namespace: shop
            spec:
              ingressClassName: pipy
              rules:
              - host: shop.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: web
                        port:
                          number: 80
            """;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
