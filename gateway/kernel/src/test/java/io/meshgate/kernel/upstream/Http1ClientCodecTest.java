package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upstream HTTP/1.1 codec's framing rules and its verdict on whether a connection is reusable. */
class Http1ClientCodecTest {
    private final Http1ClientCodec codec = new Http1ClientCodec();
    private final List<Throwable> errors = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(codec, new ChannelInboundHandlerAdapter() {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }
    });

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private void send(HttpMethod method, String uri) {
        channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        releaseOutbound();
    }

    private void releaseOutbound() {
        Object out;
        while ((out = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(out);
        }
    }

    private void receive(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    /** Reads the decoded messages: statuses as "200", bodies as text, the end as "END". */
    private List<String> decoded() {
        List<String> result = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof HttpResponse r) {
                result.add(String.valueOf(r.status().code()));
            }
            if (msg instanceof HttpContent c && c.content().isReadable()) {
                result.add(c.content().toString(StandardCharsets.US_ASCII));
            }
            if (msg instanceof LastHttpContent) {
                result.add("END");
            }
            if (msg instanceof ByteBuf raw) {
                result.add("raw:" + raw.toString(StandardCharsets.US_ASCII));
            }
            ReferenceCountUtil.release(msg);
        }
        return result;
    }

    @Test
    void aCompleteExchangeLeavesTheConnectionReusable() {
        send(HttpMethod.GET, "/");
        assertThat(codec.reusable()).isFalse();

        receive("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");

        assertThat(decoded()).containsExactly("200", "ok", "END");
        assertThat(codec.reusable()).isTrue();
    }

    @Test
    void aHeadResponseHasNoBodyWhateverItsContentLength() {
        send(HttpMethod.HEAD, "/");
        send(HttpMethod.GET, "/");

        receive("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 1\r\n\r\nx");

        assertThat(decoded()).containsExactly("200", "END", "201", "x", "END");
        assertThat(codec.reusable()).isTrue();
    }

    @Test
    void interimResponsesPrecedeTheFinalOne() {
        send(HttpMethod.POST, "/upload");

        receive("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a.css>\r\n\r\n");
        assertThat(codec.reusable()).isFalse();
        receive("HTTP/1.1 204 No Content\r\n\r\n");

        assertThat(decoded()).containsExactly("100", "END", "103", "END", "204", "END");
        assertThat(codec.reusable()).isTrue();
    }

    @Test
    void bytesBeyondTheResponseMakeTheConnectionUnusable() {
        send(HttpMethod.GET, "/");

        receive("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokHTTP/1.1 200");

        assertThat(decoded()).containsExactly("200", "ok", "END");
        assertThat(codec.reusable()).isFalse();
    }

    @Test
    void aRequestWhoseBodyIsStillBeingSentIsNotReusable() {
        channel.writeOutbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/"));
        releaseOutbound();
        // the server answered early (e.g. 413) while the body is still on its way
        receive("HTTP/1.1 413 Payload Too Large\r\ncontent-length: 0\r\n\r\n");

        assertThat(decoded()).containsExactly("413", "END");
        assertThat(codec.reusable()).isFalse();
    }

    @Test
    void aSwitchToAnotherProtocolIsNeverReused() {
        send(HttpMethod.GET, "/ws");

        receive("HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n");

        assertThat(decoded()).startsWith("101");
        assertThat(codec.reusable()).isFalse();
    }

    @Test
    void afterConnectTheBytesAreATunnel() {
        send(HttpMethod.CONNECT, "example.com:443");

        receive("HTTP/1.1 200 Connection Established\r\n\r\n");
        receive("\u0016\u0003\u0001");

        assertThat(decoded()).containsExactly("200", "END", "raw:\u0016\u0003\u0001");
        assertThat(codec.reusable()).isFalse();
    }

    @Test
    void aResponseToNoRequestIsAFailureThatPoisonsTheConnection() {
        receive("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");

        HttpResponse response = channel.readInbound();
        assertThat(response.decoderResult().isFailure()).isTrue();
        assertThat(codec.reusable()).isFalse();
        ReferenceCountUtil.release(response);
    }

    @Test
    void malformedResponseHeadersPoisonTheConnection() {
        send(HttpMethod.GET, "/");

        receive("HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\nok");

        HttpResponse response = channel.readInbound();
        assertThat(response.decoderResult().isFailure()).isTrue();
        decoded();
        assertThat(codec.reusable()).isFalse();
    }

    @Test
    void closingWithAResponseMissingIsReported() {
        send(HttpMethod.GET, "/");
        receive("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly part");

        channel.close();

        assertThat(errors).hasAtLeastOneElementOfType(PrematureChannelClosureException.class);
        assertThat(decoded()).containsExactly("200", "only part");
    }

    @Test
    void aCleanCloseAfterTheResponseIsNotAnError() {
        send(HttpMethod.GET, "/");
        receive("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");

        channel.close();

        assertThat(errors).isEmpty();
        assertThat(decoded()).containsExactly("200", "END");
    }
}
