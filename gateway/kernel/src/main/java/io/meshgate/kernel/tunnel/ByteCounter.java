package io.meshgate.kernel.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts a tunnel's bytes on the caller's connection once it relays: read from the caller (received)
 * and written to it (sent), in plaintext (it sits after TLS). The request and its answer are not
 * counted: only what the tunnel carried.
 */
final class ByteCounter extends ChannelDuplexHandler {
    private final TunnelRecord record;

    ByteCounter(TunnelRecord record) {
        this.record = record;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            record.received(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            record.sent(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
