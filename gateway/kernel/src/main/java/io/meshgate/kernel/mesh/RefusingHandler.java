package io.meshgate.kernel.mesh;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a mesh connection that will not be served, without an answer, the way FSM's sidecar does:
 * it waits for the client's first bytes (up to {@code firstBytesWait}), discards them, sends a FIN and
 * closes once the client closes too (or after {@code linger}). A client therefore sees an orderly end
 * of stream and no data: curl reports "Empty reply from server" (exit 52). Closing before reading
 * would make the client's request meet a reset instead, and closing with unread bytes in the socket
 * sends a reset as well.
 *
 * <p>{@link #reset()} answers those first bytes with a reset instead (FSM's answer to a source that is
 * not allowed to connect at all): the client has sent its request and reads "connection reset" (curl
 * exit 56) rather than failing to send it.
 *
 * <p>A server-first protocol's client (SMTP, MySQL, PostgreSQL) sends nothing until the server greets it, so
 * waiting for its first bytes only delays the refusal by {@link #FIRST_BYTES_WAIT}: {@link #of} with
 * {@code serverFirst} ends such a connection at once (a FIN, or the reset).
 */
final class RefusingHandler extends ChannelInboundHandlerAdapter {
    static final Duration FIRST_BYTES_WAIT = Duration.ofSeconds(2);
    static final Duration LINGER = Duration.ofSeconds(1);

    private final Duration firstBytesWait;
    private final Duration linger;
    private final boolean reset;
    private ScheduledFuture<?> deadline;
    private boolean outputShut;

    RefusingHandler() {
        this(FIRST_BYTES_WAIT, LINGER, false);
    }

    RefusingHandler(Duration firstBytesWait, Duration linger, boolean reset) {
        this.firstBytesWait = firstBytesWait;
        this.linger = linger;
        this.reset = reset;
    }

    /** Resets the connection once the client's first bytes arrived (or after the wait). */
    static RefusingHandler reset() {
        return new RefusingHandler(FIRST_BYTES_WAIT, LINGER, true);
    }

    /**
     * The refusal of a connection to a rule: at once for a server-first rule (its client will not speak
     * first), else after the client's first bytes.
     *
     * @param reset a reset rather than an orderly end
     */
    static RefusingHandler of(boolean serverFirst, boolean reset) {
        return new RefusingHandler(serverFirst ? Duration.ZERO : FIRST_BYTES_WAIT, LINGER, reset);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(true);
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (deadline == null && !outputShut) {
            start(ctx);
        }
    }

    private void start(ChannelHandlerContext ctx) {
        if (firstBytesWait.isZero()) {
            end(ctx); // nothing will come first: refuse now
        } else {
            arm(ctx, firstBytesWait);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        end(ctx);
    }

    /** The refusal proper: a reset, or a FIN and a close once the client closes too (or after the linger). */
    private void end(ChannelHandlerContext ctx) {
        if (outputShut) {
            return;
        }
        outputShut = true;
        if (reset) {
            abort(ctx);
        } else if (ctx.channel() instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
            arm(ctx, linger);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // a half-closing client (only when half-closure is on): nothing more will come
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void arm(ChannelHandlerContext ctx, Duration after) {
        cancel();
        deadline = ctx.executor().schedule(() -> {
            if (reset) {
                abort(ctx);
            } else {
                ctx.close();
            }
        }, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Resets {@code ch} at once, without waiting for bytes (a connection over a rate limit). */
    static void resetNow(io.netty.channel.Channel ch) {
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        ch.close();
    }

    /** Closes with SO_LINGER 0: the kernel sends a reset instead of a FIN. */
    private static void abort(ChannelHandlerContext ctx) {
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        ctx.close();
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
