package io.meshgate.kernel.upstream;

import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.Mapping;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 upstream on 127.0.0.1 (optionally TLS). It answers every request with the
 * client's TCP port as the body, so tests can tell connections apart, and misbehaves on purpose
 * on a few paths: {@code /slow} (answers after 300 ms), {@code /close} (closes after answering),
 * {@code /extra} (sends bytes beyond the response), {@code /unsolicited} (sends a second,
 * unrequested response 300 ms later).
 */
final class Http1TestServer implements AutoCloseable {
    private final EventLoopGroup group = Transports.newGroup(1, "upstream-test-server");
    private final Channel server;
    final AtomicInteger accepted = new AtomicInteger();
    final Set<Channel> open = ConcurrentHashMap.newKeySet();
    final List<String> sniNames = new CopyOnWriteArrayList<>();
    final List<String> clientSubjects = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();

    private Http1TestServer(SslContext ssl) {
        server = new ServerBootstrap()
                .group(group)
                .channel(Transports.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.incrementAndGet();
                        open.add(ch);
                        ch.closeFuture().addListener(f -> open.remove(ch));
                        if (ssl != null) {
                            Mapping<String, SslContext> recordSni = host -> {
                                sniNames.add(host == null ? "" : host);
                                return ssl;
                            };
                            ch.pipeline().addLast(new SniHandler(recordSni));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Responder());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
    }

    static Http1TestServer start() {
        return new Http1TestServer(null);
    }

    static Http1TestServer startTls(SslContext ssl) {
        return new Http1TestServer(ssl);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Closes every accepted connection, as a server does when its keep-alive timeout passes. */
    void closeConnections() {
        for (Channel ch : open) {
            ch.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        closeConnections();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Responder extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                var session = ctx.pipeline().get(SslHandler.class).engine().getSession();
                try {
                    var peer = (X509Certificate) session.getPeerCertificates()[0];
                    clientSubjects.add(peer.getSubjectX500Principal().getName());
                } catch (javax.net.ssl.SSLPeerUnverifiedException noClientCertificate) {
                    clientSubjects.add("");
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = request.uri();
            paths.add(path);
            String body = String.valueOf(((InetSocketAddress) ctx.channel().remoteAddress()).getPort());
            switch (path) {
                case "/slow" -> ctx.executor().schedule(() -> ctx.writeAndFlush(response(body)), 300, TimeUnit.MILLISECONDS);
                case "/close" -> ctx.writeAndFlush(response(body)).addListener(ChannelFutureListener.CLOSE);
                case "/extra" -> raw(ctx, "HTTP/1.1 200 OK\r\ncontent-length: " + body.length() + "\r\n\r\n" + body
                        + "HTTP/1.1 200");
                case "/unsolicited" -> {
                    ctx.writeAndFlush(response(body));
                    ctx.executor().schedule(() -> raw(ctx, "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"),
                            300, TimeUnit.MILLISECONDS);
                }
                default -> ctx.writeAndFlush(response(body));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // failed handshakes are what several tests provoke: nothing to report
            ctx.close();
        }

        /** Writes bytes below the HTTP codec, as a broken server would. */
        private void raw(ChannelHandlerContext ctx, String text) {
            ByteBuf bytes = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
            ctx.pipeline().context(HttpServerCodec.class).writeAndFlush(bytes);
        }

        private FullHttpResponse response(String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length());
            return response;
        }
    }
}
