package io.meshgate.kernel.warmup;

import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The warm-up's upstream: a loopback server that answers every request with one of a few responses written
 * as raw bytes, shaped like real origins' (nginx's canonical header names with {@code Server}, {@code Date}
 * and {@code Connection: keep-alive}; a static file with validators; a chunked JSON body; the lowercase names
 * of Envoy and HTTP/2-era servers). The proxy's response decoder is compiled for the header names and framings
 * it has seen: a warm-up origin that sent three lowercase headers left every real response to trap out of the
 * compiled code on its first {@code Server} header. It never closes a connection itself.
 */
public final class WarmUpOrigin implements AutoCloseable {
    private static final List<ByteBuf> RESPONSES = List.of(
            response("""
                    HTTP/1.1 200 OK\r
                    Server: nginx/1.22.1\r
                    Date: Mon, 07 Dec 2026 09:00:00 GMT\r
                    Content-Type: text/plain\r
                    Content-Length: 6\r
                    Connection: keep-alive\r
                    \r
                    hello
                    """),
            response("""
                    HTTP/1.1 200 OK\r
                    Server: nginx/1.22.1\r
                    Date: Mon, 07 Dec 2026 09:00:01 GMT\r
                    Content-Type: text/html\r
                    Content-Length: 46\r
                    Last-Modified: Sun, 06 Dec 2026 10:00:00 GMT\r
                    Connection: keep-alive\r
                    ETag: "6753c1e0-2e"\r
                    Accept-Ranges: bytes\r
                    \r
                    <!DOCTYPE html><html><body>warm</body></html>
                    """),
            response("""
                    HTTP/1.1 200 OK\r
                    Content-Type: application/json; charset=utf-8\r
                    Transfer-Encoding: chunked\r
                    Cache-Control: no-cache, private\r
                    Vary: Accept-Encoding\r
                    X-Request-Id: 4f0c2a\r
                    \r
                    b\r
                    {"warm": tr\r
                    4\r
                    ue}
                    \r
                    0\r
                    \r
                    """),
            response("""
                    HTTP/1.1 200 OK\r
                    content-type: text/plain; charset=utf-8\r
                    content-length: 5\r
                    date: Mon, 07 Dec 2026 09:00:02 GMT\r
                    set-cookie: session=warm; Path=/; HttpOnly\r
                    x-upstream-service-time: 1\r
                    \r
                    warm
                    """));

    private final EventLoopGroup group;
    private final Channel server;

    private WarmUpOrigin(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /** Listens on a free loopback port with one event loop of its own. */
    public static WarmUpOrigin start() {
        EventLoopGroup group = BackgroundLoop.start("meshgate-warm-up-origin");
        try {
            Channel server = new ServerBootstrap().group(group).channel(Transports.serverChannel())
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpRequestDecoder(), new Responder());
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
            return new WarmUpOrigin(group, server);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static ByteBuf response(String text) {
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII))
                .asReadOnly());
    }

    /** Answers each request once it has been read whole, cycling through the responses. */
    private static final class Responder extends SimpleChannelInboundHandler<HttpObject> {
        private int answered;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof LastHttpContent) {
                ByteBuf response = RESPONSES.get(answered++ % RESPONSES.size());
                ctx.writeAndFlush(response.duplicate(), ctx.voidPromise());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
