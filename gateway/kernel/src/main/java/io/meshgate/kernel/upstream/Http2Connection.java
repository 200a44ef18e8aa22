package io.meshgate.kernel.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * One multiplexed HTTP/2 connection to an endpoint, and the handler at the end of its pipeline
 * that watches connection-level frames. It becomes ready when the server's first SETTINGS frame
 * arrives (so its stream limit is known), opens stream child channels that speak
 * {@code HttpRequest}/{@code HttpResponse} objects, and stops taking streams after a GOAWAY.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {
    static final String CODEC_HANDLER = "h2-codec";
    static final String MULTIPLEX_HANDLER = "h2-multiplex";
    static final String CONNECTION_HANDLER = "h2-connection";
    /** Header list limit we announce for responses (64 KiB, as for HTTP/1.1 headers). */
    static final long MAX_HEADER_LIST_SIZE = 64 * 1024;
    /**
     * Client stream ids run out after 2^30 streams; retire a connection well before so that no
     * request fails on an exhausted connection.
     */
    static final long MAX_STREAMS_PER_CONNECTION = 1L << 29;

    private static final ChannelInitializer<Http2StreamChannel> STREAM_INITIALIZER = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Http2StreamChannel ch) {
            // the proxy reads and writes HTTP/1.x objects on a stream exactly as on an HTTP/1.1 connection
            ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false));
        }
    };

    final Http2EndpointPool pool;
    final List<Promise<Channel>> waiters = new ArrayList<>();
    Channel channel;
    Http2FrameCodec codec;
    /** The connect attempt as a whole (TCP, TLS, SETTINGS); cancelling it abandons the connection. */
    Future<Channel> attempt;
    /** Completed by this handler when the server's SETTINGS arrive. */
    Promise<Channel> ready;
    boolean isReady;
    boolean closed;
    int openStreams;
    long streamsOpened;
    long idleSinceNanos;
    /** The cluster load this connection is counted in (a cluster with {@code maxConnections}); null: none. */
    ClusterLoad countedIn;
    int gauge = PoolGauges.NONE;

    Http2Connection(Http2EndpointPool pool) {
        this.pool = pool;
    }

    /** Adds the HTTP/2 handlers to a connected channel; {@code ready} completes on the server's SETTINGS. */
    void install(Channel ch, Promise<Channel> readyPromise) {
        this.ready = readyPromise;
        this.codec = Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings()
                        .pushEnabled(false)
                        .maxHeaderListSize(MAX_HEADER_LIST_SIZE))
                // streams above the server's limit wait in the encoder instead of being refused
                .encoderEnforceMaxConcurrentStreams(true)
                .validateHeaders(true)
                .build();
        ch.pipeline()
                .addLast(CODEC_HANDLER, codec)
                .addLast(MULTIPLEX_HANDLER, new Http2MultiplexHandler(RefuseServerStreams.INSTANCE))
                .addLast(CONNECTION_HANDLER, this);
    }

    /** Usable for another stream now. */
    boolean canOpenStream() {
        return isReady && usable() && openStreams < codec.connection().local().maxActiveStreams();
    }

    /** Neither closing, nor told to go away, nor worn out, nor pointing at a retired endpoint. */
    boolean usable() {
        return !closed && channel.isActive() && !codec.connection().goAwayReceived()
                && streamsOpened < MAX_STREAMS_PER_CONNECTION && !pool.endpoint.isRetired();
    }

    /** Opens a stream child channel and completes {@code promise} with it. */
    void openStream(Promise<Channel> promise) {
        openStreams++;
        streamsOpened++;
        pool.onStreamCountChanged(this);
        new Http2StreamChannelBootstrap(channel).handler(STREAM_INITIALIZER).open().addListener(f -> {
            if (!f.isSuccess()) {
                onStreamClosed();
                promise.tryFailure(f.cause());
                return;
            }
            Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
            stream.closeFuture().addListener(c -> onStreamClosed());
            if (!promise.trySuccess(stream)) {
                stream.close();
            }
        });
    }

    private void onStreamClosed() {
        openStreams--;
        pool.onStreamCountChanged(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2SettingsFrame && !ready.isDone()) {
                ready.trySuccess(ctx.channel());
            } else if (msg instanceof Http2GoAwayFrame) {
                pool.onGoAway(this);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // stream errors reach the stream channels; what arrives here concerns the whole connection
        ready.tryFailure(cause);
        ctx.close();
    }

    /** Servers must not open streams towards a proxy (push is disabled): reset any that they do. */
    @Sharable
    private static final class RefuseServerStreams extends ChannelInboundHandlerAdapter {
        static final RefuseServerStreams INSTANCE = new RefuseServerStreams();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
