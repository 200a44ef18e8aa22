package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshgate.config.Cluster;
import io.meshgate.config.ClusterTimeouts;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.PathMatch;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.config.WeightedCluster;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.RawBackend;
import io.meshgate.kernel.testing.RawHttp;
import io.meshgate.kernel.testing.TestBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a client sees when the upstream refuses, stalls, has no weight, or breaks mid-response. */
class UpstreamFailuresEndToEndTest {
    private static final String H = "Host: example.com\r\n";

    static TestBackend backend;
    static RawBackend truncating;
    static RawBackend silent;
    static Kernel kernel;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        backend = new TestBackend("b1");
        truncating = new RawBackend(socket -> {
            if (RawBackend.readHead(socket) != null) {
                socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
        });
        // reads the request, never answers, and returns only when the proxy closes the connection
        silent = new RawBackend(socket -> {
            if (RawBackend.readHead(socket) != null) {
                socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            }
        });
        int refusedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusedPort = probe.getLocalPort(); // free once closed: connecting to it is refused
        }
        var fast = new ClusterTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(60));
        List<Cluster> clusters = List.of(
                Cluster.of("ok", List.of(Endpoint.of("127.0.0.1", backend.port()))),
                Cluster.of("impatient", List.of(Endpoint.of("127.0.0.1", backend.port()))).withTimeouts(fast),
                Cluster.of("refused", List.of(Endpoint.of("127.0.0.1", refusedPort))),
                Cluster.of("truncating", List.of(Endpoint.of("127.0.0.1", truncating.port()))),
                Cluster.of("silent", List.of(Endpoint.of("127.0.0.1", silent.port()))));
        VirtualHost vh = new VirtualHost("example", List.of("example.com"), List.of(
                Route.to("refused", RouteMatch.path(PathMatch.prefix("/refused")), "refused"),
                Route.to("slow", RouteMatch.path(PathMatch.prefix("/slow")), "impatient"),
                new Route("zero", RouteMatch.path(PathMatch.prefix("/zero")),
                        List.of(new WeightedCluster("ok", 0), new WeightedCluster("refused", 0)), List.of(), null),
                Route.to("truncated", RouteMatch.path(PathMatch.prefix("/truncated")), "truncating"),
                Route.to("silent", RouteMatch.path(PathMatch.prefix("/silent")), "silent"),
                Route.to("ok", RouteMatch.ANY, "ok")));
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(2),
                new ProxyConfig("v1", List.of(HttpListener.plain("http", "127.0.0.1", 0, List.of(vh))), clusters));
        port = kernel.port("http");
    }

    @AfterAll
    static void stop() {
        kernel.close();
        backend.close();
        truncating.close();
        silent.close();
    }

    @Test
    void refusedConnectionIs502WithPlainTextCause() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /refused HTTP/1.1\r\n" + H + "Connection: close\r\n\r\n");
        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.text()).containsIgnoringCase("content-type: text/plain").contains("upstream connect error");
    }

    @Test
    void upstreamSlowerThanRequestTimeoutIs504() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /slow HTTP/1.1\r\n" + H + "Connection: close\r\n\r\n");
        assertThat(reply.status()).isEqualTo(504);
        assertThat(reply.text()).contains("upstream request timeout");
    }

    @Test
    void allWeightsZeroIs503() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /zero HTTP/1.1\r\n" + H + "Connection: close\r\n\r\n");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(backend.requests()).noneMatch(r -> r.uri().equals("/zero"));
    }

    @Test
    void upstreamClosingMidResponseClosesTheClientConnection() throws Exception {
        // keep-alive request: only a close can tell the client its response is incomplete
        RawHttp.Reply reply = RawHttp.send(port, "GET /truncated HTTP/1.1\r\n" + H + "\r\n");
        assertThat(reply.closed()).as("client connection closed, not left hanging").isTrue();
        assertThat(reply.text()).startsWith("HTTP/1.1 200").contains("Content-Length: 100").endsWith("0123456789");
        await().atMost(Duration.ofSeconds(10)).until(() -> kernel.inFlight() == 0);
    }

    @Test
    void clientDisconnectingMidRequestFreesTheUpstream() throws Exception {
        int before = silent.finished();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.getOutputStream().write(("GET /silent HTTP/1.1\r\n" + H + "\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> kernel.inFlight() == 1 && silent.accepted() > 0);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> kernel.inFlight() == 0);
        // the proxy closed its upstream connection (the silent backend saw end of stream)
        await().atMost(Duration.ofSeconds(10)).until(() -> silent.finished() > before);
    }

    @Test
    void healthyRouteStillServes() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /fine HTTP/1.1\r\n" + H + "Connection: close\r\n\r\n");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).endsWith("b1 /fine");
    }
}
