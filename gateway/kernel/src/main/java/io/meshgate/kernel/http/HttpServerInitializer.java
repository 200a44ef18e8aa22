package io.meshgate.kernel.http;

import io.meshgate.config.HttpSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.util.List;

/**
 * Builds the HTTP server pipelines of a listener: HTTP/1.1, and HTTP/2 (after ALPN "h2" or the h2c
 * prior-knowledge preface). Both end in the same {@link HttpProxyHandler}; HTTP/2 streams are turned
 * into HTTP/1-style message objects per stream so routing, filters and upstreams are shared.
 */
public final class HttpServerInitializer {

    /** Handlers removed when an HTTP/1.1 connection turns into a tunnel (WebSocket). */
    static final List<String> HTTP1_HANDLERS = List.of(RequestHeadDeadline.NAME, "http-codec");

    /** HTTP/2 abuse limits: reset floods (CVE-2023-44487) and CONTINUATION floods are Netty-enforced. */
    private static final int MAX_RST_FRAMES_PER_WINDOW = 200;
    private static final int RST_WINDOW_SECONDS = 30;

    private final HttpRuntime runtime;

    public HttpServerInitializer(HttpRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * A cleartext connection whose protocol is not known yet: the request-head deadline starts now, at
     * accept, so a client that sends nothing or half of the HTTP/2 preface is answered 408 and closed
     * like a slow HTTP/1.1 head. HTTP/1.1 keeps that deadline running; HTTP/2 replaces it with the
     * connection idle timer.
     */
    public void installCleartextDetection(Channel ch, String listener, HttpSettings settings) {
        ch.pipeline().addLast(RequestHeadDeadline.NAME, newDeadline(settings));
        ch.pipeline().addLast("h2c-detect", new H2cPriorKnowledgeDetector(
                () -> installHttp1(ch, listener, settings, false),
                () -> installHttp2(ch, listener, settings, false)));
    }

    private static RequestHeadDeadline newDeadline(HttpSettings settings) {
        return new RequestHeadDeadline(settings.requestHeaderTimeout(), settings.idleTimeout());
    }

    /** HTTP/1.1 on {@code ch}: deadline (the one running since accept, if any), strict codec, proxy. */
    public void installHttp1(Channel ch, String listener, HttpSettings settings, boolean secure) {
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxInitialLineLength())
                .setMaxHeaderSize(settings.maxHeaderSize())
                .setMaxChunkSize(64 * 1024)
                .setValidateHeaders(true)
                .setAllowDuplicateContentLengths(false)
                .setAllowPartialChunks(true)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true);
        ChannelPipeline p = ch.pipeline();
        RequestHeadDeadline deadline = (RequestHeadDeadline) p.get(RequestHeadDeadline.NAME);
        if (deadline == null) {
            deadline = newDeadline(settings);
            p.addLast(RequestHeadDeadline.NAME, deadline);
        }
        p.addLast("http-codec", new HttpServerCodec(decoder));
        p.addLast("proxy", new HttpProxyHandler(runtime, listener, false, secure, deadline));
    }

    /** HTTP/2 on {@code ch}: frame codec with abuse limits, one child channel per stream. */
    public void installHttp2(Channel ch, String listener, HttpSettings settings, boolean secure) {
        Http2Settings initial = Http2Settings.defaultSettings()
                .maxConcurrentStreams(settings.maxConcurrentStreams())
                .maxHeaderListSize(settings.maxHeaderSize())
                .initialWindowSize(1024 * 1024);
        ChannelPipeline p = ch.pipeline();
        if (p.get(RequestHeadDeadline.NAME) != null) {
            p.remove(RequestHeadDeadline.NAME); // the preface arrived: from here the idle timer applies
        }
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(initial)
                .validateHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RST_FRAMES_PER_WINDOW, RST_WINDOW_SECONDS)
                .build();
        p.addLast("h2-idle-close", new Http2IdleCloser(codec.connection(), settings.idleTimeout()));
        p.addLast("h2-codec", codec);
        p.addLast("h2-multiplex", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast("h2-to-http", new Http2StreamFrameToHttpObjectCodec(true, true));
                stream.pipeline().addLast("proxy", new HttpProxyHandler(runtime, listener, true, secure, null));
            }
        }));
        // the connection reads freely: HTTP/2 flow control throttles each stream (a stream's
        // handler pauses its auto-read while its upstream cannot take more)
        ch.config().setAutoRead(true);
    }
}
