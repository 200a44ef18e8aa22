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
 */
public final class RequestHeadDeadline extends ChannelDuplexHandler {
    public static final String NAME = "request-head-deadline";

    private enum State { IDLE, RECEIVING_HEAD, BUSY }

    private static final byte[] TIMEOUT_RESPONSE = ("HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 25\r\nConnection: close\r\n\r\n"
            + "request header timed out\n").getBytes(CharsetUtil.US_ASCII);

    private final long headTimeoutNanos;
    private final long idleTimeoutNanos;
    private ChannelHandlerContext ctx;
    private State state = State.RECEIVING_HEAD;
    private ScheduledFuture<?> timer;

    public RequestHeadDeadline(Duration headTimeout, Duration idleTimeout) {
        this.headTimeoutNanos = headTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        arm(headTimeoutNanos);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.IDLE && msg instanceof ByteBuf buf && buf.isReadable()) {
            state = State.RECEIVING_HEAD;
            arm(headTimeoutNanos);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    /** The codec produced a request head: no deadline while the exchange runs. */
    void requestReceived() {
        state = State.BUSY;
        cancel();
    }

    /** The response is done and the connection stays open: idle timer until the next request. */
    void awaitNextRequest() {
        state = State.IDLE;
        arm(idleTimeoutNanos);
    }

    private void arm(long nanos) {
        cancel();
        timer = ctx.executor().schedule(this::expired, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (state == State.RECEIVING_HEAD) {
            // written below the codec: the response encoder may be mid-state, raw bytes are exact
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_RESPONSE)).addListener(ChannelFutureListener.CLOSE);
        } else if (state == State.IDLE) {
            ctx.close();
        }
    }
}
