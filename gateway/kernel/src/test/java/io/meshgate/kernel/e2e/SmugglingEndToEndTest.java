package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.RawHttp;
import io.meshgate.kernel.testing.TestBackend;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request-smuggling framing and header attacks against the kernel on real sockets: each is refused
 * with a 4xx/5xx, the connection closes, and the backend (which records every complete request it
 * parsed) never sees the smuggled part.
 */
class SmugglingEndToEndTest {
    private static final String H = "Host: example.com\r\n";

    static TestBackend backend;
    static Kernel kernel;
    static int port;
    static int smallBodyPort;
    static int slowHeadPort;

    @BeforeAll
    static void start() {
        backend = new TestBackend("b1");
        Cluster c1 = Cluster.of("c1", List.of(Endpoint.of("127.0.0.1", backend.port())));
        List<VirtualHost> vhs = List.of(new VirtualHost("example", List.of("example.com"),
                List.of(Route.to("all", RouteMatch.ANY, "c1"))));
        HttpSettings slowHead = new HttpSettings(8 * 1024, 32 * 1024, 1L << 30, Duration.ofSeconds(1),
                Duration.ofSeconds(75), true, 100, false, true);
        ProxyConfig config = new ProxyConfig("v1", List.of(
                HttpListener.plain("http", "127.0.0.1", 0, vhs),
                new HttpListener("small", "127.0.0.1", 0, vhs, null, List.of(), null,
                        HttpSettings.DEFAULTS.withMaxRequestBodyBytes(1024)),
                new HttpListener("slow", "127.0.0.1", 0, vhs, null, List.of(), null, slowHead)),
                List.of(c1));
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(2), config);
        port = kernel.port("http");
        smallBodyPort = kernel.port("small");
        slowHeadPort = kernel.port("slow");
    }

    @AfterAll
    static void stop() {
        kernel.close();
        backend.close();
    }

    static Stream<Arguments> framingAttacks() {
        String chunked = "Transfer-Encoding: chunked\r\n";
        return Stream.of(
                Arguments.of("S1 CL.TE", "POST /s1 HTTP/1.1\r\n" + H + "Content-Length: 6\r\n" + chunked
                        + "\r\n0\r\n\r\nGET /smuggled-s1 HTTP/1.1\r\n" + H + "\r\n"),
                Arguments.of("S2 TE.CL", "POST /s2 HTTP/1.1\r\n" + H + "Content-Length: 3\r\n" + chunked
                        + "\r\n8\r\nSMUGGLED\r\n0\r\n\r\n"),
                Arguments.of("S3 xchunked", "POST /s3 HTTP/1.1\r\n" + H + "Transfer-Encoding: xchunked\r\n"
                        + "Content-Length: 4\r\n\r\nabcd"),
                Arguments.of("S4 space before colon", "POST /s4 HTTP/1.1\r\n" + H + "Transfer-Encoding : chunked\r\n"
                        + "\r\n0\r\n\r\n"),
                Arguments.of("S5 chunked not final", "POST /s5 HTTP/1.1\r\n" + H
                        + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"),
                Arguments.of("S6 two TE lines", "POST /s6 HTTP/1.1\r\n" + H + chunked
                        + "Transfer-Encoding: identity\r\n\r\n0\r\n\r\n"),
                Arguments.of("S7 vertical tab", "POST /s7 HTTP/1.1\r\n" + H + "Transfer-Encoding:\u000bchunked\r\n"
                        + "\r\n0\r\n\r\n"),
                Arguments.of("S7 obs-fold", "POST /s7b HTTP/1.1\r\n" + H + "Transfer-Encoding:\r\n chunked\r\n"
                        + "\r\n0\r\n\r\n"),
                Arguments.of("S8 TE on 1.0", "POST /s8 HTTP/1.0\r\n" + H + chunked
                        + "\r\n0\r\n\r\nGET /smuggled-s8 HTTP/1.1\r\n" + H + "\r\n"),
                Arguments.of("S9 CL 5 and 6", "POST /s9 HTTP/1.1\r\n" + H + "Content-Length: 5\r\n"
                        + "Content-Length: 6\r\n\r\nhello!"),
                Arguments.of("S10 CL 5 and 5", "POST /s10 HTTP/1.1\r\n" + H + "Content-Length: 5\r\n"
                        + "Content-Length: 5\r\n\r\nhello"),
                Arguments.of("S10 CL 5, 5", "POST /s10b HTTP/1.1\r\n" + H + "Content-Length: 5, 5\r\n\r\nhello"),
                Arguments.of("S11 CL +5", "POST /s11 HTTP/1.1\r\n" + H + "Content-Length: +5\r\n\r\nhello"),
                Arguments.of("S11 CL -1", "POST /s11b HTTP/1.1\r\n" + H + "Content-Length: -1\r\n\r\nhello"),
                Arguments.of("S11 CL 0x5", "POST /s11c HTTP/1.1\r\n" + H + "Content-Length: 0x5\r\n\r\nhello"),
                Arguments.of("S11 CL overflow", "POST /s11d HTTP/1.1\r\n" + H
                        + "Content-Length: 18446744073709551621111\r\n\r\nhello"),
                Arguments.of("S12 bare LF in chunk extension", "POST /s12 HTTP/1.1\r\n" + H + chunked
                        + "\r\n5;a\nxx\r\nhello\r\n0\r\n\r\nGET /smuggled-s12 HTTP/1.1\r\n" + H + "\r\n"),
                Arguments.of("S13 bare LF chunk size", "POST /s13 HTTP/1.1\r\n" + H + chunked
                        + "\r\n5\nhello\r\n0\r\n\r\n"),
                Arguments.of("S14 chunk size overflow", "POST /s14 HTTP/1.1\r\n" + H + chunked
                        + "\r\nfffffffffffffffff1\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("S14 chunk size leading space", "POST /s14b HTTP/1.1\r\n" + H + chunked
                        + "\r\n 5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("S14 data longer than size", "POST /s14c HTTP/1.1\r\n" + H + chunked
                        + "\r\n3\r\nhello\r\n0\r\n\r\nGET /smuggled-s14 HTTP/1.1\r\n" + H + "\r\n"),
                Arguments.of("bare CR in header", "GET /h1 HTTP/1.1\r\n" + H + "X-A: a\rb\r\n\r\n"),
                Arguments.of("NUL in header", "GET /h2 HTTP/1.1\r\n" + H + "X-A: a\u0000b\r\n\r\n"),
                Arguments.of("bad header name", "GET /h4 HTTP/1.1\r\n" + H + "X(bad): 1\r\n\r\n"),
                Arguments.of("space before colon", "GET /h5 HTTP/1.1\r\n" + H + "X-Foo : bar\r\n\r\n"),
                Arguments.of("lowercase version", "GET /h6 http/1.1\r\n" + H + "\r\n"),
                Arguments.of("bad method", "G(T /h7 HTTP/1.1\r\n" + H + "\r\n"),
                Arguments.of("bad version", "GET /h8 HTTP/9.9\r\n" + H + "\r\n"),
                Arguments.of("missing Host", "GET /host1 HTTP/1.1\r\n\r\n"),
                Arguments.of("duplicate Host", "GET /host2 HTTP/1.1\r\n" + H + H + "\r\n"),
                Arguments.of("Host with space", "GET /host3 HTTP/1.1\r\nHost: a b\r\n\r\n"),
                Arguments.of("absolute-form", "GET http://example.com/abs HTTP/1.1\r\n" + H + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framingAttacks")
    void refusesAndClosesWithoutForwardingTheSmuggledPart(String name, String payload) throws Exception {
        String marker = payload.substring(payload.indexOf(' ') + 1, payload.indexOf(' ', payload.indexOf(' ') + 1));
        RawHttp.Reply reply = RawHttp.send(port, payload);

        assertThat(reply.status()).as(name + " answered: " + reply.text()).isBetween(400, 505).isNotIn(404);
        assertThat(reply.closed()).as(name + " closes the connection").isTrue();
        assertThat(backend.requests()).as(name + " reached the backend")
                .noneMatch(r -> r.uri().contains("smuggled") || r.body().contains("SMUGGLED")
                        || r.body().contains("GET /"))
                .noneMatch(r -> r.uri().equals(marker) || r.uri().endsWith("/abs"));
    }

    /**
     * RFC 9112 §5.2 lets a proxy either refuse obs-fold or replace it with spaces; Netty's decoder does
     * the latter, so the fold must reach the backend as one plain value, never as a line break.
     */
    @Test
    void obsFoldIsRefusedOrUnfolded() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /fold HTTP/1.1\r\n" + H + "X-A: a\r\n X-Injected: b\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(reply.status()).isIn(200, 400);
        assertThat(backend.requests()).noneMatch(r -> r.headers().contains("x-injected"));
        backend.requests().stream().filter(r -> r.uri().equals("/fold"))
                .forEach(r -> assertThat(r.headers().get("x-a")).doesNotContain("\r", "\n"));
    }

    @Test
    void neverForwardsH2cUpgrade() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /h2c HTTP/1.1\r\n" + H
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(reply.status()).isEqualTo(200);
        var seen = backend.requests().stream().filter(r -> r.uri().equals("/h2c")).findFirst().orElseThrow();
        assertThat(seen.headers().contains("upgrade")).isFalse();
        assertThat(seen.headers().contains("http2-settings")).isFalse();
    }

    @Test
    void encodedCrLfInPathNeverBecomesAHeader() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /ok%0d%0aX-Injected:%20yes HTTP/1.1\r\n" + H
                + "Connection: close\r\n\r\n");
        assertThat(reply.status()).isPositive();
        assertThat(reply.text()).doesNotContain("\r\nX-Injected");
        assertThat(backend.requests()).noneMatch(r -> r.headers().contains("x-injected"))
                .noneMatch(r -> r.uri().contains("\r") || r.uri().contains("\n"));
    }

    @Test
    void requestLineOver8KiBIs414() throws Exception {
        RawHttp.Reply reply = RawHttp.send(port, "GET /long" + "a".repeat(9000) + " HTTP/1.1\r\n" + H + "\r\n");
        assertThat(reply.status()).isEqualTo(414);
        assertThat(reply.closed()).isTrue();
        assertThat(backend.requests()).noneMatch(r -> r.uri().startsWith("/longaaa"));
    }

    @Test
    void headersOver32KiBAre431() throws Exception {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            headers.append("X-Big-").append(i).append(": ").append("v".repeat(1000)).append("\r\n");
        }
        RawHttp.Reply reply = RawHttp.send(port, "GET /bighead HTTP/1.1\r\n" + H + headers + "\r\n");
        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.closed()).isTrue();
        assertThat(backend.requests()).noneMatch(r -> r.uri().equals("/bighead"));
    }

    @Test
    void declaredBodyOverLimitIs413WithoutUpstreamRequest() throws Exception {
        RawHttp.Reply reply = RawHttp.send(smallBodyPort, "POST /too-big HTTP/1.1\r\n" + H
                + "Content-Length: 2000\r\n\r\n" + "x".repeat(2000));
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.closed()).isTrue();
        assertThat(backend.requests()).noneMatch(r -> r.uri().equals("/too-big"));
    }

    @Test
    void bodyWithinLimitStillPasses() throws Exception {
        RawHttp.Reply reply = RawHttp.send(smallBodyPort, "POST /fits HTTP/1.1\r\n" + H
                + "Content-Length: 1000\r\nConnection: close\r\n\r\n" + "y".repeat(1000));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).endsWith("y".repeat(1000));
    }

    @Test
    void chunkedBodyGrowingPastLimitNeverCompletesUpstream() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            body.append("190\r\n").append("z".repeat(400)).append("\r\n");
        }
        body.append("0\r\n\r\n");
        RawHttp.Reply reply = RawHttp.send(smallBodyPort, "POST /growing HTTP/1.1\r\n" + H
                + "Transfer-Encoding: chunked\r\n\r\n" + body);
        assertThat(reply.closed()).isTrue();
        if (reply.status() != -1) {
            assertThat(reply.status()).isEqualTo(413);
        }
        assertThat(backend.requests()).noneMatch(r -> r.uri().equals("/growing"));
    }

    @Test
    void slowlorisGets408AndClose() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", slowHeadPort), 5000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /slowloris HTTP/1.1\r\nHost: exa".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 408");
        }
        assertThat(backend.requests()).noneMatch(r -> r.uri().equals("/slowloris"));
    }
}
