package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshgate.client.SidecarAdminSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/v1/proxies/{name}/admin/{page}} against a fake sidecar admin listener on
 * 127.0.0.1 (the workload's podIP) at the port its registration named, and the sidecar fields of
 * {@code GET /api/v1/proxies}.
 */
class ProxyAdminApiTest {
    private static final String JSON = "application/json";
    private static final String PROXY = "sidecar.httpbin.httpbin-0";

    @TempDir
    static Path dir;
    static TestServer t;

    private FakeAdmin admin;
    private String token;

    @BeforeAll
    static void startServer() {
        t = new TestServer(dir);
    }

    @AfterAll
    static void stopServer() {
        t.close();
    }

    @BeforeEach
    void startFake() throws IOException {
        admin = new FakeAdmin();
        token = register(admin.port());
        admin.secret = SidecarAdminSecret.fromToken(PROXY, token);
    }

    @AfterEach
    void stopFake() {
        admin.close();
    }

    /** Registers the workload httpbin/httpbin-0 at 127.0.0.1 with its admin on {@code adminPort}; its proxy token. */
    private static String register(int adminPort) {
        HttpResponse<String> r = t.admin.post("/api/v1/workloads", JSON, "{\"namespace\":\"httpbin\",\"name\":\"httpbin-0\","
                + "\"serviceAccount\":\"httpbin\",\"podIP\":\"127.0.0.1\",\"labels\":{\"app\":\"httpbin\"},"
                + "\"adminPort\":" + adminPort + "}");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return ApiClient.json(r).path("token").asText();
    }

    @Test
    void aViewerReadsTheSidecarsStatsAsTheAdminPrintsThem() {
        admin.pages.put("/stats", "cluster.inbound|14001.upstream_rq_total: 7\nlistener.inbound.downstream_cx_total: 3\n");

        HttpResponse<String> stats = t.viewer.get("/api/v1/proxies/" + PROXY + "/admin/stats");

        assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
        assertThat(stats.body()).isEqualTo("cluster.inbound|14001.upstream_rq_total: 7\nlistener.inbound.downstream_cx_total: 3\n");
        assertThat(stats.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(stats.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(admin.requests).containsExactly("GET /stats Bearer " + admin.secret);
    }

    @Test
    void everyPageMapsToItsAdminPath() {
        for (String page : List.of("stats", "config_dump", "clusters", "listeners", "certs", "ready")) {
            String path = "/" + page;
            admin.pages.put(path, page.equals("config_dump") || page.equals("certs") ? "{\"page\":\"" + page + "\"}" : page + "\n");
        }

        for (String page : List.of("stats", "config_dump", "clusters", "listeners", "certs", "ready")) {
            HttpResponse<String> r = t.viewer.get("/api/v1/proxies/" + PROXY + "/admin/" + page);
            assertThat(r.statusCode()).as(page + ": " + r.body()).isEqualTo(200);
            assertThat(r.body()).contains(page);
        }
        assertThat(admin.requests).extracting(s -> s.split(" ")[1])
                .containsExactly("/stats", "/config_dump", "/clusters", "/listeners", "/certs", "/ready");
        assertThat(t.viewer.get("/api/v1/proxies/" + PROXY + "/admin/config_dump").headers().firstValue("Content-Type"))
                .hasValue(JSON);
    }

    @Test
    void theSecretFollowsTheTokenSoAReRegistrationChangesIt() {
        admin.pages.put("/ready", "LIVE\n");
        String before = admin.secret;

        String newToken = register(admin.port());
        HttpResponse<String> r = t.viewer.get("/api/v1/proxies/" + PROXY + "/admin/ready");

        String after = SidecarAdminSecret.fromToken(PROXY, newToken);
        assertThat(after).isNotEqualTo(before);
        assertThat(admin.requests).containsExactly("GET /ready Bearer " + after);
        // the fake still expects the old secret: what the sidecar's admin answers to a stale one is relayed as 502
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(ApiClient.json(r).path("detail").asText()).contains("answered 401");
    }

    @Test
    void aSidecarThatDoesNotListenIsA502SayingSo() {
        admin.close();

        HttpResponse<String> r = t.viewer.get("/api/v1/proxies/" + PROXY + "/admin/stats");

        assertProblem(r, 502, "cannot read the admin listener of proxy '" + PROXY + "'");
        assertThat(ApiClient.json(r).path("type").asText()).endsWith(SidecarAdminRelay.UNREACHABLE);
        assertThat(ApiClient.json(r).path("detail").asText()).contains("http://127.0.0.1:" + admin.port() + "/stats",
                "connection refused");
    }

    @Test
    void aSidecarThatNeverAnswersIsA502AfterFiveSeconds() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            register(silent.getLocalPort());

            long start = System.nanoTime();
            HttpResponse<String> r = t.viewer.get("/api/v1/proxies/" + PROXY + "/admin/config_dump");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertProblem(r, 502, "did not answer within 5 s");
            assertThat(took).isBetween(Duration.ofMillis(4500), Duration.ofSeconds(9));
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void anAnswerOtherThan200IsA502WithTheAdminsFirstLine() {
        admin.unready.add("/config_dump"); // the fake answers 503 "no config applied yet"

        HttpResponse<String> r = t.viewer.get("/api/v1/proxies/" + PROXY + "/admin/config_dump");

        assertProblem(r, 502, "answered 503: no config applied yet");
    }

    @Test
    void aPageCarryingAPrivateKeyIsNeverRelayed() {
        admin.pages.put("/config_dump", "{\"key\":\"-----BEGIN PRIVATE KEY-----\\nMIIE...\\n-----END PRIVATE KEY-----\"}");

        HttpResponse<String> r = t.viewer.get("/api/v1/proxies/" + PROXY + "/admin/config_dump");

        assertProblem(r, 502, "carried a private key");
        assertThat(r.body()).doesNotContain("MIIE");
    }

    @Test
    void unknownProxiesPagesAndKindsAreRefusedClearly() {
        t.admin.post("/api/v1/proxies", JSON, "{\"name\":\"edge-admin\",\"kind\":\"ingress\"}");

        assertProblem(t.viewer.get("/api/v1/proxies/nope/admin/stats"), 404, "proxy 'nope' not found");
        assertProblem(t.viewer.get("/api/v1/proxies/" + PROXY + "/admin/logging"), 404,
                "no admin page 'logging'; pages: stats, config_dump, clusters, listeners, certs, ready");
        assertProblem(t.viewer.get("/api/v1/proxies/edge-admin/admin/stats"), 409, "is of kind ingress");
        assertThat(t.anonymous.get("/api/v1/proxies/" + PROXY + "/admin/stats").statusCode()).isEqualTo(401);
        assertThat(admin.requests).isEmpty();
    }

    @Test
    void aSidecarWithoutAPodIsA502SayingWhy() {
        t.admin.post("/api/v1/proxies", JSON, "{\"name\":\"sidecar.other.lonely\",\"kind\":\"sidecar\"}");

        assertProblem(t.viewer.get("/api/v1/proxies/sidecar.other.lonely/admin/stats"), 502,
                "its Pod other/lonely is not registered");
    }

    @Test
    void theListShowsTheWorkloadAndItsCertificatesExpiry() {
        JsonNode item = await().atMost(Duration.ofSeconds(30)).until(() -> sidecarItem(),
                i -> !i.path("certificateNotAfter").isNull());

        assertThat(item.path("kind").asText()).isEqualTo("sidecar");
        assertThat(item.path("namespace").asText()).isEqualTo("httpbin");
        assertThat(item.path("pod").asText()).isEqualTo("httpbin-0");
        assertThat(item.path("podIP").asText()).isEqualTo("127.0.0.1");
        assertThat(item.path("serviceAccount").asText()).isEqualTo("httpbin");
        assertThat(item.path("identity").asText()).isEqualTo("httpbin.httpbin.cluster.local");
        Instant notAfter = Instant.parse(item.path("certificateNotAfter").asText());
        assertThat(notAfter).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        JsonNode one = ApiClient.json(t.viewer.get("/api/v1/proxies/" + PROXY));
        assertThat(one.path("identity").asText()).isEqualTo("httpbin.httpbin.cluster.local");
        assertThat(one.path("certificateNotAfter").asText()).isEqualTo(item.path("certificateNotAfter").asText());
    }

    @Test
    void anAdminPortOutOfRangeIsRefused() {
        HttpResponse<String> r = t.admin.post("/api/v1/workloads", JSON, "{\"namespace\":\"httpbin\",\"name\":\"x\","
                + "\"podIP\":\"127.0.0.1\",\"adminPort\":70000}");

        assertProblem(r, 422, "the workload is invalid");
        assertThat(r.body()).contains("adminPort", "must be a port 1..65535");
    }

    @Test
    void theDefaultAdminPortLeavesNoAnnotationAndAnotherOneIsKept() {
        JsonNode pod = ApiClient.json(t.viewer.get("/api/v1/namespaces/httpbin/pods/httpbin-0"));
        assertThat(pod.at("/metadata/annotations/meshgate.io~1sidecar-admin-port").asText())
                .isEqualTo(Integer.toString(admin.port()));

        register(SidecarAdminRelay.DEFAULT_ADMIN_PORT);

        JsonNode after = ApiClient.json(t.viewer.get("/api/v1/namespaces/httpbin/pods/httpbin-0"));
        assertThat(after.at("/metadata/annotations/meshgate.io~1sidecar-admin-port").isMissingNode()).isTrue();
    }

    private static JsonNode sidecarItem() {
        for (JsonNode item : ApiClient.json(t.viewer.get("/api/v1/proxies")).path("items")) {
            if (item.path("name").asText().equals(PROXY)) {
                return item;
            }
        }
        throw new AssertionError("no proxy " + PROXY + " in the list");
    }

    private static void assertProblem(HttpResponse<String> r, int status, String detailPart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(ApiClient.json(r).path("detail").asText()).contains(detailPart);
    }

    /**
     * A sidecar's admin listener as the relay sees it: answers 401 without the expected bearer,
     * 503 {@code no config applied yet} for an unready page, else the page's text when it has one.
     */
    private static final class FakeAdmin implements AutoCloseable {
        final Map<String, String> pages = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final java.util.Set<String> unready = ConcurrentHashMap.newKeySet();
        volatile String secret;
        private final HttpServer server;
        private final int port;

        FakeAdmin() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::answer);
            server.setExecutor(null);
            server.start();
            port = server.getAddress().getPort();
        }

        int port() {
            return port;
        }

        private void answer(HttpExchange ex) throws IOException {
            String path = ex.getRequestURI().getPath();
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            requests.add(ex.getRequestMethod() + " " + path + " " + authorization);
            if (!("Bearer " + secret).equals(authorization)) {
                send(ex, 401, "text/plain; charset=utf-8", "beyond loopback this admin listener needs a bearer\n");
            } else if (unready.contains(path)) {
                send(ex, 503, "text/plain; charset=utf-8", "no config applied yet\n");
            } else if (!pages.containsKey(path)) {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n");
            } else {
                String body = pages.get(path);
                send(ex, 200, body.startsWith("{") ? JSON : "text/plain; charset=utf-8", body);
            }
        }

        private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
