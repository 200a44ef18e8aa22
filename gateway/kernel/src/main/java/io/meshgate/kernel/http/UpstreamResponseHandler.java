package io.meshgate.kernel.http;

import io.meshgate.kernel.upstream.ReusableProxyHandler;
import io.meshgate.kernel.upstream.UpstreamConnectionPool;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits at the end of an upstream connection's pipeline and hands everything it reads to the
 * exchange that holds the connection. It stays on the connection while the pool keeps it idle
 * (no per-request pipeline edits) and drops anything read while no exchange is attached.
 */
final class UpstreamResponseHandler extends ChannelInboundHandlerAdapter implements ReusableProxyHandler {
    static final String NAME = UpstreamConnectionPool.PROXY_HANDLER_NAME;

    private Exchange exchange;

    /** The handler of {@code ch}, added on first use. */
    static UpstreamResponseHandler on(Channel ch) {
        UpstreamResponseHandler handler = (UpstreamResponseHandler) ch.pipeline().get(NAME);
        if (handler == null) {
            handler = new UpstreamResponseHandler();
            ch.pipeline().addLast(NAME, handler);
        }
        return handler;
    }

    void attach(Exchange e) {
        exchange = e;
    }

    void detach() {
        exchange = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exchange != null && exchange.owns(ctx.channel())) {
            exchange.onUpstreamMessage(msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null && exchange.owns(ctx.channel())) {
            exchange.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null && exchange.owns(ctx.channel())) {
            exchange.onUpstreamWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null && exchange.owns(ctx.channel())) {
            exchange.upstreamReset("upstream closed connection");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (exchange != null && exchange.owns(ctx.channel())) {
            exchange.upstreamReset("upstream connection error");
        }
        ctx.close();
    }
}
