package io.meshgate.kernel.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP/2 connection that had no open stream for the listener's idle timeout (Envoy's
 * {@code idle_timeout}). Frames alone do not keep it open, and open streams always do: a long
 * download or a quiet gRPC stream is never cut here; a stream that stalls is the stream idle
 * timeout's business ({@code Exchange}). Checked every quarter of the timeout, so it may fire up to
 * a quarter late.
 */
final class Http2IdleCloser extends ChannelInboundHandlerAdapter {
    private final Http2Connection connection;
    private final long idleNanos;
    private long idleSinceNanos;
    private ScheduledFuture<?> ticker;

    Http2IdleCloser(Http2Connection connection, Duration idle) {
        this.connection = connection;
        this.idleNanos = idle.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        idleSinceNanos = System.nanoTime();
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(50), idleNanos / 4);
        ticker = ctx.executor().scheduleAtFixedRate(() -> check(ctx), tick, tick, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    private void check(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        if (connection.numActiveStreams() > 0) {
            idleSinceNanos = now;
        } else if (now - idleSinceNanos >= idleNanos) {
            stop();
            ctx.close();
        }
    }

    private void stop() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }
}
