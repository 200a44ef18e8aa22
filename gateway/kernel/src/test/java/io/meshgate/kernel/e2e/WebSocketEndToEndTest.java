package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.TestBackend;
import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A Netty WebSocket client through the proxy to the backend's echo: the upgrade, frames both ways, close. */
class WebSocketEndToEndTest {

    @Test
    void echoesFramesThroughTheProxyAndCloses() throws Exception {
        EventLoopGroup group = Transports.newGroup(1, "ws-client");
        try (TestBackend backend = new TestBackend("b1");
             Kernel kernel = Kernel.start(KernelOptions.defaults().withIoThreads(2), new ProxyConfig("v1",
                     List.of(HttpListener.plain("http", "127.0.0.1", 0, List.of(new VirtualHost("example",
                             List.of("example.com"), List.of(Route.to("all", RouteMatch.ANY, "c1")))))),
                     List.of(Cluster.of("c1", List.of(Endpoint.of("127.0.0.1", backend.port()))))))) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            CompletableFuture<Void> handshake = new CompletableFuture<>();
            var handshaker = WebSocketClientHandshakerFactory.newHandshaker(URI.create("ws://example.com/ws"),
                    WebSocketVersion.V13, null, false, new DefaultHttpHeaders());
            Channel ch = new Bootstrap().group(group).channel(Transports.clientChannel())
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel c) {
                            c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketClientProtocolHandler(handshaker),
                                    new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                        @Override
                                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                                handshake.complete(null);
                                            }
                                            ctx.fireUserEventTriggered(evt);
                                        }

                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {
                                            received.add(f.text());
                                        }

                                        @Override
                                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                            handshake.completeExceptionally(cause);
                                            ctx.close();
                                        }
                                    });
                        }
                    })
                    .connect("127.0.0.1", kernel.port("http")).syncUninterruptibly().channel();
            handshake.get(10, TimeUnit.SECONDS);

            ch.writeAndFlush(new TextWebSocketFrame("hello"));
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: hello");
            for (int i = 0; i < 5; i++) {
                ch.writeAndFlush(new TextWebSocketFrame("frame " + i));
            }
            for (int i = 0; i < 5; i++) {
                assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: frame " + i);
            }
            ch.writeAndFlush(new CloseWebSocketFrame(1000, "bye"));
            assertThat(ch.closeFuture().await(10, TimeUnit.SECONDS)).as("closed after the close handshake").isTrue();
            assertThat(backend.requests()).isEmpty(); // the upgrade is not an aggregated request the backend records
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
