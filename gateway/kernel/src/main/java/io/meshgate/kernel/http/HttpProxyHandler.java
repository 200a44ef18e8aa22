package io.meshgate.kernel.http;

import io.meshgate.kernel.tcp.TcpRelayHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * The downstream side of the proxy for one HTTP/1.1 connection or one HTTP/2 stream. One request is
 * handled at a time: what the exchange cannot take yet (a pipelined request, body chunks before the
 * upstream is connected or while it is not writable) waits in a small backlog and reading pauses, so
 * a request body is read only as fast as the upstream takes it.
 */
public final class HttpProxyHandler extends ChannelInboundHandlerAdapter {

    /** The upstream pool's HTTP handlers, removed when a connection becomes a tunnel. */
    private static final java.util.List<String> UPSTREAM_HTTP_HANDLERS = java.util.List.of("upstream-connection", "http-codec");
    private static final java.time.Duration TUNNEL_IDLE_TIMEOUT = java.time.Duration.ofHours(1);

    private final HttpRuntime runtime;
    private final String listenerName;
    private final boolean http2Stream;
    private final boolean secure;
    private final RequestHeadDeadline deadline;

    private Exchange exchange;
    /** After an early answer to a bodyless request: swallow its end marker, then go on. */
    private boolean discardingRequestTail;
    private boolean closing;

    /**
     * @param deadline the connection's request-head deadline (null on HTTP/2 streams)
     */
    public HttpProxyHandler(HttpRuntime runtime, String listenerName, boolean http2Stream, boolean secure,
                            RequestHeadDeadline deadline) {
        this.runtime = runtime;
        this.listenerName = listenerName;
        this.http2Stream = http2Stream;
        this.secure = secure;
        this.deadline = deadline;
    }

    /**
     * Messages that arrived while the current exchange cannot take them (the next pipelined request,
     * or body chunks while the upstream is not connected or not writable). Reading pauses while it is
     * non-empty, so it holds at most what one socket read decoded.
     */
    private final ArrayDeque<Object> backlog = new ArrayDeque<>(4);
    private ChannelHandlerContext ctx;
    private boolean resuming;
    /** The last Host header of this connection and its parse (an immutable record), reused while it repeats. */
    private String lastHost;
    private Authority lastAuthority;
    /** The client's address as the forwarding headers write it, made once per connection (or stream). */
    private String clientIp;
    private boolean clientIpv6;

    String clientIp() {
        if (clientIp == null) {
            java.net.SocketAddress remote = ctx.channel().remoteAddress();
            java.net.InetSocketAddress client = remote instanceof java.net.InetSocketAddress a ? a : null;
            clientIp = ForwardedHeaders.clientIp(client);
            clientIpv6 = client != null && client.getAddress() instanceof java.net.Inet6Address;
        }
        return clientIp;
    }

    boolean clientIpv6() {
        clientIp();
        return clientIpv6;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBacklog();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!backlog.isEmpty() || !accepts(msg)) {
            backlog.addLast(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        dispatch(ctx, msg);
    }

    /** True when {@code msg} can be handled now. */
    private boolean accepts(Object msg) {
        boolean idle = exchange == null || exchange.finished();
        if (msg instanceof HttpRequest) {
            return idle;
        }
        if (msg instanceof HttpContent) {
            return idle || exchange.acceptsBody();
        }
        return true;
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            onRequestHead(ctx, request);
            return;
        }
        if (msg instanceof HttpContent content) {
            if (exchange != null && !exchange.finished()) {
                exchange.onRequestContent(content);
                return;
            }
            // the rest of a request that was already answered (bodyless, so only its end marker)
            boolean malformed = content.decoderResult().isFailure();
            content.release();
            if (malformed) {
                // the decoder gave up on this connection's framing: nothing after this can be trusted
                closeWith(ctx, io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST, "malformed request");
                return;
            }
            if (discardingRequestTail && content instanceof LastHttpContent) {
                discardingRequestTail = false;
            }
            return;
        }
        ReferenceCountUtil.release(msg);
    }

    /**
     * The exchange can take more (head sent, upstream writable, or it finished): hand over what
     * waited, in order, and read again once nothing waits.
     */
    void resume() {
        if (resuming || ctx == null) {
            return;
        }
        resuming = true;
        try {
            while (!backlog.isEmpty()) {
                if (closing) {
                    releaseBacklog();
                    return;
                }
                if (!accepts(backlog.peekFirst())) {
                    return;
                }
                dispatch(ctx, backlog.pollFirst());
            }
            if (!closing && !ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(true);
            }
        } finally {
            resuming = false;
        }
    }

    private void releaseBacklog() {
        Object msg;
        while ((msg = backlog.pollFirst()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequestHead(ChannelHandlerContext ctx, HttpRequest request) {
        if (deadline != null) {
            deadline.requestReceived();
        }
        if (exchange != null && !exchange.finished()) {
            // cannot happen: heads wait in the backlog; refuse rather than interleave two exchanges
            ReferenceCountUtil.release(request);
            ctx.close();
            return;
        }
        HttpSnapshot snapshot = runtime.snapshot();
        HttpListenerRuntime listener = snapshot.httpListener(listenerName);
        RequestGuard.Rejection rejection = http2Stream ? RequestGuard.checkHttp2(request) : RequestGuard.check(request);
        if (listener == null) {
            ReferenceCountUtil.release(request);
            closeWith(ctx, io.netty.handler.codec.http.HttpResponseStatus.SERVICE_UNAVAILABLE, "listener removed");
            return;
        }
        if (rejection != null) {
            ReferenceCountUtil.release(request);
            runtime.metrics().requestRejected(listenerName, rejection.cause());
            closeWith(ctx, rejection.status(), rejection.cause());
            return;
        }
        String hostHeader = request.headers().get(HttpHeaderNames.HOST);
        Authority authority;
        if (hostHeader == null) {
            authority = null;
        } else if (hostHeader.equals(lastHost)) {
            authority = lastAuthority; // a keep-alive client names the same host request after request
        } else {
            authority = Authority.parse(hostHeader);
            lastHost = hostHeader;
            lastAuthority = authority;
        }
        exchange = new Exchange(this, ctx, runtime, snapshot, listener, request, http2Stream, secure);
        exchange.start(authority);
    }

    private void closeWith(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpResponseStatus status,
                           String cause) {
        closing = true;
        FullHttpResponse response = LocalResponses.of(ctx.alloc(), status, cause, !http2Stream);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Called by the exchange once its response is fully written (or abandoned). */
    void exchangeDone(Exchange done, boolean closeConnection) {
        if (done != exchange) {
            return;
        }
        ChannelHandlerContext ctx = done.downstream();
        if (http2Stream) {
            if (!done.requestComplete()) {
                // answered before the client finished sending: reset the stream (after the response
                // went out) so the rest of its body is not left unread, holding flow-control window
                closing = true;
                releaseBacklog();
                ctx.close();
            }
            return;
        }
        if (closeConnection || runtime.draining()) {
            closing = true;
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!done.requestComplete()) {
            discardingRequestTail = true;
        }
        if (deadline != null) {
            deadline.awaitNextRequest();
        }
        resume();
    }

    /**
     * A WebSocket upgrade succeeded: from now on both connections carry raw bytes. The relays go in
     * before the HTTP handlers come out: a codec removed while it still buffers bytes (the first
     * frames an upstream sent right behind its {@code 101}) hands them to the next handler, which
     * must be the relay, not the end of the pipeline. Those bytes are written to the other
     * connection at once, so both HTTP encoders (which refuse raw bytes) go before either decoder.
     */
    void upgradeToTunnel(ChannelHandlerContext ctx, Channel upstream) {
        Channel downstream = ctx.channel();
        TcpRelayHandler.Pair relay = TcpRelayHandler.pair(downstream, upstream, TUNNEL_IDLE_TIMEOUT);
        downstream.pipeline().addLast("tcp-relay", relay.downstreamHandler());
        upstream.pipeline().addLast("tcp-relay", relay.upstreamHandler());
        downstream.pipeline().remove(this);
        removeEncoders(downstream, HttpServerInitializer.HTTP1_HANDLERS);
        removeEncoders(upstream, UPSTREAM_HTTP_HANDLERS);
        removeIfPresent(downstream, HttpServerInitializer.HTTP1_HANDLERS);
        removeIfPresent(upstream, UPSTREAM_HTTP_HANDLERS);
    }

    private static void removeEncoders(Channel ch, java.util.List<String> names) {
        for (String name : names) {
            if (ch.pipeline().get(name) instanceof CombinedChannelDuplexHandler<?, ?> codec) {
                codec.removeOutboundHandler();
            }
        }
    }

    private static void removeIfPresent(Channel ch, java.util.List<String> names) {
        for (String name : names) {
            if (ch.pipeline().get(name) != null) {
                ch.pipeline().remove(name);
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null && !exchange.finished()) {
            exchange.onDownstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null && !exchange.finished()) {
            exchange.downstreamClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (exchange != null && !exchange.finished()) {
            exchange.downstreamClosed();
        }
        ctx.close();
    }
}
