package io.meshgate.kernel.tunnel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First in the caller's pipeline: notes that the caller sent something (so the connection is reported)
 * and leaves. A TCP health probe that connects and closes stays out of the access log and the counters.
 */
final class FirstByteMark extends ChannelInboundHandlerAdapter {
    private final TunnelRecord record;

    FirstByteMark(TunnelRecord record) {
        this.record = record;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        record.firstByte();
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }
}
