package io.meshgate.kernel.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits at the end of a leased upstream connection's pipeline and hands everything it reads to the
 * exchange that holds the connection. Removed before the connection goes back to the pool.
 */
final class UpstreamResponseHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "proxy-response";

    private final Exchange exchange;

    UpstreamResponseHandler(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exchange.owns(ctx.channel())) {
            exchange.onUpstreamMessage(msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange.owns(ctx.channel())) {
            exchange.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange.owns(ctx.channel())) {
            exchange.upstreamFailed("upstream closed connection");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (exchange.owns(ctx.channel())) {
            exchange.upstreamFailed("upstream connection error");
        }
        ctx.close();
    }
}
