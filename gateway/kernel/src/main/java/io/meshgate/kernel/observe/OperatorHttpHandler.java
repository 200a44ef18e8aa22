package io.meshgate.kernel.observe;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The request handler of an operator listener ({@link OperatorListeners}): it acts on request heads
 * (body chunks are dropped: SimpleChannelInboundHandler releases them), answers a head the codec could
 * not parse with its status (414, 431 or 400) and closes, and hands well-formed ones to {@link #handle}.
 * A connection that stays idle past the listener's timeout, or fails, is closed; nobody waits on it and
 * there is nothing to report back (the peer sees the close).
 */
abstract class OperatorHttpHandler extends SimpleChannelInboundHandler<HttpObject> {
    /** Answers one well-formed request head. */
    protected abstract void handle(ChannelHandlerContext ctx, HttpRequest request);

    @Override
    protected final void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (!(msg instanceof HttpRequest request)) {
            return;
        }
        if (request.decoderResult().isFailure()) {
            HttpResponseStatus status = TextResponses.statusOfDecoderFailure(request.decoderResult().cause());
            TextResponses.send(ctx, request, status, TextResponses.TEXT, status.reasonPhrase() + "\n", true);
            return;
        }
        handle(ctx, request);
    }

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
