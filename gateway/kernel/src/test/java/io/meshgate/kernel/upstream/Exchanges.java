package io.meshgate.kernel.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plays the proxy's part for the tests: acquires a connection, adds the {@code proxy-response}
 * handler, sends one GET, reads the whole response, removes the handler and releases.
 */
final class Exchanges {
    private Exchanges() {}

    /** @param tcpPort the client-side port of the TCP connection that carried the exchange */
    record Response(int status, String body, int tcpPort) {}

    static Response get(TestLoop t, UpstreamConnectionPool pool, UpstreamCluster cluster, EndpointState endpoint,
                        String path) throws Exception {
        return start(t, pool, cluster, endpoint, path).get(10, TimeUnit.SECONDS);
    }

    static CompletableFuture<Response> start(TestLoop t, UpstreamConnectionPool pool, UpstreamCluster cluster,
                                             EndpointState endpoint, String path) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        t.loop.execute(() -> pool.acquire(cluster, endpoint).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            Channel ch = (Channel) f.getNow();
            ch.pipeline().addLast(UpstreamConnectionPool.PROXY_HANDLER_NAME, new Collector(pool, ch, result));
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
            request.headers().set(HttpHeaderNames.HOST, TestPki.SERVER_NAME);
            ch.writeAndFlush(request);
        }));
        return result;
    }

    static int tcpPort(Channel ch) {
        Channel tcp = ch.parent() != null ? ch.parent() : ch;
        return ((InetSocketAddress) tcp.localAddress()).getPort();
    }

    private static final class Collector extends SimpleChannelInboundHandler<HttpObject> {
        private final UpstreamConnectionPool pool;
        private final Channel ch;
        private final CompletableFuture<Response> result;
        private final int tcpPort;
        private final StringBuilder body = new StringBuilder();
        private int status;

        Collector(UpstreamConnectionPool pool, Channel ch, CompletableFuture<Response> result) {
            this.pool = pool;
            this.ch = ch;
            this.result = result;
            this.tcpPort = tcpPort(ch);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
            }
            if (msg instanceof HttpContent content) {
                ByteBuf data = content.content();
                body.append(data.toString(StandardCharsets.US_ASCII));
            }
            if (msg instanceof LastHttpContent) {
                ctx.pipeline().remove(this);
                pool.release(ch);
                result.complete(new Response(status, body.toString(), tcpPort));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            pool.discard(ch);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new ClosedChannelException());
        }
    }
}
