package io.meshgate.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshgate.client.SidecarAdminSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code meshgate proxy get QUERY POD -n NS} against the real API server, which relays to a fake
 * sidecar admin listener on 127.0.0.1 (the workload's podIP) at the port its registration named.
 */
class ProxyGetCliTest {
    private static final String PROXY = "sidecar.httpbin.httpbin";
    private static final String STATS = """
            server.live: 1
            cluster.inbound|14001.upstream_rq_200: 4
            cluster.inbound|14001.upstream_rq_total: 4
            listener.inbound.downstream_cx_total: 4
            """;
    private static final String CONFIG_DUMP = "{\"version\":\"r7-abc\",\"listeners\":[],\"clusters\":[]}\n";

    @TempDir
    static Path dir;
    static ApiFixture api;
    static HttpServer sidecar;
    static volatile String secret;

    @BeforeAll
    static void start() throws Exception {
        api = new ApiFixture(dir);
        sidecar = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sidecar.createContext("/", ProxyGetCliTest::answer);
        sidecar.start();
        String token = registerWorkload(sidecar.getAddress().getPort());
        secret = SidecarAdminSecret.fromToken(PROXY, token);
    }

    @AfterAll
    static void stop() {
        if (sidecar != null) {
            sidecar.stop(0);
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void statsPrintsTheSidecarsLinesAsFsmDoes() {
        CliRun run = api.cli("proxy", "get", "stats", "httpbin", "-n", "httpbin");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo(STATS);
        assertThat(run.outLines()).filteredOn(l -> l.contains("inbound|14001.upstream_rq_total"))
                .containsExactly("cluster.inbound|14001.upstream_rq_total: 4");
    }

    @Test
    void configDumpPrintsTheJsonAndAFileTakesItInstead() throws IOException {
        CliRun printed = api.cli("proxy", "get", "config_dump", "httpbin", "-n", "httpbin");
        CliRun saved = api.cli("-n", "httpbin", "proxy", "get", "config_dump", "httpbin", "-f", "dump.json");

        assertThat(printed.status()).as(printed.toString()).isZero();
        assertThat(printed.out()).isEqualTo(CONFIG_DUMP);
        assertThat(saved.status()).as(saved.toString()).isZero();
        assertThat(saved.out()).isEmpty();
        assertThat(Files.readString(dir.resolve("dump.json"))).isEqualTo(CONFIG_DUMP);
    }

    @Test
    void clustersListenersAndCertsAreRelayedToo() {
        assertThat(api.cli("proxy", "get", "clusters", "httpbin", "-n", "httpbin").out())
                .isEqualTo("inbound|14001::127.0.0.1:14001::weight::1\n");
        assertThat(api.cli("proxy", "get", "listeners", "httpbin", "-n", "httpbin").out())
                .isEqualTo("inbound::0.0.0.0:15003\n");
        assertThat(api.cli("proxy", "get", "certs", "httpbin", "-n", "httpbin").out())
                .isEqualTo("{\"certificates\":[]}\n");
    }

    @Test
    void anUnknownPodOrQueryFailsWithTheReason() {
        CliRun missing = api.cli("proxy", "get", "stats", "nope", "-n", "httpbin");
        CliRun badQuery = api.cli("proxy", "get", "logging", "httpbin", "-n", "httpbin");
        CliRun noPod = api.cli("proxy", "get", "stats", "-n", "httpbin");

        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("error: Not Found: proxy 'sidecar.httpbin.nope' not found");
        assertThat(badQuery.status()).isEqualTo(2);
        assertThat(badQuery.err()).contains("unknown query 'logging': one of stats, config_dump, clusters, listeners, certs, ready");
        assertThat(noPod.status()).isEqualTo(2);
        assertThat(noPod.err()).contains("which Pod?");
    }

    @Test
    void aSidecarThatDoesNotAnswerIsReportedAsSuch() throws Exception {
        int port;
        try (java.net.ServerSocket gone = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort(); // nothing listens there once closed
        }
        registerWorkload("quiet", port);

        CliRun run = api.cli("proxy", "get", "stats", "quiet", "-n", "httpbin");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("error: Bad Gateway: cannot read the admin listener of proxy 'sidecar.httpbin.quiet'",
                "connection refused");
    }

    private static String registerWorkload(int adminPort) throws Exception {
        return registerWorkload("httpbin", adminPort);
    }

    private static String registerWorkload(String pod, int adminPort) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/workloads"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + ApiFixture.ADMIN_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"namespace\":\"httpbin\",\"name\":\"" + pod + "\","
                            + "\"serviceAccount\":\"httpbin\",\"podIP\":\"127.0.0.1\",\"adminPort\":" + adminPort + "}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
            return Json.read(r.body()).path("token").asText();
        }
    }

    /** The fake sidecar admin: pages only with the secret the control plane derives from the proxy token. */
    private static void answer(HttpExchange ex) throws IOException {
        Map<String, String> pages = Map.of(
                "/stats", STATS,
                "/config_dump", CONFIG_DUMP,
                "/clusters", "inbound|14001::127.0.0.1:14001::weight::1\n",
                "/listeners", "inbound::0.0.0.0:15003\n",
                "/certs", "{\"certificates\":[]}\n");
        String page = pages.get(ex.getRequestURI().getPath());
        boolean allowed = ("Bearer " + secret).equals(ex.getRequestHeaders().getFirst("Authorization"));
        int status = !allowed ? 401 : page == null ? 404 : 200;
        byte[] body = (status == 200 ? page : "refused\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", page != null && page.startsWith("{") ? "application/json"
                : "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
