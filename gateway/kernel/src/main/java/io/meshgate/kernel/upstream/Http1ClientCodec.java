package io.meshgate.kernel.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The HTTP/1.1 client codec of pooled upstream connections. Like Netty's {@code HttpClientCodec}
 * it pairs responses with request methods (a HEAD response has no body, 1xx responses are
 * interim) and reports a connection closed with responses missing; unlike it, it tells the pool
 * whether the connection is safe to reuse: no response pending, no request half sent, no bytes
 * left over in the decoder (a server that sent more than it announced must not have those bytes
 * read as the next response), no decoding failure, and no switch to another protocol (101, CONNECT).
 *
 * <p>Bodies are passed through untouched (no decompression, no aggregation).
 */
final class Http1ClientCodec extends CombinedChannelDuplexHandler<Http1ClientCodec.ResponseDecoder,
        Http1ClientCodec.RequestEncoder> {
    /** Envoy and nginx accept large upstream header blocks; 64 KiB bounds memory per connection. */
    static final int MAX_HEADER_SIZE = 64 * 1024;
    static final int MAX_INITIAL_LINE = 8 * 1024;
    static final int MAX_CHUNK_SIZE = 64 * 1024;

    /** Methods of requests whose final response has not started, oldest first. */
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>();
    private int pendingResponses;
    private boolean requestOpen;
    private boolean switchedProtocol;
    /** The decoder rejected something (bad framing, a response to no request): never trust it again. */
    private boolean failed;

    Http1ClientCodec() {
        HttpDecoderConfig config = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_SIZE)
                .setMaxChunkSize(MAX_CHUNK_SIZE);
        init(new ResponseDecoder(config), new RequestEncoder());
    }

    /** True when the connection may carry another request: the last exchange ended cleanly. */
    boolean reusable() {
        return pendingResponses == 0 && !requestOpen && !switchedProtocol && !failed
                && inboundHandler().buffered() == 0;
    }

    final class RequestEncoder extends HttpRequestEncoder {
        @Override
        protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
            if (msg instanceof HttpRequest request) {
                methods.add(request.method());
                pendingResponses++;
                requestOpen = true;
            }
            if (msg instanceof LastHttpContent) {
                requestOpen = false;
            }
            super.encode(ctx, msg, out);
        }
    }

    final class ResponseDecoder extends HttpResponseDecoder {
        private boolean interim;

        ResponseDecoder(HttpDecoderConfig config) {
            super(config);
        }

        int buffered() {
            return actualReadableBytes();
        }

        // The four hooks below hand out shared constants for the status lines and header names upstreams send
        // most (KnownResponseHeads) instead of a new object per word and per name of every response.

        @Override
        protected AsciiString splitHeaderName(byte[] bytes, int start, int length) {
            AsciiString known = KnownResponseHeads.headerName(bytes, start, length);
            return known != null ? known : super.splitHeaderName(bytes, start, length);
        }

        @Override
        protected String splitFirstWordInitialLine(byte[] bytes, int start, int length) {
            String known = KnownResponseHeads.version(bytes, start, length);
            return known != null ? known : super.splitFirstWordInitialLine(bytes, start, length);
        }

        @Override
        protected String splitSecondWordInitialLine(byte[] bytes, int start, int length) {
            String known = KnownResponseHeads.statusCode(bytes, start, length);
            return known != null ? known : super.splitSecondWordInitialLine(bytes, start, length);
        }

        @Override
        protected String splitThirdWordInitialLine(byte[] bytes, int start, int length) {
            String known = KnownResponseHeads.reasonPhrase(bytes, start, length);
            return known != null ? known : super.splitThirdWordInitialLine(bytes, start, length);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            if (switchedProtocol) {
                // after CONNECT 2xx the bytes are a tunnel, not HTTP (a 101 is handled by the parent class)
                int readable = actualReadableBytes();
                if (readable > 0) {
                    out.add(buffer.readRetainedSlice(readable));
                }
                return;
            }
            int before = out.size();
            super.decode(ctx, buffer, out);
            for (int i = before; i < out.size(); i++) {
                Object msg = out.get(i);
                if (msg instanceof DecoderResultProvider result && result.decoderResult().isFailure()) {
                    failed = true;
                }
                if (msg instanceof HttpResponse response) {
                    int code = response.status().code();
                    interim = code >= 100 && code < 200 && code != 101;
                }
                if (msg instanceof LastHttpContent && !interim && pendingResponses > 0) {
                    pendingResponses--;
                }
            }
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            int code = ((HttpResponse) msg).status().code();
            if (code >= 100 && code < 200 && code != 101) {
                // interim response (100 Continue, 103 Early Hints): the final one is still to come
                return true;
            }
            HttpMethod method = methods.poll();
            if (method == null) {
                throw new IllegalStateException("upstream sent a response to no request");
            }
            if (code == 101) {
                // RFC 9110 §15.2: a 101 ends at its head. Netty's decoder would read on as a body when a
                // WebSocket 101 lacks Sec-WebSocket-Accept (draft Hixie-76), swallowing the first frames
                switchedProtocol = true;
                return true;
            } else if (HttpMethod.HEAD.equals(method)) {
                return true;
            } else if (HttpMethod.CONNECT.equals(method) && code >= 200 && code < 300) {
                switchedProtocol = true;
                return true;
            }
            return super.isContentAlwaysEmpty(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            super.channelInactive(ctx);
            if (pendingResponses > 0 && !switchedProtocol) {
                ctx.fireExceptionCaught(new PrematureChannelClosureException(
                        "upstream closed the connection with " + pendingResponses + " response(s) missing"));
            }
        }
    }
}
