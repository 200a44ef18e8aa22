package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.DirectResponse;
import io.meshgate.config.Endpoint;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code respond} filter in a running kernel: the route's requests are answered with the
 * configured status and exact body (FSM's 403 "Access Denied", content-length 13) and the route's
 * cluster never sees a connection; the client's connection stays open for its next request.
 */
class DirectResponseEndToEndTest {
    static TestBackend backend;
    static Kernel kernel;
    static int port;

    @BeforeAll
    static void start() {
        backend = new TestBackend("b1");
        Cluster c1 = Cluster.of("c1", List.of(Endpoint.of("127.0.0.1", backend.port())));
        Route denied = Route.to("denied", RouteMatch.ANY, "c1").withFilters(List.of(DirectResponse.FORBIDDEN));
        Route empty = Route.to("empty", RouteMatch.path(io.meshgate.config.PathMatch.prefix("/empty")), "c1")
                .withFilters(List.of(new DirectResponse(403, "")));
        Route allowed = Route.to("allowed", RouteMatch.path(io.meshgate.config.PathMatch.prefix("/allowed")), "c1");
        VirtualHost host = new VirtualHost("egress", List.of("*"), List.of(allowed, empty, denied));
        ProxyConfig config = new ProxyConfig("v1",
                List.of(HttpListener.plain("http", "127.0.0.1", 0, List.of(host))), List.of(c1));
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1), config);
        port = kernel.port("http");
    }

    @AfterAll
    static void stop() {
        kernel.close();
        backend.close();
    }

    @Test
    void answersTheConfiguredStatusAndExactBodyWithoutAnUpstreamAndKeepsTheConnection() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /denied HTTP/1.1\r\nHost: httpbin.org\r\n\r\n"
                + "POST /denied HTTP/1.1\r\nHost: httpbin.org\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");

        String[] responses = reply.text().split("(?=HTTP/1.1 )");
        assertThat(responses).hasSize(2);
        assertThat(responses[0]).startsWith("HTTP/1.1 403 Forbidden\r\n")
                .containsIgnoringCase("content-length: 13\r\n")
                .containsIgnoringCase("content-type: text/plain; charset=utf-8\r\n")
                .doesNotContainIgnoringCase("connection: close")
                .endsWith("\r\n\r\nAccess Denied");
        assertThat(responses[1]).startsWith("HTTP/1.1 403 Forbidden\r\n").endsWith("\r\n\r\nAccess Denied");
        assertThat(reply.closed()).as("closed after the request that asked for it").isTrue();
        assertThat(backend.connectionCount()).isZero();
    }

    @Test
    void anEmptyBodyIsContentLengthZero() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /empty HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(reply.text()).startsWith("HTTP/1.1 403 Forbidden\r\n").endsWith("\r\n\r\n");
        assertThat(reply.text()).containsIgnoringCase("content-length: 0");
    }
}
