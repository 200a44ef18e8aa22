package io.meshgate.kernel.warmup;

import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The warm-up's client: connections on one event loop of its own that each send GET requests one after
 * the other, most of them over a kept-alive connection, some with {@code Connection: close} and a new
 * connection per request, so that accepting and setting up connections gets compiled too. Bounded: it
 * stops reconnecting after {@link #MAX_FAILURES} failures, and {@link #close()} waits at most 3 s.
 */
public final class WarmUpLoad implements AutoCloseable {
    public static final long MAX_FAILURES = 1_000;
    private static final byte[] FORM_BODY = "name=warm&up=true".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final EventLoopGroup group = Transports.newGroup(1, "meshgate-warm-up-client");
    private final Bootstrap bootstrap;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final int port;
    private volatile boolean stopping;

    private WarmUpLoad(int port) {
        this.port = port;
        this.bootstrap = new Bootstrap().group(group).channel(Transports.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1_000)
                .remoteAddress(new InetSocketAddress("127.0.0.1", port));
    }

    /** Opens {@code keptAlive} connections that reuse themselves and {@code closing} that close after each request. */
    public static WarmUpLoad start(int port, int keptAlive, int closing) {
        WarmUpLoad load = new WarmUpLoad(port);
        for (int i = 0; i < keptAlive + closing; i++) {
            load.connect(i >= keptAlive);
        }
        return load;
    }

    public long completed() {
        return completed.get();
    }

    public long failures() {
        return failures.get();
    }

    private void connect(boolean closeEach) {
        if (stopping || failures.get() >= MAX_FAILURES) {
            return;
        }
        bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(4096, 8192, 8192), new Requester(closeEach));
            }
        }).connect().addListener(f -> {
            if (!f.isSuccess()) {
                failures.incrementAndGet();
                group.schedule(() -> connect(closeEach), 10, TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * The n-th request of a connection. Real traffic varies and C2 compiles only the branches a profile has
     * seen (the others trap back to the interpreter the first time they run), so the requests vary as a
     * gateway's do: an IP-literal and a named Host, with and without a port, query strings, the usual
     * headers of browsers and tools, a POST with a body, Connection headers.
     */
    private FullHttpRequest request(long n, boolean close) {
        String port = Integer.toString(this.port);
        FullHttpRequest request = switch ((int) (n % 4)) {
            case 0 -> get("/", "127.0.0.1:" + port);
            case 1 -> {
                FullHttpRequest r = get("/warm/up/path?query=1&b=two", "warm-up.meshgate.invalid");
                r.headers().set(HttpHeaderNames.ACCEPT, "*/*").set(HttpHeaderNames.ACCEPT_ENCODING, "gzip, deflate")
                        .set(HttpHeaderNames.ACCEPT_LANGUAGE, "en-US,en;q=0.9");
                yield r;
            }
            case 2 -> {
                FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/warm/form",
                        Unpooled.wrappedBuffer(FORM_BODY));
                r.headers().set(HttpHeaderNames.HOST, "warm-up.meshgate.invalid:" + port)
                        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, FORM_BODY.length);
                yield r;
            }
            default -> {
                FullHttpRequest r = get("/warm/" + n % 97, "127.0.0.1");
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                        .set("x-request-id", Long.toHexString(n));
                yield r;
            }
        };
        request.headers().set(HttpHeaderNames.USER_AGENT, "meshgate-warm-up");
        if (close) {
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return request;
    }

    private static FullHttpRequest get(String uri, String host) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri,
                Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, host);
        return request;
    }

    @Override
    public void close() {
        stopping = true;
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** One connection's loop: a request, its whole response, the next request (or a new connection). */
    private final class Requester extends SimpleChannelInboundHandler<HttpObject> {
        private final boolean closeEach;
        private long sent;

        Requester(boolean closeEach) {
            this.closeEach = closeEach;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(request(sent++ + completed.get(), closeEach), ctx.voidPromise());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse response && response.status().code() != 200) {
                failures.incrementAndGet(); // the orchestrator gives up when the path does not work
            }
            if (!(msg instanceof LastHttpContent)) {
                return;
            }
            completed.incrementAndGet();
            if (stopping || closeEach) {
                ctx.close();
            } else {
                ctx.writeAndFlush(request(sent++, false), ctx.voidPromise());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            connect(closeEach);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures.incrementAndGet();
            ctx.close();
        }
    }
}
