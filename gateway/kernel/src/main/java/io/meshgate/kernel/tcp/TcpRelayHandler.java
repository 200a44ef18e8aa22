package io.meshgate.kernel.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Objects;

/**
 * Relays bytes, untouched, from the channel it sits on to a peer channel; a pair of them (one per
 * channel, from {@link #pair}) relays both ways. Used for {@code TcpListener} connections and TLS
 * passthrough.
 *
 * <ul>
 *   <li>Backpressure: auto-read is off; the next read is asked for only while the peer is writable,
 *       and the peer's writability turning back on resumes it. Memory per pair stays near the
 *       channels' write-buffer high-water marks whatever the speed difference.</li>
 *   <li>Half-close: end-of-stream on one side becomes a FIN on the other once the bytes before it
 *       are flushed; the other direction keeps flowing; the pair closes when both directions ended.</li>
 *   <li>When either channel closes (or a write fails, or nothing was read either way for the idle
 *       timeout) both close.</li>
 *   <li>Nothing allocated per read: writes take the channel's void promise (a failure comes back as
 *       {@link #exceptionCaught} of the peer's handler), and the buffer read is passed on as it is.</li>
 * </ul>
 * Both channels must be on the same event loop.
 */
public final class TcpRelayHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(TcpRelayHandler.class.getName());

    private final Channel peer;
    private final RelaySession session;

    /** The two handlers of a relayed pair: add each to its channel's pipeline. */
    public record Pair(TcpRelayHandler downstreamHandler, TcpRelayHandler upstreamHandler) {}

    private TcpRelayHandler(Channel peer, RelaySession session) {
        this.peer = peer;
        this.session = session;
    }

    /**
     * Creates the handlers for a connected pair and starts its idle timer. Call on the pair's event
     * loop, then add {@link Pair#upstreamHandler()} to the upstream pipeline and
     * {@link Pair#downstreamHandler()} to the downstream one (or let it replace the handler that
     * buffered bytes to send first: a {@code ByteToMessageDecoder} hands its buffer to it).
     *
     * @throws IllegalArgumentException when the channels are on different event loops
     */
    public static Pair pair(Channel downstream, Channel upstream, Duration idleTimeout) {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (downstream.eventLoop() != upstream.eventLoop()) {
            throw new IllegalArgumentException("relayed channels must share one event loop");
        }
        RelaySession session = new RelaySession(downstream, upstream, idleTimeout);
        session.start();
        return new Pair(new TcpRelayHandler(upstream, session), new TcpRelayHandler(downstream, session));
    }

    /** {@link #pair} and add both handlers last in their pipelines. */
    public static void install(Channel downstream, Channel upstream, Duration idleTimeout) {
        Pair pair = pair(downstream, upstream, idleTimeout);
        upstream.pipeline().addLast("tcp-relay", pair.upstreamHandler());
        downstream.pipeline().addLast("tcp-relay", pair.downstreamHandler());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ChannelConfig config = ctx.channel().config();
        config.setAutoRead(false);
        // without it a client's FIN would close the connection before the response direction drained
        config.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        if (ctx.channel().isActive()) {
            readMore(ctx.channel());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        readMore(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        session.touch();
        if (peer.isActive()) {
            // the void promise: no promise object per read (JFR showed it as most of what the egress
            // gateway allocated per relayed request; SslHandler adds a listener object per write on
            // top for a real promise). A failed write is then reported as exceptionCaught on the
            // peer's pipeline, where the peer's relay handler closes both channels: the same outcome.
            peer.write(msg, peer.voidPromise());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        if (peer.isWritable()) {
            readMore(ctx.channel());
        }
        // else the peer's handler asks for our next read when the peer drains (channelWritabilityChanged)
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            readMore(peer);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            session.inputShutdown(peer);
        } else if (!(evt instanceof ChannelInputShutdownReadComplete)) {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /**
     * Asks for the next read unless the input already ended: there is nothing left to read then, and
     * with native epoll a read request on a half-closed socket fails (epoll_ctl ENOENT), which would
     * tear down a direction that is still sending.
     */
    private static void readMore(Channel ch) {
        if (ch instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
            return;
        }
        ch.read();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, () -> "relay closed on error: " + cause);
        session.closeNow();
    }
}
