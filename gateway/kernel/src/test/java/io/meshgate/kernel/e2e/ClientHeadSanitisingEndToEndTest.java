package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HeaderMutation;
import io.meshgate.config.HttpListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.RawHttp;
import io.meshgate.kernel.testing.TestBackend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the client sent for one hop is removed before route filters run, so a client cannot strip a
 * header a route adds; client-sent {@code X-Real-IP} and {@code Forwarded} are not trusted, like
 * {@code X-Forwarded-For}.
 */
class ClientHeadSanitisingEndToEndTest {
    static TestBackend backend;
    static Kernel kernel;
    static int port;

    @BeforeAll
    static void start() {
        backend = new TestBackend("b1");
        Route route = Route.to("all", RouteMatch.ANY, "c1").withFilters(List.of(
                new HeaderMutation(Map.of("x-route-secret", "from-route"), null, null, null, null, null)));
        List<VirtualHost> vhs = List.of(new VirtualHost("example", List.of("example.com"), List.of(route)));
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1), new ProxyConfig("v1",
                List.of(HttpListener.plain("http", "127.0.0.1", 0, vhs)),
                List.of(Cluster.of("c1", List.of(Endpoint.of("127.0.0.1", backend.port()))))));
        port = kernel.port("http");
    }

    @AfterAll
    static void stop() {
        kernel.close();
        backend.close();
    }

    @Test
    void aClientCannotNominateAwayAHeaderTheRouteAdds() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /nominate HTTP/1.1\r\nHost: example.com\r\n"
                + "Connection: close, X-Route-Secret\r\nX-Route-Secret: from-client\r\n\r\n");
        assertThat(reply.status()).isEqualTo(200);
        var seen = backend.requests().stream().filter(r -> r.uri().equals("/nominate")).findFirst().orElseThrow();
        assertThat(seen.headers().getAll("x-route-secret")).containsExactly("from-route");
    }

    @Test
    void clientSentRealIpAndForwardedAreNotTrusted() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /real-ip HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n"
                + "X-Real-IP: 6.6.6.6\r\nForwarded: for=6.6.6.6;proto=https\r\n\r\n");
        assertThat(reply.status()).isEqualTo(200);
        var seen = backend.requests().stream().filter(r -> r.uri().equals("/real-ip")).findFirst().orElseThrow();
        assertThat(seen.headers().getAll("x-real-ip")).containsExactly("127.0.0.1");
        assertThat(seen.headers().contains("forwarded")).isFalse();
        assertThat(seen.headers().get("x-forwarded-for")).isEqualTo("127.0.0.1");
    }
}
