package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.RawBackend;
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
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deadlines once the response head is in: a response that makes no progress (upstream stalled, or
 * client not reading) is cut on both sides after the stream idle timeout; on HTTP/2 the connection
 * idle timer runs only while no stream is open, so a quiet stream outlives it.
 */
class StreamIdleEndToEndTest {
    private static final Duration STREAM_IDLE = Duration.ofMillis(600);
    private static final Duration CONNECTION_IDLE = Duration.ofSeconds(1);

    static RawBackend backend;
    static Kernel kernel;
    static int port;
    static EventLoopGroup clientGroup;

    @BeforeAll
    static void start() {
        backend = new RawBackend(socket -> {
            String head = RawBackend.readHead(socket);
            if (head == null) {
                return;
            }
            OutputStream out = socket.getOutputStream();
            if (head.startsWith("GET /stall ")) {
                out.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 100\r\n\r\nhalf".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.getInputStream().read(); // until the proxy closes the connection
            } else if (head.startsWith("GET /endless ")) {
                out.write("HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                while (true) {
                    out.write(chunk); // fails once the proxy closed the connection
                }
            } else {
                // quiet longer than the connection idle timeout, shorter than the stream idle one
                out.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 10\r\n\r\nfirst".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sleep(CONNECTION_IDLE.multipliedBy(2).plusMillis(200));
                out.write("-last".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.getInputStream().read();
            }
        });
        List<VirtualHost> vhs = List.of(new VirtualHost("example", List.of("example.com"),
                List.of(Route.to("all", RouteMatch.ANY, "c1"))));
        HttpSettings settings = HttpSettings.DEFAULTS.withTimeouts(Duration.ofSeconds(30), CONNECTION_IDLE, STREAM_IDLE);
        HttpSettings patient = HttpSettings.DEFAULTS.withTimeouts(Duration.ofSeconds(30), CONNECTION_IDLE,
                Duration.ofSeconds(10));
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1), new ProxyConfig("v1", List.of(
                new HttpListener("http", "127.0.0.1", 0, vhs, null, List.of(), null, settings),
                new HttpListener("patient", "127.0.0.1", 0, vhs, null, List.of(), null, patient)),
                List.of(Cluster.of("c1", List.of(Endpoint.of("127.0.0.1", backend.port()))))));
        port = kernel.port("http");
        clientGroup = Transports.newGroup(1, "h2-client");
    }

    @AfterAll
    static void stop() {
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        kernel.close();
        backend.close();
    }

    @Test
    void anUpstreamThatStallsMidBodyIsCutOnBothSides() throws Exception {
        int finishedBefore = backend.finished();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.getOutputStream().write("GET /stall HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = ConnectionLimitsEndToEndTest.readUntilClosed(s, 5_000);
            assertThat(reply).startsWith("HTTP/1.1 200").endsWith("half");
        }
        awaitTrue(() -> backend.finished() > finishedBefore, "the stalled upstream connection was closed");
    }

    @Test
    void aClientThatStopsReadingIsCutAndTheUpstreamClosed() throws Exception {
        int finishedBefore = backend.finished();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.getOutputStream().write("GET /endless HTTP/1.1\r\nHost: example.com\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // never read: the proxy pauses the upstream, nothing progresses, the stream idle timeout cuts it
            awaitTrue(() -> backend.finished() > finishedBefore, "the upstream of a client that stopped reading was closed");
        }
    }

    @Test
    void aQuietHttp2StreamOutlivesTheConnectionIdleTimeoutAndTheIdleConnectionThenCloses() throws Exception {
        CompletableFuture<String> body = new CompletableFuture<>();
        Channel connection = new Bootstrap().group(clientGroup).channel(Transports.clientChannel())
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
                                });
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", kernel.port("patient"))).syncUninterruptibly().channel();
        try {
            StringBuilder text = new StringBuilder();
            var stream = new Http2StreamChannelBootstrap(connection)
                    .handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
                            if (frame instanceof Http2DataFrame d) {
                                text.append(d.content().toString(StandardCharsets.US_ASCII));
                                if (d.isEndStream()) {
                                    body.complete(text.toString());
                                }
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            body.complete("stream closed early: " + text);
                        }
                    }).open().syncUninterruptibly().getNow();
            DefaultHttp2Headers headers = new DefaultHttp2Headers();
            headers.method("GET").path("/quiet").scheme("http").authority("example.com");
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true));
            assertThat(body.get(10, TimeUnit.SECONDS)).isEqualTo("first-last");
            // no stream open now: the connection idle timer runs again
            assertThat(connection.closeFuture().await(CONNECTION_IDLE.multipliedBy(3).toMillis())).isTrue();
        } finally {
            connection.close().syncUninterruptibly();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
