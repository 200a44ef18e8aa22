package io.meshgate.kernel.tunnel;

import static io.meshgate.kernel.tunnel.EmbeddedTunnels.ascii;
import static io.meshgate.kernel.tunnel.EmbeddedTunnels.written;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.TunnelMode;
import io.meshgate.config.TunnelRule;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectFrontendTest {
    private final EmbeddedTunnels tunnels = new EmbeddedTunnels();
    private final TunnelRule httpbin = new TunnelRule("httpbin", Set.of(), List.of("httpbin.org"), List.of(), List.of(80));

    private String send(String request) {
        EmbeddedChannel ch = tunnels.open(TunnelMode.CONNECT, false, httpbin);
        ch.writeInbound(ascii(request));
        String answer = written(ch);
        assertThat(ch.isOpen()).as("closed after " + answer).isFalse();
        ch.finishAndReleaseAll();
        return answer;
    }

    @Test
    void anotherMethodIs405WithAllowConnect() {
        String answer = send("GET http://httpbin.org/ HTTP/1.1\r\nHost: httpbin.org\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("Allow: CONNECT\r\n")
                .contains("Connection: close\r\n");
        assertThat(tunnels.count(TunnelMetrics.REJECTED, "method_not_allowed")).isEqualTo(1);
        assertThat(tunnels.accessLines).singleElement().asString().contains("\"status\":405")
                .contains("\"response_flags\":\"DPE\"");
    }

    @Test
    void malformedRequestsAre400() {
        for (String bad : List.of(
                "CONNECT httpbin.org HTTP/1.1\r\n\r\n", // no port
                "CONNECT /index.html HTTP/1.1\r\n\r\n", // origin form
                "CONNECT http://httpbin.org:80 HTTP/1.1\r\n\r\n", // absolute form
                "CONNECT httpbin.org:80 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", // a body
                "CONNECT httpbin.org:80 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "CONNECT httpbin.org:80 HTTP/1.1\r\nBad Header: x\r\n\r\n",
                "CONNECT httpbin.org:80 HTTP/1.1\nHost: x\n\n", // bare LF: strict line parsing
                "CONNECT " + "a".repeat(9000) + ".org:80 HTTP/1.1\r\n\r\n", // request line over 8 KiB
                "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n")) { // a TLS ClientHello
            assertThat(send(bad)).as(bad.length() > 80 ? bad.substring(0, 80) : bad)
                    .startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
        assertThat(tunnels.count(TunnelMetrics.REJECTED, "malformed_request")).isEqualTo(9);
    }

    @Test
    void aRequestNoRuleAllowsIs403WithTheReasonAndNothingElse() {
        String answer = send("CONNECT example.com:80 HTTP/1.1\r\nHost: example.com:80\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 403 Forbidden\r\n").endsWith("\r\n\r\ndestination not allowed\n");
        answer = send("CONNECT httpbin.org:8080 HTTP/1.1\r\n\r\n");
        assertThat(answer).endsWith("port not allowed\n");
        assertThat(tunnels.count(TunnelMetrics.DENIED, "destination_not_allowed")).isEqualTo(1);
        assertThat(tunnels.count(TunnelMetrics.DENIED, "port_not_allowed")).isEqualTo(1);
        assertThat(tunnels.accessLines).hasSize(2).first().asString()
                .contains("\"authority\":\"example.com:80\"").contains("\"status\":403")
                .contains("\"response_flags\":\"RBAC\"").contains("\"route\":\"none\"")
                .contains("no tunnel rule allows an unauthenticated caller to example.com:80");
    }

    @Test
    void anAllowedNameThatDoesNotResolveIs502() {
        String answer = send("CONNECT httpbin.org:80 HTTP/1.1\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 502 Bad Gateway\r\n").endsWith("cannot resolve\n");
        assertThat(tunnels.count(TunnelMetrics.FAILURES, "cannot_resolve")).isEqualTo(1);
        assertThat(tunnels.accessLines).singleElement().asString().contains("\"route\":\"httpbin\"")
                .contains("\"response_flags\":\"UF\"");
    }

    @Test
    void aRequestHeadThatDoesNotCompleteInTimeIs408() {
        EmbeddedChannel ch = tunnels.open(TunnelMode.CONNECT, false, httpbin);
        ch.writeInbound(ascii("CONNECT httpbin.org:80 HTTP/1.1\r\n"));
        assertThat(written(ch)).isEmpty();
        ch.advanceTimeBy(TunnelConnections.REQUEST_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(written(ch)).startsWith("HTTP/1.1 408 Request Timeout\r\n");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aConnectionThatSendsNothingLeavesNoLine() {
        EmbeddedChannel ch = tunnels.open(TunnelMode.CONNECT, false, httpbin);
        ch.close();
        ch.finishAndReleaseAll();
        assertThat(tunnels.accessLines).isEmpty();
    }
}
