package io.meshgate.kernel.observe;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Answers {@link MetricsListener}'s requests: {@code GET}/{@code HEAD /stats/prometheus} with the scrape
 * (query ignored), 404 on any other path, 405 on other methods, 413 for a body (then the connection
 * closes, so nobody streams data at the port). Like {@link AdminRequestHandler} it acts on the request
 * head only and drops body chunks. Stateless, hence shared by all connections.
 */
@ChannelHandler.Sharable
final class MetricsRequestHandler extends OperatorHttpHandler {
    private static final System.Logger LOG = System.getLogger(MetricsRequestHandler.class.getName());

    static final String PATH = "/stats/prometheus";
    static final String PROMETHEUS_TEXT = AdminRequestHandler.PROMETHEUS_TEXT;

    private final Supplier<String> scrape;

    MetricsRequestHandler(Supplier<String> scrape) {
        this.scrape = Objects.requireNonNull(scrape, "scrape");
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, HttpRequest request) {
        boolean hasBody = HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        String path = path(request.uri());
        if (path == null) {
            TextResponses.send(ctx, request, HttpResponseStatus.BAD_REQUEST, TextResponses.TEXT,
                    "the request target is not a URI\n", true);
            return;
        }
        if (!path.equals(PATH)) {
            TextResponses.send(ctx, request, HttpResponseStatus.NOT_FOUND, TextResponses.TEXT,
                    "not found; metrics are at " + PATH + "\n", hasBody);
            return;
        }
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!head && !request.method().equals(HttpMethod.GET)) {
            FullHttpResponse response = TextResponses.response(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    TextResponses.TEXT, "only GET and HEAD are supported on " + PATH + "\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            TextResponses.send(ctx, request, response, hasBody);
            return;
        }
        if (hasBody) {
            TextResponses.send(ctx, request, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, TextResponses.TEXT,
                    "metrics requests take no body\n", true);
            return;
        }
        String text;
        try {
            text = scrape.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "metrics scrape failed", e);
            TextResponses.send(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, TextResponses.TEXT,
                    "internal error: " + e.getClass().getSimpleName() + "\n", false);
            return;
        }
        FullHttpResponse response = TextResponses.response(ctx, HttpResponseStatus.OK, PROMETHEUS_TEXT, text);
        if (head) {
            // GET's headers, its Content-Length included, and no body (RFC 9110 §9.3.2)
            FullHttpResponse headers = response.replace(Unpooled.EMPTY_BUFFER);
            response.release();
            response = headers;
        }
        TextResponses.send(ctx, request, response, false);
    }

    /** The decoded path of an origin-form or absolute-form target; null when it is not a URI. */
    static String path(String target) {
        try {
            return new URI(target).getPath();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
