package io.meshgate.kernel.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * FSM's {@code http2tunnel} mode: one HTTP/1.1 request per connection, which must be
 * {@code CONNECT host:port} (authority form, an IPv6 host in brackets). Parsed by Netty's
 * {@link HttpRequestDecoder} (the decoding half of {@code HttpServerCodec}) with strict line parsing and
 * bounded sizes; answers are fixed texts written as bytes:
 * <ul>
 *   <li>a malformed request, a body, a target not in authority form: {@code 400}; another method:
 *       {@code 405} with {@code Allow: CONNECT}; no complete request head in time: {@code 408};</li>
 *   <li>no rule allows it: {@code 403} whose body is the reason (a fixed phrase), nothing relayed;</li>
 *   <li>allowed but unreachable: {@code 502}, or {@code 504} when the connect timeout passed;</li>
 *   <li>connected: {@code 200 Connection established}; the decoder leaves and bytes are relayed both
 *       ways, starting with any the caller sent right after its request.</li>
 * </ul>
 * Every answer but 200 closes the connection.
 */
final class ConnectFrontend extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(ConnectFrontend.class.getName());

    static final String DECODER = "connect-decoder";
    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEADERS = 16 * 1024;
    private static final byte[] ESTABLISHED =
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private enum State { READING, OPENING, RELAYING, DONE }

    private final TunnelSession session;
    private final Duration requestTimeout;
    private final List<ByteBuf> early = new ArrayList<>(1);
    private State state = State.READING;
    private ScheduledFuture<?> deadline;

    ConnectFrontend(TunnelSession session, Duration requestTimeout) {
        this.session = session;
        this.requestTimeout = requestTimeout;
    }

    /** Adds the decoder and this frontend last in {@code pipeline}. */
    static void install(ChannelPipeline pipeline, TunnelSession session, Duration requestTimeout) {
        HttpRequestDecoder decoder = new HttpRequestDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADERS)
                .setStrictLineParsing(true)
                .setValidateHeaders(true)
                .setChunkedSupported(false));
        // one message per read: bytes after the request head stay undecoded, for the tunnel
        decoder.setSingleDecode(true);
        pipeline.addLast(DECODER, decoder);
        pipeline.addLast("connect", new ConnectFrontend(session, requestTimeout));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            if (state == State.READING) {
                answer(ctx, 408, "Request Timeout", "no complete CONNECT request in time\n", null);
                session.record().rejected(408, TunnelRecord.REQUEST_TIMEOUT,
                        "no complete request within " + requestTimeout.toSeconds() + " s");
            }
        }, requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelDeadline();
        early.forEach(ReferenceCountUtil::release);
        early.clear();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (state) {
            case READING -> {
                if (msg instanceof HttpRequest request) {
                    try {
                        request(ctx, request);
                    } finally {
                        ReferenceCountUtil.release(msg);
                    }
                } else {
                    ReferenceCountUtil.release(msg);
                }
            }
            case OPENING -> {
                if (msg instanceof ByteBuf buf) {
                    early.add(buf); // the decoder hands over what it held as it leaves
                } else {
                    // the request's empty last content, or another request decoded before we stopped
                    // reading: the tunnel starts at the bytes after the first request head
                    ReferenceCountUtil.release(msg);
                }
            }
            default -> ReferenceCountUtil.release(msg);
        }
    }

    private void request(ChannelHandlerContext ctx, HttpRequest request) {
        cancelDeadline();
        // nothing more is read until the tunnel is open or refused: a caller cannot make us buffer
        ctx.channel().config().setAutoRead(false);
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            reject(ctx, 400, "Bad Request", TunnelRecord.MALFORMED, String.valueOf(cause.getMessage()));
            return;
        }
        if (!HttpMethod.CONNECT.equals(request.method())) {
            reject(ctx, 405, "Method Not Allowed", TunnelRecord.METHOD_NOT_ALLOWED,
                    request.method() + " " + truncated(request.uri()));
            return;
        }
        if (request.protocolVersion() != HttpVersion.HTTP_1_1 && request.protocolVersion() != HttpVersion.HTTP_1_0) {
            reject(ctx, 400, "Bad Request", TunnelRecord.MALFORMED, "version " + request.protocolVersion());
            return;
        }
        // a CONNECT request has no content: a length or a coding would leave bytes whose meaning the
        // caller and the destination could disagree on
        if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                || (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
                    && !"0".equals(request.headers().get(HttpHeaderNames.CONTENT_LENGTH)))) {
            reject(ctx, 400, "Bad Request", TunnelRecord.MALFORMED, "a CONNECT request with a body");
            return;
        }
        Destination destination;
        try {
            destination = Destination.parseAuthority(request.uri());
        } catch (IllegalArgumentException e) {
            reject(ctx, 400, "Bad Request", TunnelRecord.MALFORMED, e.getMessage() + " (" + truncated(request.uri()) + ")");
            return;
        }
        session.record().destination(destination);
        state = State.OPENING;
        session.open(destination).addListener(f -> outcome(ctx, (TunnelOutcome) f.getNow()));
    }

    private void outcome(ChannelHandlerContext ctx, TunnelOutcome outcome) {
        if (outcome instanceof TunnelOutcome.Opened opened && (!ctx.channel().isActive() || ctx.isRemoved())) {
            opened.upstream().close(); // the caller left while we were connecting
            return;
        }
        switch (outcome) {
            case TunnelOutcome.Denied denied -> {
                session.record().denied(403, denied.denial(), null);
                answer(ctx, 403, "Forbidden", denied.denial().reason() + "\n", null);
            }
            case TunnelOutcome.Failed failed -> {
                boolean timeout = failed.cause().kind() == TunnelConnectException.Kind.TIMEOUT;
                int status = timeout ? 504 : 502;
                session.record().failed(status, failed.rule(), failed.cause(), null);
                answer(ctx, status, timeout ? "Gateway Timeout" : "Bad Gateway", failed.cause().kind().phrase() + "\n", null);
            }
            case TunnelOutcome.Opened opened -> relay(ctx, opened);
        }
    }

    private void relay(ChannelHandlerContext ctx, TunnelOutcome.Opened opened) {
        Channel upstream = opened.upstream();
        session.record().opened(opened.rule(), (java.net.InetSocketAddress) upstream.remoteAddress());
        // the decoder leaves first: what it held after the request head comes to channelRead as bytes
        if (ctx.pipeline().get(DECODER) != null) {
            ctx.pipeline().remove(DECODER);
        }
        state = State.RELAYING;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ESTABLISHED));
        List<ByteBuf> held = new ArrayList<>(early);
        early.clear();
        try {
            TunnelRelay.start(ctx, this, upstream, session.record(), 0, held, TunnelRelay.IDLE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "tunnel listener " + session.record().listener()
                    + ": cannot relay: " + e.getMessage());
            held.forEach(ReferenceCountUtil::release);
            upstream.close();
            ctx.close();
        }
    }

    private void reject(ChannelHandlerContext ctx, int status, String phrase, String reason, String detail) {
        session.record().rejected(status, reason, detail);
        answer(ctx, status, phrase, reason + "\n", status == 405 ? "Allow: CONNECT\r\n" : null);
    }

    private void answer(ChannelHandlerContext ctx, int status, String phrase, String body, String extraHeaders) {
        state = State.DONE;
        byte[] content = body.getBytes(StandardCharsets.US_ASCII);
        String head = "HTTP/1.1 " + status + " " + phrase + "\r\n"
                + (extraHeaders == null ? "" : extraHeaders)
                + "Content-Type: text/plain\r\nContent-Length: " + content.length + "\r\nConnection: close\r\n\r\n";
        ByteBuf out = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), content);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.READING && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, () -> "tunnel listener " + session.record().listener()
                + ": connection closed on error: " + cause);
        ctx.close();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private static String truncated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

}
