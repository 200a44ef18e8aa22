package io.meshgate.kernel.mesh;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of an inbound mesh connection that may be TLS or plaintext: the first byte
 * decides (0x16, a TLS handshake record, or anything else). {@code next} installs the handlers that
 * follow, after this one; this one then removes itself and hands them the bytes it read.
 *
 * <p>A client that sends nothing is a server-first protocol's plaintext client or a dead one: with
 * {@code plaintextWhenSilent}, after {@code wait} the connection proceeds as plaintext (so the
 * server can greet); otherwise it is closed.
 */
final class TlsSniffer extends ByteToMessageDecoder {
    static final byte TLS_HANDSHAKE = 0x16;

    /** What follows the sniffer; called once, on the event loop, before the sniffer leaves. */
    @FunctionalInterface
    interface Next {
        /**
         * @param ctx the sniffer's context: add handlers after {@code ctx.name()} (or last)
         * @param tls true when the client opened with a TLS handshake
         */
        void install(ChannelHandlerContext ctx, boolean tls);
    }

    private static final System.Logger LOG = System.getLogger(TlsSniffer.class.getName());

    private final Duration wait;
    private final boolean plaintextWhenSilent;
    private final Next next;
    private ScheduledFuture<?> deadline;
    private boolean decided;

    TlsSniffer(Duration wait, boolean plaintextWhenSilent, Next next) {
        this.wait = wait;
        this.plaintextWhenSilent = plaintextWhenSilent;
        this.next = next;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        if (deadline != null || decided) {
            return;
        }
        deadline = ctx.executor().schedule(() -> silent(ctx), wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void silent(ChannelHandlerContext ctx) {
        if (decided || ctx.isRemoved()) {
            return;
        }
        if (!plaintextWhenSilent) {
            LOG.log(System.Logger.Level.DEBUG, () -> "mesh connection from " + ctx.channel().remoteAddress()
                    + " sent nothing within " + wait.toMillis() + " ms; closing");
            decided = true;
            ctx.close();
            return;
        }
        decide(ctx, false);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!decided && in.isReadable()) {
            decide(ctx, in.getByte(in.readerIndex()) == TLS_HANDSHAKE);
        }
    }

    private void decide(ChannelHandlerContext ctx, boolean tls) {
        decided = true;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        next.install(ctx, tls);
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
