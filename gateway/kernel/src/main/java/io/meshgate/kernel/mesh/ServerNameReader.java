package io.meshgate.kernel.mesh;

import io.meshgate.kernel.tls.ServerNames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the TLS server name of an outbound mesh connection before its destination rule is chosen,
 * when the rules for its original destination select by server name (HTTPS egress). The ClientHello
 * is parsed by Netty's {@link AbstractSniHandler}, as the ingress SNI dispatch parses it (reassembled
 * across records, at most {@code maxClientHelloLength} bytes), and nothing is consumed: once
 * {@link Next#install} added the handlers that follow, this handler leaves and hands them every byte
 * it read, so the upstream sees the ClientHello unchanged.
 *
 * <p>First bytes that are no ClientHello, or a ClientHello without an SNI, give a null name. A client
 * that sends nothing within {@code wait} is decided with a null name too (a rule without server names,
 * say a server-first one, may still serve it). A ClientHello over the limit or a malformed TLS record
 * closes the connection ({@link Next#failed}).
 */
final class ServerNameReader extends AbstractSniHandler<String> {
    private static final System.Logger LOG = System.getLogger(ServerNameReader.class.getName());

    /** Real ClientHellos, even with post-quantum key shares, are 2 KiB or less. */
    static final int MAX_CLIENT_HELLO_LENGTH = 16 * 1024;

    /** What follows the reader; called once, on the event loop. */
    interface Next {
        /**
         * Adds the handlers that serve the connection after {@code ctx.name()} (or last).
         *
         * @param sni the server name, lower case without a trailing dot; null when none was read
         */
        void install(ChannelHandlerContext ctx, String sni);

        /** The first bytes were not a readable ClientHello; the connection is being closed. */
        void failed(ChannelHandlerContext ctx, Throwable cause);
    }

    private final Duration wait;
    private final Next next;
    private ScheduledFuture<?> deadline;
    private boolean decided;

    ServerNameReader(Duration wait, Next next) {
        // no timeout of the superclass: its timer closes the connection, ours decides without a name
        super(MAX_CLIENT_HELLO_LENGTH, 0L);
        this.wait = wait;
        this.next = next;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        // a mesh connection starts with auto-read on; a connection set up by hand may not
        ctx.channel().config().setAutoRead(true);
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
        if (deadline == null && !decided) {
            deadline = ctx.executor().schedule(() -> {
                if (!decided && !ctx.isRemoved()) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "mesh connection from " + ctx.channel().remoteAddress()
                            + " sent no ClientHello within " + wait.toMillis() + " ms");
                    decide(ctx, null);
                }
            }, wait.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (decided) {
            return; // waiting to be removed: keep the bytes for the handlers that follow
        }
        super.decode(ctx, in, out);
    }

    @Override
    protected Future<String> lookup(ChannelHandlerContext ctx, String hostname) {
        return ctx.executor().newSucceededFuture(hostname);
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, String hostname, Future<String> future) {
        if (decided) {
            return;
        }
        String sni = ServerNames.plausibleSni(hostname) ? ServerNames.normalize(hostname) : null;
        decide(ctx, sni);
    }

    private void decide(ChannelHandlerContext ctx, String sni) {
        decided = true;
        cancel();
        next.install(ctx, sni);
        if (!ctx.isRemoved()) {
            // the decoder hands what it buffered (the ClientHello) to the handlers just installed
            ctx.pipeline().remove(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (decided) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // a ClientHello over the limit or a record that is not TLS: the superclass is closing the connection
        decided = true;
        cancel();
        next.failed(ctx, cause);
        ctx.close();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.handlerRemoved0(ctx);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
