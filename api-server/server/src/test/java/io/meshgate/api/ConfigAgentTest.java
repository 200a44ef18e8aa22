package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.meshgate.proxy.AgentOptions;
import io.meshgate.proxy.ConfigAgent;
import io.meshgate.proxy.LastGoodConfig;
import io.meshgate.config.ProxyConfig;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real proxy (kernel on free ports + in-process agent) against a real API: the config reaches
 * the data plane (proved by traffic), the proxy shows in sync, refusals are reported, and the
 * kernel keeps serving while the API is down and resyncs when it returns.
 */
class ConfigAgentTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    @TempDir
    Path proxyDir;
    HttpServer backend;
    Database db;
    ApiServer api;
    ApiClient admin;
    Kernel kernel;
    ConfigAgent agent;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body = "hello from backend".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
        startApi(0);
    }

    private void startApi(int port) {
        db = Database.open(DatabaseConfig.h2File(dir));
        api = ApiServer.start(db, ApiServerOptions.of(port, dir).withAdminToken(TestServer.ADMIN_TOKEN),
                TestTranslator.registry());
        admin = new ApiClient("http://127.0.0.1:" + api.port(), TestServer.ADMIN_TOKEN);
    }

    private void stopApi() {
        api.close();
        db.close();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (kernel != null) {
            kernel.shutdown(Duration.ofSeconds(1));
        }
        stopApi();
        backend.stop(0);
    }

    private void startProxy() {
        HttpResponse<String> r = admin.post("/api/v1/proxies", "application/json", "{\"name\":\"edge\",\"kind\":\"test\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String token = ApiClient.json(r).get("token").asText();
        kernel = Kernel.start(KernelOptions.defaults(), ProxyConfig.empty());
        agent = new ConfigAgent(AgentOptions.of(URI.create(admin.base()), "edge", token, proxyDir)
                .withMaxBackoff(Duration.ofMillis(500)), kernel).start();
    }

    private void route(int listenPort, String note) {
        HttpResponse<String> r = admin.put(TestTranslator.ROUTE_PATH, "application/yaml",
                TestTranslator.routeYaml(backend.getAddress().getPort(), listenPort, note));
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    /** The route config (not the initial empty one) runs and the API knows it. */
    private void awaitRoutedAndInSync() {
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.appliedVersion().startsWith("r")
                && edge().get("inSync").asBoolean()
                && edge().get("appliedVersion").asText().equals(agent.appliedVersion()));
    }

    private JsonNode edge() {
        return ApiClient.json(admin.get("/api/v1/proxies/edge"));
    }

    private static String viaProxy(Kernel k) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + k.port(TestTranslator.LISTENER) + "/x"))
                .timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theConfigReachesTheDataPlaneAndTheProxyShowsInSync() throws Exception {
        startProxy();
        route(0, "v1");
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.appliedVersion().startsWith("r"));
        assertThat(viaProxy(kernel)).isEqualTo("hello from backend");
        await().atMost(Duration.ofSeconds(30)).until(() -> edge().get("inSync").asBoolean());
        assertThat(edge().get("appliedVersion").asText()).isEqualTo(agent.appliedVersion())
                .isEqualTo(edge().get("desiredVersion").asText());
        assertThat(proxyDir.resolve(LastGoodConfig.FILE)).exists();
    }

    @Test
    void aRefusedConfigIsReportedAndTheOldOneKeepsServing() throws Exception {
        startProxy();
        route(0, "v1");
        awaitRoutedAndInSync();
        String good = agent.appliedVersion();
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            route(taken.getLocalPort(), "v2");
            await().atMost(Duration.ofSeconds(30)).until(() -> edge().get("applied").asBoolean(true) == false);
            JsonNode state = edge();
            assertThat(state.get("error").asText()).isNotBlank();
            assertThat(state.get("inSync").asBoolean()).isFalse();
            assertThat(state.get("appliedVersion").asText()).isEqualTo(good);
            assertThat(agent.appliedVersion()).isEqualTo(good);
            assertThat(viaProxy(kernel)).isEqualTo("hello from backend");
        }
    }

    @Test
    void losingTheApiKeepsServingAndTheAgentResyncsWhenItReturns() throws Exception {
        startProxy();
        route(0, "v1");
        awaitRoutedAndInSync();
        int apiPort = api.port();
        stopApi();
        assertThat(viaProxy(kernel)).isEqualTo("hello from backend");
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.lastError() != null);
        assertThat(viaProxy(kernel)).isEqualTo("hello from backend");

        // a kernel restarted without any server serves the saved config
        ProxyConfig saved = new LastGoodConfig(proxyDir).load().orElseThrow();
        assertThat(saved.version()).isEqualTo(agent.appliedVersion());

        startApi(apiPort);
        await().atMost(Duration.ofSeconds(30)).until(() -> edge().get("inSync").asBoolean());
        assertThat(edge().get("appliedVersion").asText()).isEqualTo(agent.appliedVersion());
        route(0, "v2-label-only");
        route(0, "v3");
        assertThat(viaProxy(kernel)).isEqualTo("hello from backend");
    }
}
