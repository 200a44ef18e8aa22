package io.meshgate.kernel.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * One pooled HTTP/1.1 connection: its pool bookkeeping, and the pipeline handler that sits after
 * the codec. While the connection is lent out it passes everything on to the proxy's handler;
 * while it is idle, any inbound message, error or TLS close_notify (a server speaking out of turn)
 * closes it, so no stray bytes wait there for the next request.
 */
final class Http1Connection extends ChannelInboundHandlerAdapter {
    static final AttributeKey<Http1Connection> KEY = AttributeKey.valueOf(Http1Connection.class, "connection");

    enum State { CONNECTING, BUSY, IDLE, CLOSED }

    final Http1EndpointPool pool;
    final Http1ClientCodec codec = new Http1ClientCodec();
    Channel channel;
    State state = State.CONNECTING;
    int gauge = PoolGauges.NONE;
    long idleSinceNanos;
    /** The cluster load this connection is counted in (a cluster with {@code maxConnections}); null: none. */
    ClusterLoad countedIn;
    /** Requests this connection was lent out for, for {@code maxRequestsPerConnection}. */
    int requests;
    /** The future every reuse of this connection answers with: made once, not per request. */
    private io.netty.util.concurrent.Future<Channel> lent;

    Http1Connection(Http1EndpointPool pool) {
        this.pool = pool;
    }

    /** A succeeded future of this connection's channel, for the pool to hand out on reuse. */
    io.netty.util.concurrent.Future<Channel> lent() {
        if (lent == null) {
            lent = channel.eventLoop().newSucceededFuture(channel);
        }
        return lent;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.BUSY) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        ctx.fireUserEventTriggered(evt);
        if (state != State.BUSY && evt instanceof SslCloseCompletionEvent) {
            // the server ended TLS on an idle connection: it cannot carry another request
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.BUSY) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        ctx.close();
    }
}
