package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshgate.client.SidecarAdminSecret;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.reconcile.TranslatorRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/namespaces/{ns}/trafficsplits/{name}/traffic} against two sidecars' admin
 * listeners on 127.0.0.1 (fakes printing the kernel's {@code /stats} lines) with the server's clock
 * moved by the test: the rates are exact and nothing waits. A third registered sidecar does not listen
 * and is reported unreachable.
 */
class TrafficSplitTrafficApiTest {
    private static final String JSON = "application/json";
    private static final String TRAFFIC = "/api/v1/namespaces/shop/trafficsplits/shop/traffic";

    @TempDir
    static Path dir;
    static TestServer t;
    static MutableClock clock;
    static StatsPage clientA;
    static StatsPage clientB;

    @BeforeAll
    static void start() throws IOException {
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        t = new TestServer(DatabaseConfig.h2File(dir), ApiServerOptions.of(0, dir).withAdminToken(TestServer.ADMIN_TOKEN),
                TranslatorRegistry.standard(), clock);
        clientA = new StatsPage("sidecar.shop.client-a");
        clientB = new StatsPage("sidecar.web.client-b");
        clientA.secret = SidecarAdminSecret.fromToken(clientA.proxy, register("shop", "client-a", clientA.port()));
        clientB.secret = SidecarAdminSecret.fromToken(clientB.proxy, register("web", "client-b", clientB.port()));
        try (var closed = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            register("web", "gone", closed.getLocalPort()); // nothing listens there once closed
        }
        HttpResponse<String> applied = t.editor.post("/api/v1/apply", "application/yaml", """
                apiVersion: split.smi-spec.io/v1alpha4
                kind: TrafficSplit
                metadata:
                  name: shop
                  namespace: shop
                spec:
                  service: shop
                  backends:
                  - service: shop-v1
                    weight: 50
                  - service: shop-v2
                    weight: 50
                """);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        t.close();
        clientA.close();
        clientB.close();
    }

    private static String register(String namespace, String pod, int adminPort) {
        HttpResponse<String> r = t.admin.post("/api/v1/workloads", JSON, "{\"namespace\":\"" + namespace + "\",\"name\":\""
                + pod + "\",\"podIP\":\"127.0.0.1\",\"adminPort\":" + adminPort + "}");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return ApiClient.json(r).path("token").asText();
    }

    private static JsonNode traffic(String query) {
        HttpResponse<String> r = t.viewer.get(TRAFFIC + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        return ApiClient.json(r);
    }

    private static JsonNode backend(JsonNode traffic, String service) {
        for (JsonNode b : traffic.path("backends")) {
            if (b.path("service").asText().equals(service)) {
                return b;
            }
        }
        throw new AssertionError("no backend " + service + " in " + traffic);
    }

    private static String state(JsonNode traffic, String proxy) {
        for (JsonNode s : traffic.path("sources")) {
            if (s.path("proxy").asText().equals(proxy)) {
                return s.path("state").asText() + (s.has("error") ? ": " + s.path("error").asText() : "");
            }
        }
        return "not listed";
    }

    @Test
    void ratesSharesAndTotalsFollowTheProxiesCountersAcrossARestart() {
        // first reading: totals, no rate yet
        clientA.counters(100, 0);
        clientB.counters(0, 0);
        JsonNode first = traffic("");
        assertThat(first.path("window").asText()).isEqualTo("10s");
        assertThat(first.path("service").asText()).isEqualTo("shop");
        assertThat(first.path("sampledAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(backend(first, "shop-v1").path("totalRequests").asLong()).isEqualTo(100);
        assertThat(backend(first, "shop-v1").path("share").asDouble()).isZero();
        assertThat(backend(first, "shop-v1").path("weight").asLong()).isEqualTo(50);
        assertThat(state(first, clientA.proxy)).isEqualTo("warming-up");
        assertThat(state(first, "sidecar.web.gone")).startsWith("unreachable: cannot read the admin listener")
                .contains("connection refused");

        // 10 s later: a sent 200 to v1, b 600 to v2
        clock.advance(Duration.ofSeconds(10));
        clientA.counters(300, 0);
        clientB.counters(0, 600);
        JsonNode second = traffic("");
        assertThat(second.path("requestsPerSecond").asDouble()).isEqualTo(80.0);
        assertThat(backend(second, "shop-v1").path("requestsPerSecond").asDouble()).isEqualTo(20.0);
        assertThat(backend(second, "shop-v1").path("share").asDouble()).isEqualTo(0.25);
        assertThat(backend(second, "shop-v2").path("requestsPerSecond").asDouble()).isEqualTo(60.0);
        assertThat(backend(second, "shop-v2").path("share").asDouble()).isEqualTo(0.75);
        assertThat(backend(second, "shop-v2").path("totalRequests").asLong()).isEqualTo(600);
        assertThat(texts(backend(second, "shop-v1").path("proxies"))).containsExactly(clientA.proxy);
        assertThat(texts(backend(second, "shop-v2").path("proxies"))).containsExactly(clientB.proxy);
        assertThat(texts(backend(second, "shop-v2").path("clusters"))).containsExactly("shop/shop-v2|8080");
        assertThat(state(second, clientA.proxy)).isEqualTo("sampled");

        // client a restarted and counted 50 to v1 since; b sent nothing more
        clock.advance(Duration.ofSeconds(10));
        clientA.counters(50, 0);
        JsonNode third = traffic("");
        assertThat(backend(third, "shop-v1").path("requestsPerSecond").asDouble()).isEqualTo(5.0);
        assertThat(backend(third, "shop-v1").path("share").asDouble()).isEqualTo(1.0);
        assertThat(backend(third, "shop-v2").path("requestsPerSecond").asDouble()).isZero();

        // a 20 s window reaches back over both periods: v1 (200 + 50) / 20, v2 600 / 20
        JsonNode wide = traffic("?window=20s");
        assertThat(wide.path("window").asText()).isEqualTo("20s");
        assertThat(backend(wide, "shop-v1").path("requestsPerSecond").asDouble()).isEqualTo(12.5);
        assertThat(backend(wide, "shop-v2").path("requestsPerSecond").asDouble()).isEqualTo(30.0);
        // the same second: the pages were not read again
        assertThat(clientA.reads).isEqualTo(3);
    }

    @Test
    void aMissingSplitIsA404ProblemNamingIt() {
        HttpResponse<String> r = t.viewer.get("/api/v1/namespaces/shop/trafficsplits/nope/traffic");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(ApiClient.json(r).path("detail").asText()).isEqualTo("TrafficSplit shop/nope not found");
    }

    @Test
    void aWindowOutOfRangeIsA400NamingTheParameter() {
        for (String bad : List.of("1s", "61s", "2h", "ten", "-5s")) {
            HttpResponse<String> r = t.viewer.get(TRAFFIC + "?window=" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(ApiClient.json(r).path("errors").get(0).path("field").asText()).isEqualTo("window");
        }
    }

    @Test
    void readersNeedATokenAndOnlyGetIsServed() {
        // (no test here reads the pages: the clock-driven test above owns the samples)
        assertThat(t.anonymous.get(TRAFFIC).statusCode()).isEqualTo(401);
        assertThat(t.editor.post(TRAFFIC, JSON, "{}").statusCode()).isEqualTo(405);
        // the object's other paths are still the resources'
        assertThat(t.viewer.get("/api/v1/namespaces/shop/trafficsplits/shop").statusCode()).isEqualTo(200);
        assertThat(t.viewer.get("/api/v1/namespaces/shop/trafficsplits/shop/status").statusCode()).isEqualTo(200);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A sidecar's admin listener serving only {@code /stats}, to the bearer the relay derives from its token. */
    private static final class StatsPage implements AutoCloseable {
        final String proxy;
        volatile String secret;
        volatile String page = "";
        volatile int reads;
        private final HttpServer server;

        StatsPage(String proxy) throws IOException {
            this.proxy = proxy;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::answer);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void counters(long v1, long v2) {
            page = "cluster.inbound|8080.upstream_rq_total: 3\ncluster.shop/shop-v1|8080.upstream_rq_total: " + v1
                    + "\ncluster.shop/shop-v2|8080.upstream_rq_total: " + v2 + "\nlistener.outbound.downstream_cx_total: 1\n";
        }

        private void answer(HttpExchange ex) throws IOException {
            boolean ok = ex.getRequestURI().getPath().equals("/stats")
                    && ("Bearer " + secret).equals(ex.getRequestHeaders().getFirst("Authorization"));
            if (ok) {
                reads++;
            }
            byte[] body = (ok ? page : "no\n").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(ok ? 200 : 401, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
