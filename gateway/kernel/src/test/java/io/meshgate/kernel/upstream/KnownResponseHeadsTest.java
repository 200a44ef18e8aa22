package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upstream decoder's shared spellings: same bytes, same headers, fewer objects; anything else as before. */
class KnownResponseHeadsTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new Http1ClientCodec());

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private HttpResponse decode(String head) {
        channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        for (Object out; (out = channel.readOutbound()) != null; ) {
            ReferenceCountUtil.release(out);
        }
        channel.writeInbound(Unpooled.copiedBuffer(head, StandardCharsets.US_ASCII));
        HttpResponse response = channel.readInbound();
        for (Object rest; (rest = channel.readInbound()) != null; ) {
            ReferenceCountUtil.release(rest);
        }
        return response;
    }

    private static List<CharSequence> names(HttpResponse response) {
        List<CharSequence> names = new ArrayList<>();
        response.headers().iteratorCharSequence().forEachRemaining(e -> names.add(e.getKey()));
        return names;
    }

    @Test
    void knownNamesAreSharedAndKeepTheUpstreamsSpelling() {
        HttpResponse first = decode("HTTP/1.1 200 OK\r\nServer: nginx\r\ncontent-type: text/plain\r\n"
                + "X-Custom: 1\r\nContent-Length: 0\r\n\r\n");
        HttpResponse second = decode("HTTP/1.1 200 OK\r\nServer: nginx\r\ncontent-type: text/plain\r\n"
                + "X-Custom: 2\r\nContent-Length: 0\r\n\r\n");

        assertThat(names(first)).extracting(CharSequence::toString)
                .containsExactly("Server", "content-type", "X-Custom", "Content-Length");
        assertThat(names(first).get(0)).isSameAs(names(second).get(0));
        assertThat(names(first).get(1)).isSameAs(names(second).get(1));
        assertThat(names(first).get(2)).isNotSameAs(names(second).get(2)); // unknown: decoded as before
        assertThat(first.headers().get("content-type")).isEqualTo("text/plain");
        assertThat(first.headers().get("CONTENT-TYPE")).isEqualTo("text/plain");
    }

    @Test
    void aNameInAnotherCaseIsNotReplacedByTheCanonicalOne() {
        HttpResponse response = decode("HTTP/1.1 200 OK\r\nSERVER: shouty\r\nContent-Length: 0\r\n\r\n");

        assertThat(names(response).getFirst().toString()).isEqualTo("SERVER");
        assertThat(response.headers().get("server")).isEqualTo("shouty");
    }

    @Test
    void commonStatusLinesDecodeToNettysConstants() {
        assertThat(decode("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").status()).isSameAs(HttpResponseStatus.OK);
        assertThat(decode("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").status())
                .isSameAs(HttpResponseStatus.NOT_FOUND);
        assertThat(decode("HTTP/1.0 304 Not Modified\r\n\r\n").protocolVersion()).isSameAs(HttpVersion.HTTP_1_0);
    }

    @Test
    void otherStatusLinesKeepTheirCodeAndReason() {
        HttpResponse custom = decode("HTTP/1.1 200 Fine\r\nContent-Length: 0\r\n\r\n");
        HttpResponse rare = decode("HTTP/1.1 418 I'm a teapot\r\nContent-Length: 0\r\n\r\n");
        HttpResponse bare = decode("HTTP/1.1 503 \r\nContent-Length: 0\r\n\r\n");

        assertThat(Map.of("code", custom.status().code(), "reason", custom.status().reasonPhrase()))
                .isEqualTo(Map.of("code", 200, "reason", "Fine"));
        assertThat(rare.status().code()).isEqualTo(418);
        assertThat(rare.status().reasonPhrase()).isEqualTo("I'm a teapot");
        assertThat(bare.status().code()).isEqualTo(503);
        assertThat(bare.status().reasonPhrase()).isEmpty();
    }

    @Test
    void lookupsMatchWholeSpellingsOnly() {
        byte[] line = "Content-Lengthy".getBytes(StandardCharsets.US_ASCII);

        assertThat((Object) KnownResponseHeads.headerName(line, 0, 14)).isEqualTo(AsciiString.of("Content-Length"));
        assertThat((Object) KnownResponseHeads.headerName(line, 0, 15)).isNull();
        assertThat((Object) KnownResponseHeads.headerName(line, 1, 13)).isNull();
        assertThat(KnownResponseHeads.statusCode("2000".getBytes(StandardCharsets.US_ASCII), 0, 4)).isNull();
        assertThat(KnownResponseHeads.version("HTTP/1.10".getBytes(StandardCharsets.US_ASCII), 0, 9)).isNull();
        assertThat((Object) KnownResponseHeads.headerName(new byte[64], 0, 64)).isNull();
    }
}
