package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshgate.config.Cluster;
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
import io.meshgate.kernel.observe.RetryStats;
import io.meshgate.kernel.observe.RetryStats.Event;
import io.meshgate.kernel.testing.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retries in a running kernel against a loopback backend this test starts: a status the policy names
 * is retried up to numRetries times with Envoy's counts, other statuses pass at once, a backend that
 * fails twice then answers gives the answer and {@code retry_success}, a try that outlives
 * {@code perTryTimeout} is abandoned for the next, a refused connection is retried on the next endpoint,
 * a request body is sent again whole, and a body over the bound is never retried.
 */
class RetryEndToEndTest {
    static HttpServer backend;
    /** Closes the first connection it accepts without answering, answers 200 on the next ones. */
    static ServerSocket resetting;
    static final AtomicInteger resetAccepts = new AtomicInteger();
    static Kernel kernel;
    static int port;
    /** Hits per request key (the x-key header, else the path). */
    static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.setExecutor(Executors.newFixedThreadPool(4));
        backend.createContext("/", RetryEndToEndTest::answer);
        backend.start();
        int live = backend.getAddress().getPort();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nobody listens there afterwards: connections are refused
        }
        resetting = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(RetryEndToEndTest::serveResetting);
        RetryPolicy seed = RetryPolicy.of(List.of("5xx"), 5, Duration.ofSeconds(1), Duration.ofMillis(2));
        RetryPolicy perTry = RetryPolicy.of(List.of("5xx"), 2, Duration.ofMillis(300), Duration.ofMillis(1));
        RetryPolicy connect = RetryPolicy.of(List.of("connect-failure"), 3, null, Duration.ofMillis(1));
        RetryPolicy small = new RetryPolicy(List.of("503"), 3, null, Duration.ofMillis(1), 16, 0, 0);
        RetryPolicy reset = RetryPolicy.of(List.of("reset"), 2, null, Duration.ofMillis(1));
        RetryPolicy slowBackoff = RetryPolicy.of(List.of("5xx"), 10, null, Duration.ofMillis(400));
        Route bounded = new Route("bounded", RouteMatch.path(PathMatch.prefix("/bounded")),
                List.of(new io.meshgate.config.WeightedCluster("httpbin", 1)), List.of(slowBackoff), Duration.ofMillis(600));
        VirtualHost host = new VirtualHost("all", List.of("*"), List.of(bounded,
                route("reset", "/reset", "resetc", reset),
                route("slow", "/slow", "slowc", perTry),
                route("connect", "/connect", "twoc", connect),
                route("small", "/small", "smallc", small),
                route("seed", "/", "httpbin", seed)));
        ProxyConfig config = new ProxyConfig("v1", List.of(HttpListener.plain("http", "127.0.0.1", 0, List.of(host))),
                List.of(Cluster.of("httpbin", List.of(Endpoint.of("127.0.0.1", live))),
                        Cluster.of("slowc", List.of(Endpoint.of("127.0.0.1", live))),
                        Cluster.of("smallc", List.of(Endpoint.of("127.0.0.1", live))),
                        Cluster.of("resetc", List.of(Endpoint.of("127.0.0.1", resetting.getLocalPort()))),
                        Cluster.of("twoc", List.of(Endpoint.of("127.0.0.1", closed), Endpoint.of("127.0.0.1", live)))));
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1), config);
        port = kernel.port("http");
    }

    private static Route route(String name, String prefix, String cluster, RetryPolicy policy) {
        return Route.to(name, RouteMatch.path(PathMatch.prefix(prefix)), cluster).withFilters(List.of(policy));
    }

    /** /status/CODE answers CODE; /flaky and /small answer 503 until their x-fail count is used up, then echo the body; /slow sleeps on the first hit. */
    private static void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String key = ex.getRequestHeaders().getFirst("x-key");
        int hit = hits.computeIfAbsent(key == null ? path : key, k -> new AtomicInteger()).incrementAndGet();
        byte[] body = ex.getRequestBody().readAllBytes();
        int status = 200;
        if (path.contains("/status/")) {
            status = Integer.parseInt(path.substring(path.indexOf("/status/") + "/status/".length()));
        } else if (path.startsWith("/flaky") || path.startsWith("/small")) {
            String fail = ex.getRequestHeaders().getFirst("x-fail");
            status = hit <= Integer.parseInt(fail == null ? "2" : fail) ? 503 : 200;
        } else if (path.startsWith("/slow") && hit == 1) {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] reply = status == 200 ? ("hit " + hit + " body " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        ex.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
        ex.getResponseBody().write(reply);
        ex.close();
    }

    private static void serveResetting() {
        while (!resetting.isClosed()) {
            try (java.net.Socket s = resetting.accept()) {
                s.setSoTimeout(5000);
                java.io.InputStream in = s.getInputStream();
                // read the request head, then either hang up or answer
                int matched = 0;
                while (matched < 4) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                if (resetAccepts.incrementAndGet() == 1) {
                    s.setSoLinger(true, 0); // RST
                    continue;
                }
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // closed at the end of the test, or a client that went away
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        kernel.close();
        backend.stop(0);
        resetting.close();
    }

    private static long count(String cluster, Event event) {
        RetryStats stats = kernel.metrics().retryStats(cluster);
        return stats.count(event);
    }

    private static long[] counts(String cluster) {
        long[] all = new long[Event.values().length];
        for (Event e : Event.values()) {
            all[e.ordinal()] = count(cluster, e);
        }
        return all;
    }

    private static long delta(long[] before, String cluster, Event e) {
        return count(cluster, e) - before[e.ordinal()];
    }

    @Test
    void aStatusThePolicyNamesIsRetriedNumRetriesTimesThenPassedOnWithEnvoysCounts() throws Exception {
        long[] before = counts("httpbin");
        RawHttp.Reply reply = RawHttp.send(port, "HEAD /status/503 HTTP/1.1\r\nHost: httpbin\r\nx-key: seed503\r\nConnection: close\r\n\r\n");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(hits.get("seed503").get()).as("1 try + 5 retries").isEqualTo(6);
        assertThat(delta(before, "httpbin", Event.RETRY)).isEqualTo(5);
        assertThat(delta(before, "httpbin", Event.BACKOFF_EXPONENTIAL)).isEqualTo(5);
        assertThat(delta(before, "httpbin", Event.LIMIT_EXCEEDED)).isEqualTo(1);
        assertThat(delta(before, "httpbin", Event.SUCCESS)).isZero();
        assertThat(delta(before, "httpbin", Event.OVERFLOW)).isZero();
        assertThat(delta(before, "httpbin", Event.BACKOFF_RATELIMITED)).isZero();
    }

    @Test
    void aStatusThePolicyDoesNotNameIsNotRetried() throws Exception {
        long[] before = counts("httpbin");
        RawHttp.Reply reply = RawHttp.send(port, "GET /status/404 HTTP/1.1\r\nHost: httpbin\r\nx-key: seed404\r\nConnection: close\r\n\r\n");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(hits.get("seed404").get()).isEqualTo(1);
        for (Event e : Event.values()) {
            assertThat(delta(before, "httpbin", e)).as(e.name()).isZero();
        }
    }

    @Test
    void aBackendThatFailsTwiceThenAnswersGivesTheAnswerAndCountsASuccess() throws Exception {
        long[] before = counts("httpbin");
        RawHttp.Reply reply = RawHttp.send(port, "POST /flaky HTTP/1.1\r\nHost: httpbin\r\nx-key: flaky1\r\nx-fail: 2\r\n"
                + "Content-Length: 5\r\nConnection: close\r\n\r\nhello");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).endsWith("hit 3 body hello");
        assertThat(delta(before, "httpbin", Event.RETRY)).isEqualTo(2);
        assertThat(delta(before, "httpbin", Event.SUCCESS)).isEqualTo(1);
        assertThat(delta(before, "httpbin", Event.LIMIT_EXCEEDED)).isZero();
    }

    @Test
    void aChunkedBodyIsSentAgainWhole() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "POST /flaky HTTP/1.1\r\nHost: httpbin\r\nx-key: chunked1\r\nx-fail: 1\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).endsWith("hit 2 body abcdefg");
    }

    @Test
    void aBodyOverTheBoundIsNeverRetried() throws Exception {
        long[] before = counts("smallc");
        String body = "x".repeat(17);
        RawHttp.Reply reply = RawHttp.send(port, "POST /small HTTP/1.1\r\nHost: h\r\nx-key: big1\r\nx-fail: 1\r\n"
                + "Content-Length: 17\r\nConnection: close\r\n\r\n" + body);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(hits.get("big1").get()).isEqualTo(1);
        assertThat(delta(before, "smallc", Event.RETRY)).isZero();

        RawHttp.Reply fits = RawHttp.send(port, "POST /small HTTP/1.1\r\nHost: h\r\nx-key: fits1\r\nx-fail: 1\r\n"
                + "Content-Length: 16\r\nConnection: close\r\n\r\n" + "y".repeat(16));
        assertThat(fits.status()).isEqualTo(200);
        assertThat(delta(before, "smallc", Event.RETRY)).isEqualTo(1);
    }

    @Test
    void aTryThatOutlivesThePerTryTimeoutIsAbandonedForTheNext() throws Exception {
        long start = System.nanoTime();
        RawHttp.Reply reply = RawHttp.send(port, "GET /slow HTTP/1.1\r\nHost: h\r\nx-key: slow1\r\nConnection: close\r\n\r\n");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).endsWith("hit 2 body ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
        assertThat(count("slowc", Event.RETRY)).isEqualTo(1);
    }

    @Test
    void anUpstreamThatHangsUpBeforeAnsweringIsRetriedOnReset() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /reset HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(resetAccepts.get()).isEqualTo(2);
        assertThat(count("resetc", Event.RETRY)).isEqualTo(1);
        assertThat(count("resetc", Event.SUCCESS)).isEqualTo(1);
    }

    @Test
    void theRouteTimeoutBoundsAllTriesAndBackOffs() throws Exception {
        long start = System.nanoTime();
        RawHttp.Reply reply = RawHttp.send(port, "GET /bounded/status/503 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

        // ten retries with back-offs of up to 4 s would take far longer: the 600 ms route timeout ends them
        // (the last try's 503 when the next back-off would outlast it, or 504 when it ran out during a try)
        assertThat(reply.status()).isIn(503, 504);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000));
    }

    @Test
    void aRefusedConnectionIsRetriedOnTheNextEndpoint() throws Exception {
        for (int i = 0; i < 4; i++) {
            RawHttp.Reply reply = RawHttp.send(port, "GET /connect HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            assertThat(reply.status()).as("request " + i).isEqualTo(200);
        }
        assertThat(count("twoc", Event.RETRY)).as("round robin sends every other first try to the closed port")
                .isBetween(1L, 4L);
        assertThat(count("twoc", Event.LIMIT_EXCEEDED)).isZero();
    }
}
