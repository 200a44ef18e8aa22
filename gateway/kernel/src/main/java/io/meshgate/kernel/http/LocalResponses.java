package io.meshgate.kernel.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Answers the proxy gives itself (no route, bad request, upstream failures): a status and a short
 * plain-text cause, so an operator with curl sees why, and nothing that echoes the request back.
 */
public final class LocalResponses {
    private LocalResponses() {}

    public static FullHttpResponse of(ByteBufAllocator alloc, HttpResponseStatus status, String cause, boolean close) {
        String text = cause == null || cause.isEmpty() ? status.reasonPhrase() : cause;
        var body = ByteBufUtil.writeUtf8(alloc, text + "\n");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    /**
     * A configured answer ({@code respond} filter): {@code body} exactly, as UTF-8 plain text; an empty
     * body is sent as {@code content-length: 0}.
     */
    public static FullHttpResponse verbatim(ByteBufAllocator alloc, HttpResponseStatus status, String body,
                                            boolean close) {
        var content = body.isEmpty() ? alloc.buffer(0) : ByteBufUtil.writeUtf8(alloc, body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
