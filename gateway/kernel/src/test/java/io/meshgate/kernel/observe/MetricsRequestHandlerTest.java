package io.meshgate.kernel.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The metrics-only listener's answers, byte for byte through the codec it runs behind: only the
 * scrape path, only GET and HEAD, no body, and the connection kept or closed as the client and the
 * request's shape say.
 */
class MetricsRequestHandlerTest {
    private static final String SCRAPE = "# TYPE up gauge\nup 1\n";

    @Test
    void getAnswersTheScrapeAsPrometheusTextAndKeepsTheConnection() {
        EmbeddedChannel channel = channel(() -> SCRAPE);

        String answer = exchange(channel, "GET /stats/prometheus HTTP/1.1\r\nHost: 10.0.0.1:15010\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n")
                .containsIgnoringCase("content-type: text/plain; version=0.0.4; charset=utf-8\r\n")
                .containsIgnoringCase("content-length: " + SCRAPE.length() + "\r\n")
                .containsIgnoringCase("cache-control: no-store\r\n")
                .endsWith("\r\n\r\n" + SCRAPE);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aQueryAndAnAbsoluteTargetStillNameTheScrapePath() {
        EmbeddedChannel channel = channel(() -> SCRAPE);

        assertThat(exchange(channel, "GET /stats/prometheus?name[]=up HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
        assertThat(exchange(channel, "GET http://10.0.0.1:15010/stats/prometheus HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
    }

    @Test
    void headAnswersGetsHeadersWithoutTheBody() {
        EmbeddedChannel channel = channel(() -> "é\n");

        String answer = exchange(channel, "HEAD /stats/prometheus HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n")
                .containsIgnoringCase("content-length: 3\r\n") // UTF-8 bytes of the GET body
                .endsWith("\r\n\r\n");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void otherPathsAre404AndNeverTheAdminPages() {
        EmbeddedChannel channel = channel(() -> SCRAPE);

        for (String path : new String[] {"/", "/config_dump", "/stats", "/metrics", "/certs", "/ready",
                "/stats/prometheus/", "/stats/prometheusx"}) {
            String answer = exchange(channel, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(answer).as(path).startsWith("HTTP/1.1 404 ")
                    .endsWith("not found; metrics are at /stats/prometheus\n");
        }
        assertThat(exchange(channel, "POST /quitquitquit HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"))
                .startsWith("HTTP/1.1 404 ");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void otherMethodsAre405WithAllowAndABodyClosesTheConnection() {
        EmbeddedChannel channel = channel(() -> SCRAPE);

        String options = exchange(channel, "OPTIONS /stats/prometheus HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(options).startsWith("HTTP/1.1 405 ").containsIgnoringCase("allow: GET, HEAD\r\n");
        assertThat(channel.isOpen()).isTrue();

        String post = exchange(channel, "POST /stats/prometheus HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx");
        assertThat(post).startsWith("HTTP/1.1 405 ").containsIgnoringCase("connection: close\r\n");
        assertThat(channel.isOpen()).as("nobody streams data at the port").isFalse();
    }

    @Test
    void aGetWithABodyIs413AndCloses() {
        EmbeddedChannel channel = channel(() -> SCRAPE);

        String answer = exchange(channel, "GET /stats/prometheus HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413 ");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void connectionCloseAndHttp10WithoutKeepAliveClose() {
        EmbeddedChannel asked = channel(() -> SCRAPE);
        assertThat(exchange(asked, "GET /stats/prometheus HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ").containsIgnoringCase("connection: close\r\n");
        assertThat(asked.isOpen()).isFalse();

        EmbeddedChannel old = channel(() -> SCRAPE);
        assertThat(exchange(old, "GET /stats/prometheus HTTP/1.0\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ").endsWith(SCRAPE);
        assertThat(old.isOpen()).isFalse();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        EmbeddedChannel channel = channel(() -> SCRAPE);

        String answers = exchange(channel, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /stats/prometheus HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answers.indexOf("HTTP/1.1 404 ")).isZero();
        assertThat(answers.indexOf("HTTP/1.1 200 ")).isPositive();
        assertThat(answers).endsWith(SCRAPE);
    }

    @Test
    void malformedOrOversizedHeadsAreRefusedAndClosed() {
        assertRefused("GET /stats/prometheus?" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
        assertRefused("GET /stats/prometheus HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n", 431);
        assertRefused("NOT-HTTP\r\n\r\n", 400);
        assertRefused("GET /stats/prom%ZZ HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @Test
    void aFailingScrapeIs500AndTheConnectionStays() {
        EmbeddedChannel channel = channel(() -> {
            throw new IllegalStateException("meter broke");
        });

        String answer = exchange(channel, "GET /stats/prometheus HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 500 ").endsWith("internal error: IllegalStateException\n");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anIdleConnectionIsClosed() {
        EmbeddedChannel channel = channel(() -> SCRAPE);

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

        assertThat(channel.isOpen()).isFalse();
    }

    private static void assertRefused(String request, int status) {
        EmbeddedChannel channel = channel(() -> SCRAPE);
        assertThat(exchange(channel, request)).as(request.substring(0, Math.min(20, request.length())))
                .startsWith("HTTP/1.1 " + status + " ");
        assertThat(channel.isOpen()).isFalse();
    }

    /** The listener's pipeline without the idle timer, whose events the test fires itself. */
    private static EmbeddedChannel channel(Supplier<String> scrape) {
        return new EmbeddedChannel(OperatorListeners.codec(), new MetricsRequestHandler(scrape));
    }

    private static String exchange(EmbeddedChannel channel, String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        for (ByteBuf bytes; (bytes = channel.readOutbound()) != null; ) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.release();
        }
        return out.toString();
    }
}
