package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.PathMatch;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Rewrite;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.RawHttp;
import io.meshgate.kernel.testing.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kernel between a real HTTP client and a real backend on loopback: routing, rewrite, headers, errors. */
class ProxyBasicsEndToEndTest {
    static TestBackend backend;
    static Kernel kernel;
    static int port;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        backend = new TestBackend("b1");
        Cluster c1 = Cluster.of("c1", List.of(Endpoint.of("127.0.0.1", backend.port())));
        Cluster dead = Cluster.of("dead", List.of(Endpoint.of("127.0.0.1", 1)));
        VirtualHost vh = new VirtualHost("example", List.of("example.com"), List.of(
                Route.to("httpbin", RouteMatch.path(PathMatch.prefix("/httpbin")), "c1")
                        .withFilters(List.of(new Rewrite("/httpbin/?(.*)", "/$1"))),
                Route.to("dead", RouteMatch.path(PathMatch.prefix("/dead")), "dead"),
                Route.to("api", RouteMatch.path(PathMatch.prefix("/api")), "c1"),
                Route.to("hi", RouteMatch.path(PathMatch.exact("/hi")), "c1")));
        ProxyConfig config = new ProxyConfig("v1",
                List.of(HttpListener.plain("http", "127.0.0.1", 0, List.of(vh))), List.of(c1, dead));
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(2), config);
        port = kernel.port("http");
    }

    @AfterAll
    static void stop() {
        kernel.close();
        backend.close();
    }

    private static HttpResponse<String> get(String path, String host) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Host", host).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void proxiesExactAndPrefixRoutes() throws Exception {
        assertThat(get("/hi", "example.com").body()).isEqualTo("b1 /hi");
        assertThat(get("/api/x?q=1", "example.com").body()).isEqualTo("b1 /api/x?q=1");
        assertThat(get("/apiary", "example.com").statusCode()).isEqualTo(404);
        assertThat(get("/hi", "other.com").statusCode()).isEqualTo(404);
    }

    @Test
    void rewritesPathWithRegex() throws Exception {
        assertThat(get("/httpbin/hi", "example.com").body()).isEqualTo("b1 /hi");
        assertThat(get("/httpbin", "example.com").body()).isEqualTo("b1 /");
    }

    @Test
    void normalisesBeforeMatching() throws Exception {
        assertThat(get("/x/%2e%2e/hi", "example.com").body()).isEqualTo("b1 /hi");
        assertThat(get("/x/..%2fhi", "example.com").statusCode()).isEqualTo(400);
    }

    @Test
    void overwritesForwardedHeadersAndDropsHopByHop() throws Exception {
        String raw = RawHttp.exchange(port, "GET /api/fwd HTTP/1.1\r\nHost: example.com\r\n"
                + "X-Forwarded-For: 6.6.6.6\r\nConnection: close, X-Secret\r\nX-Secret: s\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 200");
        var seen = backend.requests().stream().filter(r -> r.uri().equals("/api/fwd")).findFirst().orElseThrow();
        assertThat(seen.headers().get("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(seen.headers().get("x-forwarded-proto")).isEqualTo("http");
        assertThat(seen.headers().get("x-forwarded-host")).isEqualTo("example.com");
        assertThat(seen.headers().contains("x-secret")).isFalse();
    }

    @Test
    void answers502WhenUpstreamRefuses() throws Exception {
        HttpResponse<String> res = get("/dead", "example.com");
        assertThat(res.statusCode()).isEqualTo(502);
        assertThat(res.body()).contains("upstream connect error");
    }

    @Test
    void reusesUpstreamConnections() throws Exception {
        int before = backend.connectionCount();
        for (int i = 0; i < 20; i++) {
            assertThat(get("/api/reuse" + i, "example.com").statusCode()).isEqualTo(200);
        }
        assertThat(backend.connectionCount() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void servesPipelinedRequestsInOrderIncludingLocalAnswers() throws Exception {
        String out = RawHttp.exchange(port, "GET /api/p1 HTTP/1.1\r\nHost: example.com\r\n\r\n"
                + "GET /nope HTTP/1.1\r\nHost: example.com\r\n\r\n"
                + "POST /api/p3 HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /api/p4 HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");
        assertThat(out).containsSubsequence("b1 /api/p1", "404 Not Found", "hello", "b1 /api/p4");
    }

    @Test
    void routesEachRequestOfAConnectionByItsOwnHost() throws Exception {
        // the proxy reuses a connection's last Host parse while the header repeats: a change must be seen
        String out = RawHttp.exchange(port, "GET /hi HTTP/1.1\r\nHost: example.com\r\n\r\n"
                + "GET /hi HTTP/1.1\r\nHost: example.com\r\n\r\n"
                + "GET /hi HTTP/1.1\r\nHost: other.com\r\n\r\n"
                + "GET /hi HTTP/1.1\r\nHost: EXAMPLE.com.\r\nConnection: close\r\n\r\n");
        assertThat(out).containsSubsequence("200 OK", "b1 /hi", "200 OK", "b1 /hi", "404 Not Found", "200 OK", "b1 /hi");
    }

    @Test
    void postsBodies() throws Exception {
        String body = "x".repeat(200_000);
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/post"))
                .header("Host", "example.com").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo(body);
    }
}
