package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshgate.config.CircuitBreaker;
import io.meshgate.config.Cluster;
import io.meshgate.config.ConnectionLimits;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.PathMatch;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.RetryPolicy;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.observe.ClusterGuardStats.Event;
import io.meshgate.kernel.testing.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cluster's circuit breaker and connection limits in a running kernel (two event loops) against a loopback
 * backend this test starts: errors open the breaker, which then answers its degraded status and content
 * without contacting the backend, and closes after its window; {@code maxRequests} and
 * {@code maxConnections} answer 503 with {@code x-envoy-overloaded}; {@code maxRequestsPerConnection} makes
 * the proxy use a new connection; every refusal is counted under its stat name.
 */
class CircuitBreakingEndToEndTest {
    static HttpServer backend;
    static Kernel kernel;
    static int port;
    static final AtomicInteger breakerHits = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.setExecutor(Executors.newFixedThreadPool(8));
        backend.createContext("/", CircuitBreakingEndToEndTest::answer);
        backend.start();
        Endpoint live = Endpoint.of("127.0.0.1", backend.getAddress().getPort());
        CircuitBreaker breaker = new CircuitBreaker(Duration.ofMinutes(1), 4, null, 0, 0, 3, 0,
                Duration.ofMillis(600), 503, "Service Unavailable!");
        VirtualHost host = new VirtualHost("all", List.of("*"), List.of(
                Route.to("cb", RouteMatch.path(PathMatch.prefix("/cb")), "cb"),
                Route.to("requests", RouteMatch.path(PathMatch.prefix("/requests")), "requests"),
                Route.to("connections", RouteMatch.path(PathMatch.prefix("/connections")), "connections"),
                Route.to("perconn", RouteMatch.path(PathMatch.prefix("/perconn")), "perconn"),
                Route.to("retries", RouteMatch.path(PathMatch.prefix("/retries")), "retries")
                        .withFilters(List.of(RetryPolicy.of(List.of("5xx"), 3, null, Duration.ofMillis(1)))),
                Route.to("plain", RouteMatch.path(PathMatch.prefix("/")), "plain")));
        ProxyConfig config = new ProxyConfig("v1", List.of(HttpListener.plain("http", "127.0.0.1", 0, List.of(host))),
                List.of(Cluster.of("cb", List.of(live)).withCircuitBreaker(breaker),
                        Cluster.of("requests", List.of(live)).withLimits(new ConnectionLimits(0, 1, 0, 0, 0)),
                        Cluster.of("connections", List.of(live)).withLimits(new ConnectionLimits(1, 0, 0, 0, 0)),
                        Cluster.of("perconn", List.of(live)).withLimits(new ConnectionLimits(0, 0, 0, 1, 0)),
                        Cluster.of("retries", List.of(live)).withLimits(new ConnectionLimits(0, 0, 0, 0, 1)),
                        Cluster.of("plain", List.of(live))));
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(2), config);
        port = kernel.port("http");
    }

    /** /cb/status/N answers N (counted); /sleep/MS sleeps; every answer names the client port it came from. */
    private static void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        int status = 200;
        if (path.startsWith("/cb")) {
            breakerHits.incrementAndGet();
        }
        if (path.contains("/status/")) {
            status = Integer.parseInt(path.substring(path.indexOf("/status/") + 8));
        }
        if (path.contains("/sleep/")) {
            try {
                String millis = path.substring(path.indexOf("/sleep/") + 7);
                Thread.sleep(Long.parseLong(millis.contains("/") ? millis.substring(0, millis.indexOf('/')) : millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] reply = ("from " + ex.getRemoteAddress().getPort()).getBytes(StandardCharsets.US_ASCII);
        ex.sendResponseHeaders(status, reply.length);
        ex.getResponseBody().write(reply);
        ex.close();
    }

    @AfterAll
    static void stop() {
        kernel.close();
        backend.stop(0);
    }

    private static RawHttp.Reply get(String path) throws IOException {
        return RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nHost: fortio\r\nConnection: close\r\n\r\n");
    }

    private static long count(String cluster, Event event) {
        return kernel.metrics().guardStats(cluster).count(event);
    }

    @Test
    void errorsOpenTheBreakerWhichAnswersLocallyUntilItsWindowPasses() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/cb/ok").status()).isEqualTo(200);
        }
        // 3 errors, but the 4 requests of minRequestAmount are reached only by the 3rd error's request
        assertThat(get("/cb/status/511").status()).isEqualTo(511);
        assertThat(get("/cb/status/500").status()).isEqualTo(500);
        assertThat(count("cb", Event.CIRCUIT_OPENED)).isZero();
        assertThat(get("/cb/status/502").status()).isEqualTo(502);
        assertThat(count("cb", Event.CIRCUIT_OPENED)).isEqualTo(1);
        assertThat(kernel.metrics().guardStats("cb").open()).isEqualTo(1);
        int hitsWhenOpened = breakerHits.get();

        RawHttp.Reply degraded = get("/cb/ok");
        assertThat(degraded.status()).isEqualTo(503);
        assertThat(degraded.text()).endsWith("\r\n\r\nService Unavailable!");
        assertThat(get("/cb/ok").status()).isEqualTo(503);
        assertThat(breakerHits.get()).as("the backend saw nothing while open").isEqualTo(hitsWhenOpened);
        assertThat(count("cb", Event.RQ_CIRCUIT_OPEN)).isEqualTo(2);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int status;
        do {
            Thread.sleep(100);
            status = get("/cb/ok").status();
        } while (status == 503 && System.nanoTime() < deadline);
        assertThat(status).as("closed after the degraded window").isEqualTo(200);
        assertThat(breakerHits.get()).isEqualTo(hitsWhenOpened + 1);
        assertThat(kernel.metrics().guardStats("cb").open()).isZero();
        // fresh counts: one error does not open it again
        assertThat(get("/cb/status/500").status()).isEqualTo(500);
        assertThat(get("/cb/ok").status()).isEqualTo(200);
    }

    @Test
    void maxRequestsRefusesTheRequestBeyondItWith503Overloaded() throws Exception {
        long before = count("requests", Event.RQ_PENDING_OVERFLOW);
        CompletableFuture<RawHttp.Reply> slow = CompletableFuture.supplyAsync(() -> send("/requests/sleep/800"));
        Thread.sleep(300);
        RawHttp.Reply refused = get("/requests/now");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.text()).containsIgnoringCase("x-envoy-overloaded: true");
        assertThat(slow.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(count("requests", Event.RQ_PENDING_OVERFLOW) - before).isEqualTo(1);
        assertThat(get("/requests/after").status()).as("room again once the first finished").isEqualTo(200);
    }

    @Test
    void maxConnectionsRefusesARequestThatNeedsOneMoreConnection() throws Exception {
        long before = count("connections", Event.CX_OVERFLOW);
        CompletableFuture<RawHttp.Reply> slow = CompletableFuture.supplyAsync(() -> send("/connections/sleep/800"));
        Thread.sleep(300);
        RawHttp.Reply refused = get("/connections/now");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.text()).containsIgnoringCase("x-envoy-overloaded: true");
        assertThat(slow.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(count("connections", Event.CX_OVERFLOW) - before).isEqualTo(1);
    }

    @Test
    void maxRequestsPerConnectionOneUsesANewConnectionForEachRequest() throws Exception {
        String first = body(get("/perconn/a"));
        String second = body(get("/perconn/b"));
        String third = body(get("/perconn/c"));
        assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
    }

    @Test
    void maxRetriesLetsOneRetryRunAtATimeAndCountsTheOthersAsOverflow() throws Exception {
        var retries = kernel.metrics().retryStats("retries");
        long overflowBefore = retries.count(io.meshgate.kernel.observe.RetryStats.Event.OVERFLOW);
        long retriedBefore = retries.count(io.meshgate.kernel.observe.RetryStats.Event.RETRY);
        // each try takes 300 ms and fails: the first request's retries hold the one slot while the second fails
        CompletableFuture<RawHttp.Reply> first = CompletableFuture.supplyAsync(() -> send("/retries/sleep/300/status/503"));
        Thread.sleep(100);
        RawHttp.Reply second = get("/retries/sleep/300/status/503");
        assertThat(second.status()).isEqualTo(503);
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(503);
        assertThat(retries.count(io.meshgate.kernel.observe.RetryStats.Event.OVERFLOW) - overflowBefore)
                .as("the second request's retry, refused by maxRetries 1 (the budget alone allows 3)").isEqualTo(1);
        assertThat(retries.count(io.meshgate.kernel.observe.RetryStats.Event.RETRY) - retriedBefore)
                .as("the first request's 3 retries").isEqualTo(3);
    }

    private static String body(RawHttp.Reply reply) {
        assertThat(reply.status()).isEqualTo(200);
        return reply.text().substring(reply.text().indexOf("\r\n\r\n") + 4);
    }

    private static RawHttp.Reply send(String path) {
        try {
            return get(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
