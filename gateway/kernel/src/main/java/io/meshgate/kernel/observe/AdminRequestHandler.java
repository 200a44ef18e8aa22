package io.meshgate.kernel.observe;

import io.meshgate.config.json.ProxyConfigJson;
import io.meshgate.config.ProxyConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers one admin request per request head. Bodies are never read: the codec still frames them,
 * and this handler drops their chunks (a request that carries one is refused and its connection
 * closed, so nobody can stream data at the admin port). Stateless, hence shared by all connections.
 * Order of the checks: Host (421), the peer and its credential ({@link AdminAccess}: 401/503), the
 * path (404), the method (405), loopback for mutating endpoints (403), no body (413).
 */
@ChannelHandler.Sharable
final class AdminRequestHandler extends OperatorHttpHandler {
    private static final System.Logger LOG = System.getLogger(AdminRequestHandler.class.getName());

    static final String TEXT = TextResponses.TEXT;
    static final String JSON = "application/json";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final AdminSources sources;
    private final AdminHostCheck hosts;
    private final AdminAccess access;

    AdminRequestHandler(AdminSources sources, String bindAddress, AdminAccess access) {
        this.sources = sources;
        this.hosts = new AdminHostCheck(bindAddress);
        this.access = access;
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, HttpRequest request) {
        boolean hasBody = HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        if (!hosts.allows(request.headers().get(HttpHeaderNames.HOST))) {
            // 421: this listener is not the server for that name (RFC 9110 §15.5.20); a rebinding
            // page gets no admin data, a misconfigured client learns to use the address instead
            send(ctx, request, HttpResponseStatus.MISDIRECTED_REQUEST, TEXT,
                    "admin listener answers only to an IP address or localhost as Host\n", true);
            return;
        }
        InetAddress peer = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        // before the path: a remote peer without the secret learns nothing, not even which paths exist
        AdminAccess.Refusal refused = access.admits(peer, request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (refused != null) {
            refuse(ctx, request, refused, hasBody);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        AdminEndpoint endpoint = AdminEndpoint.of(uri.path()).orElse(null);
        if (endpoint == null) {
            send(ctx, request, HttpResponseStatus.NOT_FOUND, TEXT,
                    "not found; endpoints: " + AdminEndpoint.listing() + "\n", hasBody);
            return;
        }
        if (!endpoint.method().equals(request.method())) {
            FullHttpResponse response = response(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT,
                    "only " + endpoint.method() + " is supported on " + endpoint.path() + "\n");
            response.headers().set(HttpHeaderNames.ALLOW, endpoint.method().name());
            send(ctx, request, response, hasBody);
            return;
        }
        refused = access.allows(peer, endpoint);
        if (refused != null) {
            refuse(ctx, request, refused, hasBody);
            return;
        }
        if (hasBody) {
            send(ctx, request, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, TEXT, "admin requests take no body\n", true);
            return;
        }
        try {
            switch (endpoint) {
                case READY -> ready(ctx, request);
                case STATS -> send(ctx, request, HttpResponseStatus.OK, TEXT, stats(first(uri, "filter")), false);
                case CONFIG_DUMP -> configDump(ctx, request);
                case METRICS, STATS_PROMETHEUS -> send(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TEXT,
                        sources.metrics().registry().scrape(), false);
                case CLUSTERS -> withConfig(ctx, request, TEXT, config -> ClustersText.render(config,
                        EnvoyStatsLines.render(sources.metrics().registry(), config)));
                case LISTENERS -> withConfig(ctx, request, TEXT, config -> ListenersText.render(config, sources::boundPort));
                case CERTS -> withConfig(ctx, request, JSON, config -> CertificatesJson.render(config, Instant.now()));
                case QUIT -> quit(ctx, request);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "admin request " + uri.path() + " failed", e);
            send(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, TEXT,
                    "internal error: " + e.getClass().getSimpleName() + "\n", false);
        }
    }

    private static void refuse(ChannelHandlerContext ctx, HttpRequest request, AdminAccess.Refusal refusal,
                               boolean hasBody) {
        switch (refusal) {
            case CREDENTIAL -> {
                FullHttpResponse response = response(ctx, HttpResponseStatus.UNAUTHORIZED, TEXT,
                        "beyond loopback this admin listener needs Authorization: Bearer <admin secret>\n");
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"meshgate-admin\"");
                send(ctx, request, response, hasBody);
            }
            case NO_SECRET_YET -> send(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT,
                    "this admin listener answers beyond loopback once the proxy has registered\n", hasBody);
            case LOOPBACK_ONLY -> send(ctx, request, HttpResponseStatus.FORBIDDEN, TEXT,
                    "this endpoint changes the process: only from loopback\n", hasBody);
        }
    }

    private void quit(ChannelHandlerContext ctx, HttpRequest request) {
        Runnable quit = sources.quit();
        if (quit == null) {
            send(ctx, request, HttpResponseStatus.NOT_IMPLEMENTED, TEXT,
                    "this process cannot be stopped through its admin listener\n", false);
            return;
        }
        LOG.log(Level.INFO, "stopping: POST /quitquitquit from " + ctx.channel().remoteAddress());
        // answer first: the action stops this listener too
        send(ctx, request, HttpResponseStatus.OK, TEXT, "OK\n", true);
        quit.run();
    }

    private void withConfig(ChannelHandlerContext ctx, HttpRequest request, String contentType,
                            Function<ProxyConfig, String> render) {
        ProxyConfig config = sources.currentConfig();
        if (config == null) {
            send(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "no config applied yet\n", false);
            return;
        }
        send(ctx, request, HttpResponseStatus.OK, contentType, render.apply(config), false);
    }

    private void ready(ChannelHandlerContext ctx, HttpRequest request) {
        if (sources.ready()) {
            send(ctx, request, HttpResponseStatus.OK, TEXT, "LIVE\n", false);
        } else {
            send(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "NOT READY\n", false);
        }
    }

    private void configDump(ChannelHandlerContext ctx, HttpRequest request) {
        withConfig(ctx, request, JSON, config -> ProxyConfigJson.write(config, true) + "\n");
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
        lines.addAll(EnvoyStatsLines.render(sources.metrics().registry(), config));
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
        return TextResponses.response(ctx, status, contentType, body);
    }

    private static void send(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status,
                             String contentType, String body, boolean close) {
        TextResponses.send(ctx, request, status, contentType, body, close);
    }

    private static void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response,
                             boolean close) {
        TextResponses.send(ctx, request, response, close);
    }
}
