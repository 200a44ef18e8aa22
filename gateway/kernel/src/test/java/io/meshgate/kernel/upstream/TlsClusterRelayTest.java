package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.TcpListener;
import io.meshgate.config.UpstreamTls;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A TCP relay to a cluster with TLS speaks TLS to it, with the cluster's client certificate: a mesh
 * Service's TCP port reaches a peer sidecar that accepts mTLS only (plaintext there is reset).
 */
class TlsClusterRelayTest {

    /** An echo server behind TLS that requires a client certificate of {@link TestPki#CLIENT_CA}. */
    private static Channel echoServer(EventLoopGroup group, SslContext tls) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
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
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private static String roundTrip(int port, String text) throws Exception {
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            try {
                return new String(in.readNBytes(text.length()), StandardCharsets.US_ASCII);
            } catch (java.net.SocketException reset) {
                return "";
            }
        }
    }

    private static ProxyConfig relayTo(int port, UpstreamTls tls) {
        Cluster mesh = Cluster.of("mesh", List.of(Endpoint.of("127.0.0.1", port))).withTls(tls);
        return new ProxyConfig("v1", List.of(new TcpListener("tcp", "127.0.0.1", 0, "mesh", Duration.ofMinutes(1))),
                List.of(mesh));
    }

    @Test
    void theRelayOriginatesTlsWithTheClustersClientCertificate() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = echoServer(group, TestPki.serverContext(true));
        try {
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            UpstreamTls mtls = new UpstreamTls(TestPki.SERVER_NAME, true, TestPki.CA.getCertificatePEM(),
                    TestPki.CLIENT.getCertificatePEM(), PrivateKeyPem.of(TestPki.CLIENT.getPrivateKeyPEM()));
            try (Kernel kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1), relayTo(port, mtls))) {
                assertThat(roundTrip(kernel.port("tcp"), "over mTLS")).isEqualTo("over mTLS");
            }
            UpstreamTls noClientCertificate = new UpstreamTls(TestPki.SERVER_NAME, true, TestPki.CA.getCertificatePEM(),
                    null, null);
            try (Kernel kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1), relayTo(port, noClientCertificate))) {
                assertThat(roundTrip(kernel.port("tcp"), "refused")).as("the server demands a client certificate")
                        .isEmpty();
            }
        } finally {
            server.close().sync();
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }
}
