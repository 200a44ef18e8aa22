package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Redirect;
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

/**
 * The redirect filter in a running kernel: plain HTTP to an HTTPS-only host is answered 308 with the
 * HTTPS location, locally, while the route's cluster never sees a request; other hosts are proxied.
 */
class RedirectEndToEndTest {
    static TestBackend backend;
    static Kernel kernel;
    static int port;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        backend = new TestBackend("b1");
        Cluster c1 = Cluster.of("c1", List.of(Endpoint.of("127.0.0.1", backend.port())));
        Route toHttps = Route.to("secure", RouteMatch.ANY, "c1").withFilters(List.of(Redirect.toHttps(8443)));
        VirtualHost secure = new VirtualHost("secure", List.of("secure.example", "*.wild.example"), List.of(toHttps));
        VirtualHost plain = new VirtualHost("plain", List.of("plain.example"),
                List.of(Route.to("plain", RouteMatch.ANY, "c1")));
        ProxyConfig config = new ProxyConfig("v1",
                List.of(HttpListener.plain("http", "127.0.0.1", 0, List.of(secure, plain))), List.of(c1));
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

    private static boolean backendSaw(String uriPart) {
        return backend.requests().stream().anyMatch(r -> r.uri().contains(uriPart));
    }

    @Test
    void answers308WithTheHttpsLocationAndNeverCallsTheUpstream() throws Exception {
        HttpResponse<String> res = get("/hi/redirect-1?a=1&b=%2F", "secure.example");

        assertThat(res.statusCode()).isEqualTo(308);
        assertThat(res.headers().firstValue("location"))
                .hasValue("https://secure.example:8443/hi/redirect-1?a=1&b=%2F");
        assertThat(res.body()).isEqualTo("Permanent Redirect\n");
        assertThat(backendSaw("redirect-1")).isFalse();
    }

    @Test
    void usesTheRequestHostWithoutItsPortAndTheCanonicalPath() throws Exception {
        HttpResponse<String> res = get("/a/../redirect-2", "Secure.Example:8000");

        assertThat(res.headers().firstValue("location")).hasValue("https://secure.example:8443/redirect-2");
    }

    @Test
    void aWildcardHostRedirectsToTheNameTheClientAskedFor() throws Exception {
        HttpResponse<String> res = get("/redirect-3", "api.wild.example");

        assertThat(res.statusCode()).isEqualTo(308);
        assertThat(res.headers().firstValue("location")).hasValue("https://api.wild.example:8443/redirect-3");
    }

    @Test
    void keepsTheConnectionForTheNextRequest() throws Exception {
        String out = RawHttp.exchange(port, "GET /redirect-4 HTTP/1.1\r\nHost: secure.example\r\n\r\n"
                + "GET /served-4 HTTP/1.1\r\nHost: plain.example\r\nConnection: close\r\n\r\n");

        assertThat(out).containsSubsequence("HTTP/1.1 308 Permanent Redirect",
                "location: https://secure.example:8443/redirect-4", "HTTP/1.1 200", "b1 /served-4");
        assertThat(backendSaw("redirect-4")).isFalse();
    }

    @Test
    void aRequestWithABodyIsRedirectedWithoutForwardingTheBody() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "POST /redirect-5 HTTP/1.1\r\nHost: secure.example\r\n"
                + "Content-Length: 5\r\n\r\nhello");

        // 308 keeps method and body: the client repeats the POST over HTTPS
        assertThat(reply.status()).isEqualTo(308);
        assertThat(reply.text()).contains("location: https://secure.example:8443/redirect-5");
        assertThat(backendSaw("redirect-5")).isFalse();
    }

    @Test
    void otherHostsAreProxiedAsUsual() throws Exception {
        HttpResponse<String> res = get("/plain-6", "plain.example");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("b1 /plain-6");
    }
}
