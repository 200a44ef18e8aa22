package io.meshgate.kernel.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Slowloris defence for HTTP/1.1 connections, placed before the codec so it sees raw bytes. A new
 * connection must deliver a complete request head within the header timeout (a total deadline, not
 * reset by trickling bytes). Between requests the connection may stay idle for the keep-alive idle
 * timeout; the first byte of the next request starts a fresh header deadline. When a head deadline
 * passes the client gets {@code 408} and the connection closes; an idle keep-alive connection is
 * simply closed.
 *
 * <p>Per request this handler only writes a state and a timestamp: one periodic check per
 * connection (a quarter of the shorter timeout) enforces the deadlines, so no timer is scheduled or
 * cancelled on the hot path. A deadline may therefore fire up to a quarter late.
 */
public final class RequestHeadDeadline extends ChannelDuplexHandler {
    public static final String NAME = "request-head-deadline";

    private enum State { IDLE, RECEIVING_HEAD, BUSY }

    private static final byte[] TIMEOUT_RESPONSE = ("HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 25\r\nConnection: close\r\n\r\n"
            + "request header timed out\n").getBytes(CharsetUtil.US_ASCII);

    private final long headTimeoutNanos;
    private final long idleTimeoutNanos;
    private final long tickNanos;
    private ChannelHandlerContext ctx;
    private State state = State.RECEIVING_HEAD;
    private long stateSinceNanos;
    private ScheduledFuture<?> ticker;

    public RequestHeadDeadline(Duration headTimeout, Duration idleTimeout) {
        this.headTimeoutNanos = headTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(headTimeoutNanos, idleTimeoutNanos) / 4);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        stateSinceNanos = System.nanoTime();
        ticker = ctx.executor().scheduleAtFixedRate(this::check, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.IDLE && msg instanceof ByteBuf buf && buf.isReadable()) {
            enter(State.RECEIVING_HEAD);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    /** The codec produced a request head: no deadline while the exchange runs. */
    void requestReceived() {
        state = State.BUSY;
    }

    /** The response is done and the connection stays open: idle timer until the next request. */
    void awaitNextRequest() {
        enter(State.IDLE);
    }

    private void enter(State next) {
        state = next;
        stateSinceNanos = System.nanoTime();
    }

    private void stop() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }

    private void check() {
        if (!ctx.channel().isActive()) {
            stop();
            return;
        }
        long waited = System.nanoTime() - stateSinceNanos;
        if (state == State.RECEIVING_HEAD && waited >= headTimeoutNanos) {
            stop();
            // written below the codec: the response encoder may be mid-state, raw bytes are exact
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_RESPONSE)).addListener(ChannelFutureListener.CLOSE);
        } else if (state == State.IDLE && waited >= idleTimeoutNanos) {
            stop();
            ctx.close();
        }
    }
}
