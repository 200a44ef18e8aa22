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
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The warm-up's client: connections on one event loop of its own that each send requests one after the
 * other, most of them over a kept-alive connection that ends after a few hundred requests (closed by the
 * client, now and then with a reset), some with {@code Connection: close} and a new connection per
 * request, so that accepting, setting up and closing connections gets compiled too. Bounded: it
 * stops reconnecting after {@link #MAX_FAILURES} failures, and {@link #close()} waits at most 3 s.
 */
public final class WarmUpLoad implements AutoCloseable {
    public static final long MAX_FAILURES = 1_000;
    private static final byte[] JSON_BODY = "{\"name\": \"warm\", \"up\": true}".getBytes(StandardCharsets.US_ASCII);
    /**
     * A kept-alive connection closes itself after 20 to 275 requests, as clients' connections end (one in four
     * with a reset): every benchmark run and every client going away closes idle connections from the
     * client's side, a path a warm-up whose connections never ended would leave uncompiled.
     */
    private static final int MIN_REQUESTS_PER_CONNECTION = 20;
    private static final int REQUESTS_PER_CONNECTION_SPREAD = 256;

    private final EventLoopGroup group = BackgroundLoop.start("meshgate-warm-up-client");
    private final Bootstrap bootstrap;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final int port;
    private final ChannelGroup channels = new DefaultChannelGroup(group.next());
    private final Tls tls;
    private final SslContext tlsContext;
    /** The current round (written by the warm-up's thread only); a connection of an earlier round closes. */
    private volatile int round;
    /** Connections opened so far (counted on the client's one event loop): spreads their lifetimes. */
    private long connections;

    /** The TLS listener's port and the certificate it presents, the only one this client trusts. */
    public record Tls(int port, ThrowawayCertificate certificate) {
    }

    private WarmUpLoad(int port, Tls tls) throws SSLException {
        this.port = port;
        this.bootstrap = new Bootstrap().group(group).channel(Transports.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1_000)
                .remoteAddress(new InetSocketAddress("127.0.0.1", port));
        this.tls = tls;
        this.tlsContext = tls == null ? null : SslContextBuilder.forClient().trustManager(tls.certificate().certificate())
                .build();
    }

    /**
     * A client of the loopback port {@code port} (and, with {@code tls}, of a TLS listener: one connection in four
     * goes there), with no connections until {@link #startRound}.
     */
    public static WarmUpLoad open(int port, Tls tls) {
        try {
            return new WarmUpLoad(port, tls);
        } catch (SSLException e) {
            throw new IllegalStateException("warm-up client TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Opens {@code keptAlive} connections that reuse themselves and {@code closing} that close after each
     * request, all at once, as a load generator or a fleet of clients coming back does.
     */
    public void startRound(int keptAlive, int closing) {
        int current = ++round;
        for (int i = 0; i < keptAlive + closing; i++) {
            connect(i >= keptAlive, tls != null && i % 4 == 3, current);
        }
    }

    /**
     * Ends the round: each of its connections closes (from the client's side) once its current response is
     * in, even if the next round has started.
     */
    public void endRound() {
        round++;
    }

    public long completed() {
        return completed.get();
    }

    public long failures() {
        return failures.get();
    }

    private void connect(boolean closeEach, boolean overTls, int connectionRound) {
        if (connectionRound != round || failures.get() >= MAX_FAILURES) {
            return;
        }
        Bootstrap connection = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                channels.add(ch);
                if (overTls) {
                    ch.pipeline().addLast(tlsContext.newHandler(ch.alloc(), ThrowawayCertificate.SERVER_NAME, tls.port()));
                }
                ch.pipeline().addLast(new HttpClientCodec(4096, 8192, 8192), new Requester(closeEach, overTls,
                        connectionRound,
                        MIN_REQUESTS_PER_CONNECTION + (connections++ * 37L) % REQUESTS_PER_CONNECTION_SPREAD));
            }
        });
        if (overTls) {
            connection.remoteAddress(new InetSocketAddress("127.0.0.1", tls.port()));
        }
        connection.connect().addListener(f -> {
            if (!f.isSuccess()) {
                failures.incrementAndGet();
                group.schedule(() -> connect(closeEach, overTls, connectionRound), 10, TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * The n-th request of a connection. Real traffic varies and C2 compiles only the branches a profile has
     * seen (the others trap back to the interpreter the first time they run), so the requests vary as a
     * gateway's do, with the header sets (and the header-name spelling) of real clients: wrk's bare
     * {@code Host}, curl's three headers, a browser's dozen, an API client's POST with a JSON body, and the
     * lowercase names HTTP/2-era clients send; IP-literal and named hosts, with and without a port, query
     * strings; routes with and without what annotations add (a rewrite, a redirect to HTTPS, sticky and
     * least-work balancing).
     */
    private FullHttpRequest request(long n, boolean close) {
        return request(n, close, this.port);
    }

    /** {@link #request(long, boolean)} for a proxy on {@code proxyPort}; static so that its shapes can be tested. */
    static FullHttpRequest request(long n, boolean close, int proxyPort) {
        String port = Integer.toString(proxyPort);
        FullHttpRequest request = switch ((int) (n % 5)) {
            case 0 -> get("/", "Host", "127.0.0.1:" + port);
            case 1 -> {
                FullHttpRequest r = get(WarmUpConfig.REWRITE_PREFIX + "up/path?query=1&b=two", "Host", "warm-up.meshgate.invalid");
                r.headers().set("User-Agent", "curl/7.88.1").set("Accept", "*/*");
                yield r;
            }
            case 2 -> {
                // the rewrite's route (unmatched there), the redirect to HTTPS, the plain route
                String under = n % 2 == 0 ? WarmUpConfig.REWRITE_PREFIX : n % 4 == 1 ? WarmUpConfig.REDIRECT_PREFIX : "/warm/";
                FullHttpRequest r = get(under + n % 97 + "/index.html?utm=warm", "Host", "warm-up.meshgate.invalid");
                r.headers().set("Connection", "keep-alive").set("Cache-Control", "max-age=0")
                        .set("Upgrade-Insecure-Requests", "1")
                        .set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)")
                        .set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                        .set("Accept-Encoding", "gzip, deflate, br").set("Accept-Language", "en-US,en;q=0.9")
                        .set("Cookie", "session=warm; theme=dark").set("Referer", "http://warm-up.meshgate.invalid/");
                yield r;
            }
            case 3 -> {
                FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/warm",
                        Unpooled.wrappedBuffer(JSON_BODY));
                r.headers().set("Host", "warm-up.meshgate.invalid:" + port).set("User-Agent", "python-requests/2.31.0")
                        .set("Accept", "application/json").set("Content-Type", "application/json")
                        .set("Authorization", "Bearer warm-up").setInt("Content-Length", JSON_BODY.length);
                yield r;
            }
            default -> {
                FullHttpRequest r = get((n % 2 == 0 ? WarmUpConfig.LEAST_WORK_PREFIX : "/warm/") + n % 89, "host", "127.0.0.1");
                r.headers().set("user-agent", "Go-http-client/1.1").set("accept-encoding", "gzip")
                        .set("x-request-id", Long.toHexString(n));
                yield r;
            }
        };
        if (close) {
            request.headers().set("Connection", "close");
        }
        return request;
    }

    /** The origin's 200, or the redirect route's 308 to HTTPS (the origin never redirects). */
    static boolean expected(HttpResponse response) {
        int code = response.status().code();
        if (code == 308) {
            String location = response.headers().get(HttpHeaderNames.LOCATION);
            return location != null && location.startsWith("https://") && location.contains(WarmUpConfig.REDIRECT_PREFIX);
        }
        return code == 200;
    }

    private static FullHttpRequest get(String uri, String hostHeader, String host) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri,
                Unpooled.EMPTY_BUFFER);
        request.headers().set(hostHeader, host);
        return request;
    }

    /** Closes the connections first, then their event loop (a loop shut down under open channels warns for each). */
    @Override
    public void close() {
        round++;
        channels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** One connection's loop: a request, its whole response, the next request (or a new connection). */
    private final class Requester extends SimpleChannelInboundHandler<HttpObject> {
        private final boolean closeEach;
        private final boolean overTls;
        private final int connectionRound;
        private final long lifetime;
        private long sent;

        Requester(boolean closeEach, boolean overTls, int connectionRound, long lifetime) {
            this.closeEach = closeEach;
            this.overTls = overTls;
            this.connectionRound = connectionRound;
            this.lifetime = lifetime;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(request(sent++ + completed.get(), closeEach), ctx.voidPromise());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse response && !expected(response)) {
                failures.incrementAndGet(); // the orchestrator gives up when the path does not work
            }
            if (!(msg instanceof LastHttpContent)) {
                return;
            }
            completed.incrementAndGet();
            if (closeEach) {
                ctx.close();
            } else if (sent >= lifetime || connectionRound != round) {
                if (lifetime % 4 == 0) {
                    ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0); // close with a reset
                }
                ctx.close();
            } else {
                ctx.writeAndFlush(request(sent++, false), ctx.voidPromise());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            connect(closeEach, overTls, connectionRound);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures.incrementAndGet();
            ctx.close();
        }
    }
}
