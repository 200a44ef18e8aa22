package io.meshgate.kernel.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * On a cleartext listener with HTTP/2 enabled, looks at the first bytes: the HTTP/2 connection
 * preface means h2c with prior knowledge, anything else is HTTP/1.1. The h2c {@code Upgrade} dance
 * is deliberately not offered (and {@code Upgrade: h2c} is never forwarded: h2c smuggling).
 * Buffered bytes are handed to the chosen pipeline when this handler removes itself.
 */
public final class H2cPriorKnowledgeDetector extends ByteToMessageDecoder {
    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final Runnable installHttp1;
    private final Runnable installHttp2;

    public H2cPriorKnowledgeDetector(Runnable installHttp1, Runnable installHttp2) {
        this.installHttp1 = installHttp1;
        this.installHttp2 = installHttp2;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
        if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, n)) {
            installHttp1.run();
            ctx.pipeline().remove(this);
            return;
        }
        if (n == PREFACE.readableBytes()) {
            installHttp2.run();
            ctx.pipeline().remove(this);
        }
        // not enough bytes to tell yet: wait for the next read
    }
}
