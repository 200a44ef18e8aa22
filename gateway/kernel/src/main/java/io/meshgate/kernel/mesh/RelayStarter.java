package io.meshgate.kernel.mesh;

import io.meshgate.kernel.tcp.TcpRelayHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Opens the upstream connection of a relayed mesh connection, then replaces itself with the
 * {@link TcpRelayHandler} pair. It may be added before the connection is active (nothing has been
 * read: server-first protocols get their greeting through) or after bytes were read to choose the
 * rule (a sniffed first byte, a TLS handshake): those bytes wait in this decoder's buffer, are
 * handed to the relay on replacement and reach the upstream first. While connecting nothing more is
 * read, so a client cannot make the proxy buffer; a client FIN meanwhile is passed on once relayed.
 * A failed connect closes the client.
 */
final class RelayStarter extends ByteToMessageDecoder {
    private static final System.Logger LOG = System.getLogger(RelayStarter.class.getName());

    private final Function<Channel, Future<Channel>> connect;
    private final Duration idleTimeout;
    private final String target;
    private final Consumer<Throwable> onFailure;
    private boolean started;
    private boolean connecting;
    private boolean inputShutdownWhileConnecting;

    /**
     * @param connect     opens the upstream for the downstream channel
     * @param idleTimeout closes the pair after this long without a byte either way
     * @param target      names the upstream in log lines (a cluster, an address)
     */
    RelayStarter(Function<Channel, Future<Channel>> connect, Duration idleTimeout, String target) {
        this(connect, idleTimeout, target, cause -> { });
    }

    /** @param onFailure told why the upstream could not be opened, before the client is closed */
    RelayStarter(Function<Channel, Future<Channel>> connect, Duration idleTimeout, String target,
                 Consumer<Throwable> onFailure) {
        this.connect = connect;
        this.idleTimeout = idleTimeout;
        this.target = target;
        this.onFailure = onFailure;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        ctx.channel().config().setAutoRead(false);
        // a client's FIN must become the upstream's FIN, not close the connection before the answer
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        connecting = true;
        Future<Channel> upstream;
        try {
            upstream = connect.apply(ctx.channel());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "cannot connect to " + target + ": " + e);
            onFailure.accept(e);
            ctx.close();
            return;
        }
        upstream.addListener(f -> {
            // a connector may complete on another thread: the pipeline is the event loop's
            if (ctx.executor().inEventLoop()) {
                connected(ctx, upstream);
            } else {
                ctx.executor().execute(() -> connected(ctx, upstream));
            }
        });
    }

    private void connected(ChannelHandlerContext ctx, Future<Channel> future) {
        connecting = false;
        if (!future.isSuccess()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "upstream connect to " + target + " failed: " + future.cause());
            onFailure.accept(future.cause());
            ctx.close();
            return;
        }
        Channel upstream = future.getNow();
        if (!ctx.channel().isActive() || ctx.isRemoved()) {
            upstream.close(); // the client left while we were connecting
            return;
        }
        TcpRelayHandler.Pair pair;
        try {
            pair = TcpRelayHandler.pair(ctx.channel(), upstream, idleTimeout);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot relay to " + target + ": " + e.getMessage());
            upstream.close();
            ctx.close();
            return;
        }
        upstream.pipeline().addLast("tcp-relay", pair.upstreamHandler());
        // the decoder hands what it buffered to the relay as it is replaced
        ctx.pipeline().replace(this, "tcp-relay", pair.downstreamHandler());
        if (inputShutdownWhileConnecting) {
            ctx.channel().pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // keep everything for the relay: nothing is consumed here
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (connecting) {
            // the decoder would ask for more client bytes and buffer them without bound while we connect
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (connecting && evt instanceof ChannelInputShutdownEvent) {
            // the client sent its bytes and a FIN: the decoder would drop what it buffered on this
            // event, so hold it back and replay it to the relay once the upstream is there
            inputShutdownWhileConnecting = true;
            return;
        }
        super.userEventTriggered(ctx, evt);
    }
}
