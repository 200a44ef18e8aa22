package io.meshgate.kernel.observe;

import io.meshgate.config.json.ProxyConfigJson;
import io.meshgate.config.ProxyConfig;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers one admin request per request head. Bodies are never read: the codec still frames them,
 * and this handler drops their chunks (a request that carries one is refused and its connection
 * closed, so nobody can stream data at the admin port). Stateless, hence shared by all connections.
 */
@ChannelHandler.Sharable
final class AdminRequestHandler extends SimpleChannelInboundHandler<HttpObject> {
    private static final System.Logger LOG = System.getLogger(AdminRequestHandler.class.getName());

    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String ENDPOINTS = "/ready /stats /config_dump /metrics";

    private final AdminSources sources;
    private final AdminHostCheck hosts;

    AdminRequestHandler(AdminSources sources, String bindAddress) {
        this.sources = sources;
        this.hosts = new AdminHostCheck(bindAddress);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        // HttpContent of a request we answered already: SimpleChannelInboundHandler releases it.
        if (msg instanceof HttpRequest request) {
            handle(ctx, request);
        }
    }

    private void handle(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
            send(ctx, request, status, TEXT, status.reasonPhrase() + "\n", true);
            return;
        }
        boolean hasBody = HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        if (!hosts.allows(request.headers().get(HttpHeaderNames.HOST))) {
            // 421: this listener is not the server for that name (RFC 9110 §15.5.20); a rebinding
            // page gets no admin data, a misconfigured client learns to use the address instead
            send(ctx, request, HttpResponseStatus.MISDIRECTED_REQUEST, TEXT,
                    "admin listener answers only to an IP address or localhost as Host\n", true);
            return;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            FullHttpResponse response = response(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT,
                    "only GET is supported\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
            send(ctx, request, response, hasBody);
            return;
        }
        if (hasBody) {
            send(ctx, request, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, TEXT, "admin requests take no body\n", true);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        try {
            switch (uri.path()) {
                case "/ready" -> ready(ctx, request);
                case "/stats" -> send(ctx, request, HttpResponseStatus.OK, TEXT, stats(first(uri, "filter")), false);
                case "/config_dump" -> configDump(ctx, request);
                // /stats/prometheus: the path FSM sidecars are scraped on
                case "/metrics", "/stats/prometheus" -> send(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TEXT,
                        sources.metrics().registry().scrape(), false);
                default -> send(ctx, request, HttpResponseStatus.NOT_FOUND, TEXT,
                        "not found; endpoints: " + ENDPOINTS + "\n", false);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "admin request " + uri.path() + " failed", e);
            send(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, TEXT,
                    "internal error: " + e.getClass().getSimpleName() + "\n", false);
        }
    }

    private void ready(ChannelHandlerContext ctx, HttpRequest request) {
        if (sources.ready()) {
            send(ctx, request, HttpResponseStatus.OK, TEXT, "LIVE\n", false);
        } else {
            send(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "NOT READY\n", false);
        }
    }

    private void configDump(ChannelHandlerContext ctx, HttpRequest request) {
        ProxyConfig config = sources.currentConfig();
        if (config == null) {
            send(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "no config applied yet\n", false);
            return;
        }
        send(ctx, request, HttpResponseStatus.OK, JSON, ProxyConfigJson.write(config, true) + "\n", false);
    }

    /** {@code server.*} lines from the info map and the config, then the meters; each filtered by substring. */
    private String stats(String filter) {
        Map<String, String> server = new TreeMap<>();
        Map<String, String> info = sources.info();
        if (info != null) {
            info.forEach((k, v) -> server.put(oneLine(k), oneLine(v)));
        }
        ProxyConfig config = sources.currentConfig();
        server.put("config_version", config == null ? "none" : oneLine(config.version()));
        server.put("live", sources.ready() ? "1" : "0");
        List<String> lines = new ArrayList<>();
        server.forEach((k, v) -> lines.add("server." + k + ": " + v));
        lines.addAll(sources.metrics().statsLines());
        StringBuilder out = new StringBuilder(lines.size() * 64);
        for (String line : lines) {
            if (filter == null || line.contains(filter)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Keeps a configured or reported value from breaking the line-per-value format. */
    private static String oneLine(String value) {
        return value == null ? "" : value.replace('\r', ' ').replace('\n', ' ');
    }

    private static String first(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static FullHttpResponse response(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType,
                                             String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                ByteBufUtil.writeUtf8(ctx.alloc(), body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("x-content-type-options", "nosniff");
        return response;
    }

    private static void send(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status,
                             String contentType, String body, boolean close) {
        send(ctx, request, response(ctx, status, contentType, body), close);
    }

    private static void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response,
                             boolean close) {
        boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
