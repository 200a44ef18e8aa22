package io.meshgate.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HopByHopHeadersTest {

    private static HttpHeaders headers(String... pairs) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < pairs.length; i += 2) {
            h.add(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    @Test
    void leavesEndToEndHeadersAlone() {
        HttpHeaders h = headers("Host", "a", "Content-Length", "5", "X-Custom", "1");
        HopByHopHeaders.strip(h, false);
        assertThat(h.names()).containsExactlyInAnyOrder("Host", "Content-Length", "X-Custom");
    }

    @Test
    void removesHopByHopAndNominatedHeadersButNotProtectedOnes() {
        HttpHeaders h = headers("Connection", "close, X-Secret, X-Forwarded-For, Host", "X-Secret", "s",
                "Keep-Alive", "timeout=5", "TE", "trailers", "Transfer-Encoding", "chunked",
                "Proxy-Authorization", "Basic x", "X-Forwarded-For", "1.2.3.4", "Host", "a",
                "Upgrade", "h2c", "HTTP2-Settings", "AAA");
        HopByHopHeaders.strip(h, false);
        assertThat(h.names()).containsExactlyInAnyOrder("X-Forwarded-For", "Host");
    }

    @Test
    void keepsUpgradeOnlyWhenAsked() {
        HttpHeaders h = headers("Connection", "Upgrade", "Upgrade", "websocket");
        HopByHopHeaders.strip(h, true);
        assertThat(h.get("Upgrade")).isEqualTo("websocket");
        assertThat(h.contains("Connection")).isFalse();
    }
}
