package io.meshgate.kernel.observe;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The request handler of an operator listener ({@link OperatorListeners}): a connection that stays
 * idle past the listener's timeout, or fails, is closed; nobody waits on it and there is nothing to
 * report back (the peer sees the close).
 */
abstract class ClosingHttpHandler extends SimpleChannelInboundHandler<HttpObject> {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
