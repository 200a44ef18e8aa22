package io.meshgate.kernel.tls;

import io.meshgate.kernel.tcp.TestNet;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;

/**
 * An ordinary TLS server that is not the code under test: a passthrough backend, or a control that
 * proves a test client really can do what the proxy refuses. Writes {@code greeting} after the
 * handshake, then echoes.
 */
final class PlainTlsServer implements AutoCloseable {
    private final Channel server;

    PlainTlsServer(EventLoopGroup group, SslContext context, String greeting) {
        server = TestNet.listen(group, () -> new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(context.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
                            ctx.writeAndFlush(Unpooled.copiedBuffer(greeting + "\n", StandardCharsets.US_ASCII));
                        }
                        ctx.fireUserEventTriggered(evt);
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ctx.writeAndFlush(msg);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
                });
            }
        });
    }

    int port() {
        return TestNet.port(server);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
