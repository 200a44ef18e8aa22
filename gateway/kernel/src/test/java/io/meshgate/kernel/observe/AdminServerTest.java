package io.meshgate.kernel.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.json.ConfigSamples;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgate.config.ProxyConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final TestSources sources = new TestSources();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private AdminServer server;

    @BeforeEach
    void start() {
        server = new AdminServer(0, sources);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    @Test
    void readyAnswersLiveOnlyWhenReady() throws Exception {
        HttpResponse<String> notReady = get("/ready");
        sources.ready = true;
        HttpResponse<String> ready = get("/ready");

        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("LIVE\n");
        assertThat(ready.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void statsPrintsServerInfoAndMeterLinesWithAnOptionalFilter() throws Exception {
        sources.ready = true;
        sources.config = ConfigSamples.everything();
        sources.metrics.requestCompleted("http", "r1", "c1", 200, 1_000_000, 0, 5);
        sources.metrics.requestRejected("http", "uri too long");

        HttpResponse<String> all = get("/stats");
        HttpResponse<String> filtered = get("/stats?filter=rejected");

        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body().lines()).contains(
                "server.version: 1.2.3",
                "server.transport: test",
                "server.config_version: v42-abc",
                "server.live: 1",
                "meshgate_requests_total{cluster=c1,listener=http,route=r1,status=200}: 1",
                "meshgate_requests_rejected_total{listener=http,reason=uri_too_long}: 1");
        assertThat(all.body().lines().filter(l -> l.startsWith("server.multi"))).containsExactly("server.multi line: a b");
        assertThat(filtered.body().lines()).containsExactly("listener.http.downstream_rq_rejected: 1",
                "meshgate_requests_rejected_total{listener=http,reason=uri_too_long}: 1");
    }

    @Test
    void configDumpIsRedactedJson() throws Exception {
        sources.config = ConfigSamples.everything();

        HttpResponse<String> dump = get("/config_dump");

        assertThat(dump.statusCode()).isEqualTo(200);
        assertThat(dump.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(dump.body()).doesNotContain("PRIVATE KEY").contains("[redacted]");
        JsonNode node = new ObjectMapper().readTree(dump.body());
        assertThat(node.get("version").asText()).isEqualTo("v42-abc");
        assertThat(node.get("listeners")).hasSize(3);
    }

    @Test
    void configDumpBeforeAnyConfigIs503() throws Exception {
        assertThat(get("/config_dump").statusCode()).isEqualTo(503);
    }

    @Test
    void metricsIsThePrometheusScrape() throws Exception {
        sources.metrics.requestCompleted("http", "r1", "c1", 200, 1_000_000, 0, 5);

        HttpResponse<String> metrics = get("/metrics");
        HttpResponse<String> fsmPath = get("/stats/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("# TYPE meshgate_requests_total counter",
                "meshgate_request_duration_seconds_bucket{");
        assertThat(fsmPath.statusCode()).isEqualTo(200);
        assertThat(fsmPath.body()).contains("# TYPE meshgate_requests_total counter");
    }

    @Test
    void processInfoNamesTheTransportAndTlsLibrary() {
        Map<String, String> info = AdminSources.processInfo("9.9.9");

        assertThat(info).containsEntry("version", "9.9.9")
                .containsEntry("transport", io.meshgate.kernel.transport.Transports.name())
                .containsKeys("openssl", "java");
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        HttpResponse<String> missing = get("/nothing");
        HttpResponse<String> post = client.send(request("/ready")
                        .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> delete = client.send(request("/stats").DELETE().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> getQuit = get("/quitquitquit");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("/ready", "/stats", "/config_dump", "/metrics", "/clusters", "/listeners",
                "/certs", "POST /quitquitquit (loopback only)");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET");
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(getQuit.statusCode()).isEqualTo(405);
        assertThat(getQuit.headers().firstValue("allow")).hasValue("POST");
    }

    @Test
    void statsAlsoPrintsEnvoyStyleLinesPerClusterAndListener() throws Exception {
        sources.config = ConfigSamples.everything();
        sources.metrics.requestCompleted("https", "api", "web", 200, 1_000_000, 0, 5);
        sources.metrics.requestCompleted("http", "r2", "web", 503, 1_000_000, 0, 5);
        sources.metrics.requestCompleted("http", null, null, 404, 1_000_000, 0, 5);
        sources.metrics.upstreamConnectFailed("secure");
        sources.metrics.connectionOpened("https");

        HttpResponse<String> stats = get("/stats?filter=cluster.web.");

        // web has a circuit breaker and limits (ConfigSamples): their lines are there at 0 before anything happened
        assertThat(stats.body().lines()).containsExactly(
                "cluster.web.circuit_breakers.open: 0",
                "cluster.web.circuit_breakers.opened: 0",
                "cluster.web.upstream_cx_connect_fail: 0",
                "cluster.web.upstream_cx_overflow: 0",
                "cluster.web.upstream_rq_200: 1",
                "cluster.web.upstream_rq_2xx: 1",
                "cluster.web.upstream_rq_503: 1",
                "cluster.web.upstream_rq_5xx: 1",
                "cluster.web.upstream_rq_circuit_open: 0",
                "cluster.web.upstream_rq_pending_overflow: 0",
                "cluster.web.upstream_rq_total: 2");
        assertThat(get("/stats?filter=cluster.secure.").body().lines())
                .as("a cluster without them has none of these lines")
                .noneMatch(line -> line.contains("circuit") || line.contains("overflow"));
        assertThat(get("/stats").body().lines()).contains(
                "cluster.secure.upstream_cx_connect_fail: 1",
                "cluster.db.upstream_rq_total: 0",
                "listener.https.downstream_cx_total: 1",
                "listener.https.downstream_cx_active: 1",
                "listener.mysql.downstream_cx_total: 0",
                "listener.http.downstream_rq_total: 2",
                "listener.http.downstream_rq_4xx: 1");
    }

    @Test
    void clustersListsSettingsCountsAndEndpointsInEnvoysLineFormat() throws Exception {
        sources.config = ConfigSamples.everything();
        sources.metrics.requestCompleted("https", "api", "web", 200, 1_000_000, 0, 5);

        HttpResponse<String> clusters = get("/clusters");

        assertThat(clusters.statusCode()).isEqualTo(200);
        assertThat(clusters.body().lines()).contains(
                "web::observability_name::web",
                "web::lb_policy::hashing",
                "web::tls::none",
                "web::upstream_rq_total::1",
                "web::10.0.0.1:8080::weight::3",
                "web::10.0.0.2:8080::weight::1",
                "secure::tls::mtls sni=backend.internal verify=chain+name",
                "secure::protocol::http2",
                "secure::backend.internal:443::weight::1",
                "db::tls::tls verify=off");
    }

    @Test
    void listenersPrintsNameAndAddressLikeEnvoy() throws Exception {
        sources.config = ConfigSamples.everything();

        HttpResponse<String> listeners = get("/listeners");

        assertThat(listeners.body().lines()).contains("https::127.0.0.1:8443", "mysql::127.0.0.1:13306");
    }

    @Test
    void certsShowsChainsAndExpiryButNeverAKey() throws Exception {
        sources.config = ConfigSamples.everything();

        HttpResponse<String> certs = get("/certs");

        assertThat(certs.statusCode()).isEqualTo(200);
        assertThat(certs.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(certs.body()).doesNotContain("PRIVATE", "BEGIN");
        JsonNode all = new ObjectMapper().readTree(certs.body()).get("certificates");
        assertThat(all).isNotEmpty();
        JsonNode server = all.get(0);
        assertThat(server.get("use").asText()).isEqualTo("server");
        assertThat(server.get("owners").get(0).asText()).startsWith("listener https");
        JsonNode leaf = server.get("cert_chain").get(0);
        assertThat(leaf.get("subject").asText()).isEqualTo("CN=a.example");
        assertThat(leaf.get("subject_alt_names").get(0).get("dns").asText()).isEqualTo("a.example");
        assertThat(leaf.get("days_until_expiration").asLong()).isNotNegative();
        assertThat(java.time.Instant.parse(leaf.get("expiration_time").asText()))
                .isAfter(java.time.Instant.parse(leaf.get("valid_from").asText()));
        assertThat(leaf.get("expiration_time").asText()).endsWith("Z");
        assertThat(server.get("ca_cert").get(0).get("is_ca").asBoolean()).isTrue();
        assertThat(certs.body()).contains("\"cluster secure\"", "\"use\":\"client\"");
    }

    @Test
    void quitRunsTheProcessActionForALoopbackPeerOnly() throws Exception {
        java.util.concurrent.CountDownLatch quits = new java.util.concurrent.CountDownLatch(1);
        HttpResponse<String> unsupported = post("/quitquitquit");
        sources.quit = quits::countDown;

        HttpResponse<String> quit = post("/quitquitquit");

        assertThat(unsupported.statusCode()).isEqualTo(501);
        assertThat(quit.statusCode()).isEqualTo(200);
        // the handler answers before it runs the action (the action stops the listener), so the
        // client may read the answer a moment before the action has run
        assertThat(quits.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void configPagesBeforeAnyConfigAre503() throws Exception {
        assertThat(get("/clusters").statusCode()).isEqualTo(503);
        assertThat(get("/listeners").statusCode()).isEqualTo(503);
        assertThat(get("/certs").statusCode()).isEqualTo(503);
    }

    @Test
    void aSourceFailureIs500AndTheServerKeepsServing() throws Exception {
        sources.failInfo = true;
        HttpResponse<String> failed = get("/stats");
        sources.failInfo = false;

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).doesNotContain("boom");
        assertThat(get("/stats").statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestBodyIsRefusedAndTheConnectionClosed() throws Exception {
        String response = raw("GET /ready HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello");
        String chunked = raw("GET /ready HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 413 ").contains("connection: close");
        assertThat(chunked).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void oversizedRequestHeadsAreRefused() throws Exception {
        String longLine = raw("GET /stats?filter=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        String bigHeaders = raw("GET /stats HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");
        String garbage = raw("NOT-HTTP\r\n\r\n");

        assertThat(longLine).startsWith("HTTP/1.1 414 ");
        assertThat(bigHeaders).startsWith("HTTP/1.1 431 ");
        assertThat(garbage).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        sources.ready = true;
        String both = raw("GET /ready HTTP/1.1\r\nHost: localhost\r\n\r\nGET /ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(both.split("HTTP/1.1 200 OK", -1)).hasSize(3);
    }

    @Test
    void bindsLoopbackByDefaultAndReportsBindFailuresClearly() {
        try (AdminServer second = new AdminServer("127.0.0.1", server.port(), sources)) {
            assertThatThrownBy(second::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("admin listener cannot bind 127.0.0.1:" + server.port());
        }
        assertThat(AdminServer.DEFAULT_BIND_ADDRESS).isEqualTo("127.0.0.1");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return client.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(TIMEOUT);
    }

    /** Sends raw bytes and reads until the server closes the connection. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Mutable sources so each test sets the state it needs. */
    private static final class TestSources implements AdminSources {
        final KernelMetrics metrics = new KernelMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        volatile ProxyConfig config;
        volatile boolean ready;
        volatile boolean failInfo;
        volatile Runnable quit;

        @Override
        public Runnable quit() {
            return quit;
        }

        @Override
        public ProxyConfig currentConfig() {
            return config;
        }

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public KernelMetrics metrics() {
            return metrics;
        }

        @Override
        public Map<String, String> info() {
            if (failInfo) {
                throw new IllegalStateException("boom");
            }
            return Map.of("version", "1.2.3", "transport", "test", "multi\nline", "a\nb");
        }
    }
}
