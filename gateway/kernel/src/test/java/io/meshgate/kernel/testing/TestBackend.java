package io.meshgate.kernel.testing;

import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small loopback HTTP/1.1 server for end-to-end tests: answers {@code <name> <uri>} (or a fixed
 * delay first when the path starts with {@code /slow}), echoes request bodies on POST, serves a
 * WebSocket echo on {@code /ws}, and records every request it parsed so tests can prove what did
 * (or did not) reach the upstream.
 */
public final class TestBackend implements AutoCloseable {

    /** What the backend saw. */
    public record Recorded(String method, String uri, HttpHeaders headers, String body) {}

    private final String name;
    private final EventLoopGroup group = Transports.newGroup(1, "test-backend");
    private final Channel server;
    private final ConcurrentLinkedQueue<Recorded> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connections = new AtomicInteger();

    public TestBackend(String name) {
        this.name = name;
        this.server = new ServerBootstrap().group(group).channel(Transports.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024 * 1024),
                                new WebSocketServerProtocolHandler("/ws"), new WsEcho(), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
    public int connectionCount() {
        return connections.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String body = req.content().toString(StandardCharsets.UTF_8);
            requests.add(new Recorded(req.method().name(), req.uri(), req.headers().copy(), body));
            String text = req.method().name().equals("POST") ? body : name + " " + req.uri();
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (req.uri().startsWith("/slow")) {
                // the answer is built when it is sent: a delayed task cancelled by close() leaks nothing
                ctx.executor().schedule(() -> write(ctx, response(ctx, text), keepAlive), 3, TimeUnit.SECONDS);
            } else {
                write(ctx, response(ctx, text), keepAlive);
            }
        }

        private FullHttpResponse response(ChannelHandlerContext ctx, String text) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    ByteBufUtil.writeUtf8(ctx.alloc(), text));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes())
                    .set("x-backend", name);
            return res;
        }

        private void write(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
            if (keepAlive) {
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private static final class WsEcho extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ctx.writeAndFlush(new TextWebSocketFrame("echo: " + frame.text()));
        }
    }
}
