package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.TunnelMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client side of an egress tunnel on an EmbeddedChannel: the bytes it sends and how it reads answers. */
class TunnelClientHandshakeTest {
    private final List<Throwable> outcomes = new ArrayList<>();
    private final List<String> passedOn = new ArrayList<>();
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private TunnelClientHandshake start(TunnelMode mode, String host, int port) {
        TunnelClientHandshake handshake = new TunnelClientHandshake(mode, host, port, outcomes::add);
        channel = new EmbeddedChannel(handshake, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passedOn.add(((ByteBuf) msg).toString(StandardCharsets.ISO_8859_1));
                ((ByteBuf) msg).release();
            }
        });
        handshake.start(channel.pipeline().context(handshake));
        return handshake;
    }

    private String sent() {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(ByteBufUtil.hexDump(buf)).append(' ');
            buf.release();
        }
        return out.toString().trim();
    }

    private void answer(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private void answer(int... bytes) {
        ByteBuf buf = Unpooled.buffer();
        for (int b : bytes) {
            buf.writeByte(b);
        }
        channel.writeInbound(buf);
    }

    @Test
    void connectAsksForHostAndPortAndOpensOnA2xxHeadSplitAcrossReads() {
        start(TunnelMode.CONNECT, "httpbin.org", 443);
        assertThat(sent()).isEqualTo(ByteBufUtil.hexDump(
                "CONNECT httpbin.org:443 HTTP/1.1\r\nHost: httpbin.org:443\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        answer("HTTP/1.1 200 Connection est");
        assertThat(outcomes).isEmpty();
        // as a relay does: the next handler reads when it is ready
        channel.config().setAutoRead(false);
        answer("ablished\r\nVia: gw\r\n\r\nserver-first greeting");
        assertThat(outcomes).containsExactly((Throwable) null);
        assertThat(passedOn).as("early bytes wait for the next read").isEmpty();
        channel.read();
        assertThat(passedOn).containsExactly("server-first greeting");
        channel.config().setAutoRead(true);
        answer("more");
        assertThat(passedOn).containsExactly("server-first greeting", "more");
    }

    @Test
    void connectBracketsIpv6AndRefusesNon2xxAndOversizedAnswers() {
        start(TunnelMode.CONNECT, "2001:db8::7", 80);
        assertThat(sent()).isEqualTo(ByteBufUtil.hexDump(
                "CONNECT [2001:db8::7]:80 HTTP/1.1\r\nHost: [2001:db8::7]:80\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        answer("HTTP/1.1 403 Forbidden\r\n\r\n");
        assertThat(outcomes).singleElement().isInstanceOf(TunnelRefusedException.class)
                .hasFieldOrPropertyWithValue("message", "tunnel to [2001:db8::7]:80: the gateway refused CONNECT "
                        + "[2001:db8::7]:80: HTTP/1.1 403 Forbidden");
        assertThat(channel.isOpen()).isFalse();

        outcomes.clear();
        start(TunnelMode.CONNECT, "a.example", 80);
        sent();
        answer("HTTP/1.1 200 OK\r\n" + "X: " + "y".repeat(TunnelClientHandshake.MAX_CONNECT_RESPONSE_BYTES));
        assertThat(outcomes).singleElement().asString().contains("longer than 8192 bytes");
    }

    @Test
    void statusLinesAreReadStrictly() {
        assertThat(TunnelClientHandshake.connectStatus("HTTP/1.1 200 Connection established")).isEqualTo(200);
        assertThat(TunnelClientHandshake.connectStatus("HTTP/1.0 204")).isEqualTo(204);
        assertThat(TunnelClientHandshake.connectStatus("HTTP/1.1 2000 x")).isEqualTo(-1);
        assertThat(TunnelClientHandshake.connectStatus("SSH-2.0-OpenSSH")).isEqualTo(-1);
    }

    @Test
    void socks5GreetsWithoutAuthenticationThenConnectsByDomainName() {
        start(TunnelMode.SOCKS5, "httpbin.org", 443);
        assertThat(sent()).isEqualTo("050100");
        answer(5, 0);
        assertThat(sent()).isEqualTo("050100030b" + ByteBufUtil.hexDump("httpbin.org".getBytes(StandardCharsets.US_ASCII))
                + "01bb");
        answer(5, 0, 0, 3, 4, 'g', 'w', '.', 'x', 0, 80);
        assertThat(outcomes).containsExactly((Throwable) null);
    }

    @Test
    void socks5UsesAddressTypesForLiteralsAndReportsReplyCodes() {
        start(TunnelMode.SOCKS5, "203.0.113.7", 5432);
        sent();
        answer(5, 0);
        assertThat(sent()).isEqualTo("05010001cb00710715" + "38");
        answer(5, 2, 0, 1, 0, 0, 0, 0, 0, 0);
        assertThat(outcomes).singleElement().asString().contains("reply 2 (connection not allowed by ruleset)");

        outcomes.clear();
        start(TunnelMode.SOCKS5, "2001:db8::7", 443);
        sent();
        answer(5, 0xff);
        assertThat(outcomes).singleElement().asString().contains("accepts no unauthenticated client");
    }

    @Test
    void aGatewayThatClosesBeforeAnsweringFailsTheTunnel() {
        start(TunnelMode.SOCKS5, "httpbin.org", 443);
        channel.close();
        assertThat(outcomes).singleElement().asString().contains("the gateway closed the connection");
    }
}
