package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.DownstreamTls;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.TestBackend;
import io.meshgate.kernel.testing.TestCerts;
import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.pkitesting.X509Bundle;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP/2 downstream: h2 over TLS by ALPN, h2c with prior knowledge, and the rapid-reset defence. */
class Http2EndToEndTest {
    static final X509Bundle CA = TestCerts.rootCa("h2 test CA");
    static final X509Bundle SERVER = TestCerts.server(CA, "example.com", "127.0.0.1");

    static TestBackend backend;
    static Kernel kernel;
    static EventLoopGroup clientGroup;

    @BeforeAll
    static void start() {
        backend = new TestBackend("b1");
        List<VirtualHost> vhs = List.of(new VirtualHost("example", List.of("example.com", "127.0.0.1"),
                List.of(Route.to("all", RouteMatch.ANY, "c1"))));
        DownstreamTls tls = new DownstreamTls(List.of(TestCerts.serverCertificate(SERVER, null, "example.com")), null);
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(2), new ProxyConfig("v1", List.of(
                new HttpListener("https", "127.0.0.1", 0, vhs, tls, List.of(), null, HttpSettings.DEFAULTS),
                HttpListener.plain("h2c", "127.0.0.1", 0, vhs)),
                List.of(Cluster.of("c1", List.of(Endpoint.of("127.0.0.1", backend.port()))))));
        clientGroup = Transports.newGroup(1, "h2-client");
    }

    @AfterAll
    static void stop() {
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        kernel.close();
        backend.close();
    }

    @Test
    void h2OverTlsWithAlpn() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(TestCerts.clientContext(CA, null)).build()) {
            // the JDK client sends no SNI for an IP address: the listener's default certificate (which
            // also names 127.0.0.1) answers. No Host override: over HTTP/2 a Host that differs from
            // :authority is a malformed request (RFC 9113 §8.3.1) and the stream is reset
            URI base = URI.create("https://127.0.0.1:" + kernel.port("https"));
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(base.resolve("/h2get"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("b1 /h2get");

            String body = "payload ".repeat(5000);
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(base.resolve("/h2post"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(post.body()).isEqualTo(body);
        }
    }

    /** An h2c connection with prior knowledge; frames on the connection itself are dropped. */
    private Channel h2cConnection() {
        return new Bootstrap().group(clientGroup).channel(Transports.clientChannel())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ReferenceCountUtil.release(msg);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close(); // a reset by the server ends the test connection
                                    }
                                });
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", kernel.port("h2c"))).syncUninterruptibly().channel();
    }

    private static DefaultHttp2Headers get(String path) {
        DefaultHttp2Headers headers = new DefaultHttp2Headers();
        headers.method("GET").path(path).scheme("http").authority("example.com");
        return headers;
    }

    @Test
    void h2cPriorKnowledgeServesConcurrentStreams() throws Exception {
        Channel connection = h2cConnection();
        try {
            List<CompletableFuture<String>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                CompletableFuture<String> answer = new CompletableFuture<>();
                answers.add(answer);
                StringBuilder text = new StringBuilder();
                Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
                        .handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
                                if (frame instanceof Http2HeadersFrame h && !h.headers().status().toString().equals("200")) {
                                    answer.completeExceptionally(new AssertionError("status " + h.headers().status()));
                                }
                                if (frame instanceof Http2DataFrame d) {
                                    text.append(d.content().toString(StandardCharsets.UTF_8));
                                    if (d.isEndStream()) {
                                        answer.complete(text.toString());
                                    }
                                }
                            }
                        }).open().syncUninterruptibly().getNow();
                stream.writeAndFlush(new DefaultHttp2HeadersFrame(get("/stream/" + i), true));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(answers.get(i).get(20, TimeUnit.SECONDS)).isEqualTo("b1 /stream/" + i);
            }
        } finally {
            connection.close().syncUninterruptibly();
        }
    }

    @Test
    void streamsARequestBodyWithoutContentLength() throws Exception {
        // what gRPC clients send: HEADERS without a length, then DATA frames
        Channel connection = h2cConnection();
        try {
            CompletableFuture<String> answer = new CompletableFuture<>();
            StringBuilder text = new StringBuilder();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
                    .handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
                            if (frame instanceof Http2DataFrame d) {
                                text.append(d.content().toString(StandardCharsets.UTF_8));
                                if (d.isEndStream()) {
                                    answer.complete(text.toString());
                                }
                            }
                        }
                    }).open().syncUninterruptibly().getNow();
            DefaultHttp2Headers post = new DefaultHttp2Headers();
            post.method("POST").path("/stream-body").scheme("http").authority("example.com");
            stream.write(new DefaultHttp2HeadersFrame(post, false));
            stream.write(new io.netty.handler.codec.http2.DefaultHttp2DataFrame(
                    io.netty.buffer.Unpooled.copiedBuffer("first,", StandardCharsets.UTF_8), false));
            stream.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2DataFrame(
                    io.netty.buffer.Unpooled.copiedBuffer("second", StandardCharsets.UTF_8), true));
            assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo("first,second");
        } finally {
            connection.close().syncUninterruptibly();
        }
    }

    @Test
    void anAnswerBeforeTheRequestBodyEndsResetsTheStream() throws Exception {
        Channel connection = h2cConnection();
        try {
            CompletableFuture<String> status = new CompletableFuture<>();
            CompletableFuture<Boolean> reset = new CompletableFuture<>();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
                    .handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
                            if (frame instanceof Http2HeadersFrame h && h.headers().status() != null) {
                                status.complete(h.headers().status().toString());
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            reset.complete(true);
                        }
                    }).open().syncUninterruptibly().getNow();
            DefaultHttp2Headers post = new DefaultHttp2Headers();
            post.method("POST").path("/upload").scheme("http").authority("unknown.example");
            // headers without END_STREAM: the body never finishes, the proxy answers 404 anyway
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(post, false));
            assertThat(status.get(20, TimeUnit.SECONDS)).isEqualTo("404");
            assertThat(reset.get(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            connection.close().syncUninterruptibly();
        }
    }

    @Test
    void rapidResetFloodEndsTheConnection() throws Exception {
        Channel connection = h2cConnection();
        try {
            int sent = 0;
            for (int i = 0; i < 1000 && connection.isActive(); i++) {
                var opened = new Http2StreamChannelBootstrap(connection)
                        .handler(new ChannelInboundHandlerAdapter()).open().awaitUninterruptibly();
                if (!opened.isSuccess()) {
                    break; // the server already closed the connection
                }
                sent++;
                Http2StreamChannel stream = opened.getNow();
                stream.write(new DefaultHttp2HeadersFrame(get("/reset/" + i), true));
                stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
            }
            assertThat(sent).isPositive();
            assertThat(connection.closeFuture().await(20, TimeUnit.SECONDS)).as("server closed the connection").isTrue();
            // GOAWAY(ENHANCE_YOUR_CALM) is sent before the close, but a TCP reset may discard it on the
            // client side before it is read, so only the close is asserted
        } finally {
            connection.close().syncUninterruptibly();
        }
    }
}
