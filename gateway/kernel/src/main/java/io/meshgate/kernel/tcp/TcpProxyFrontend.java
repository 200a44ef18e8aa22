package io.meshgate.kernel.tcp;

import io.meshgate.config.TcpListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.Objects;

/**
 * The child handler of a {@link TcpListener}: when a client connects it opens the upstream
 * connection, then relays both ways with {@link TcpRelayHandler}. Nothing is read from the client
 * before the upstream is connected, so server-first protocols (MySQL, SMTP greetings) work and a
 * client cannot make the proxy buffer. A failed upstream connect closes the client. Stateless:
 * one instance can serve every connection of a listener.
 */
@Sharable
public final class TcpProxyFrontend extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(TcpProxyFrontend.class.getName());

    private final UpstreamConnector connector;
    private final Duration idleTimeout;

    public TcpProxyFrontend(UpstreamConnector connector, Duration idleTimeout) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    /** A frontend with the listener's idle timeout. */
    public TcpProxyFrontend(TcpListener listener, UpstreamConnector connector) {
        this(connector, listener.idleTimeout());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // added at registration, before the channel is active: no read is ever issued until the relay asks
        ctx.channel().config().setAutoRead(false);
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        Future<Channel> upstream;
        try {
            upstream = connector.connect(ctx.channel());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "upstream connector failed: " + e);
            ctx.close();
            return;
        }
        upstream.addListener(f -> {
            // a connector may complete its future on another thread: the pipeline is the event loop's
            if (ctx.executor().inEventLoop()) {
                connected(ctx, upstream);
            } else {
                ctx.executor().execute(() -> connected(ctx, upstream));
            }
        });
    }

    private void connected(ChannelHandlerContext ctx, Future<Channel> future) {
        if (!future.isSuccess()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "upstream connect failed: " + future.cause());
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
            LOG.log(System.Logger.Level.WARNING, () -> "cannot relay: " + e.getMessage());
            upstream.close();
            ctx.close();
            return;
        }
        upstream.pipeline().addLast("tcp-relay", pair.upstreamHandler());
        ctx.pipeline().replace(ctx.name(), "tcp-relay", pair.downstreamHandler());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
