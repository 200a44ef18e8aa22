package io.meshgate.kernel.tls;

import io.meshgate.kernel.tcp.TcpRelayHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.List;
import java.util.Objects;

/**
 * The first handler of a listener that expects TLS. It reads the ClientHello (reassembled when the
 * client splits it over several records, so a fragmented hello cannot hide its SNI), then either
 * <ol>
 *   <li>relays the connection untouched when the SNI has a passthrough target: it connects upstream
 *       through the {@link PassthroughConnector} and replaces itself with a {@link TcpRelayHandler}
 *       that sends the buffered ClientHello first;</li>
 *   <li>terminates TLS with the certificate the SNI selects ({@link ServerTlsContexts}) and, once the
 *       handshake succeeded, sets {@link TlsAttributes} and calls the {@link HttpPipelineInstaller};</li>
 *   <li>or, on a passthrough-only listener (no contexts), closes the connection.</li>
 * </ol>
 * A ClientHello longer than the limit, not received within the timeout, or with a malformed SNI
 * closes the connection; so does a failed handshake or upstream connect. No HTTP byte is ever
 * written on a connection whose handshake did not succeed. One instance per connection.
 */
public final class TlsDispatchHandler extends AbstractSniHandler<DispatchDecision> {
    private static final System.Logger LOG = System.getLogger(TlsDispatchHandler.class.getName());

    private final ServerTlsContexts contexts;
    private final PassthroughTable passthrough;
    private final PassthroughConnector connector;
    private final HttpPipelineInstaller installer;
    private final TlsDispatchSettings settings;
    private boolean awaitingUpstream;
    private boolean inputShutdownWhileConnecting;
    private boolean refused;

    /** A dispatcher with {@link TlsDispatchSettings#DEFAULTS}. */
    public TlsDispatchHandler(ServerTlsContexts contexts, PassthroughTable passthrough,
                              PassthroughConnector connector, HttpPipelineInstaller installer) {
        this(contexts, passthrough, connector, installer, TlsDispatchSettings.DEFAULTS);
    }

    /**
     * @param contexts    the listener's certificates, or null for a passthrough-only listener
     * @param passthrough SNI values to relay ({@link PassthroughTable#empty()} for none)
     * @param connector   opens passthrough upstreams (unused when {@code passthrough} is empty)
     * @param installer   adds the HTTP handlers after a successful handshake (unused without contexts)
     */
    public TlsDispatchHandler(ServerTlsContexts contexts, PassthroughTable passthrough,
                              PassthroughConnector connector, HttpPipelineInstaller installer,
                              TlsDispatchSettings settings) {
        super(settings.maxClientHelloLength(), settings.clientHelloTimeout().toMillis());
        this.contexts = contexts;
        this.passthrough = Objects.requireNonNull(passthrough, "passthrough");
        this.connector = connector;
        this.installer = installer;
        this.settings = settings;
        if (contexts != null && installer == null) {
            throw new IllegalArgumentException("a TLS-terminating listener needs an HttpPipelineInstaller");
        }
        if (!passthrough.isEmpty() && connector == null) {
            throw new IllegalArgumentException("a passthrough listener needs a PassthroughConnector");
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            readIfManual(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        readIfManual(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (awaitingUpstream) {
            // the decoder would ask for more client bytes and buffer them without bound while we connect
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (refused) {
            // the decoder replays its buffer when the channel goes inactive: never look it up twice
            in.skipBytes(in.readableBytes());
            return;
        }
        super.decode(ctx, in, out);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ClientHello too long, not TLS at all: the superclass already failed the connection
        LOG.log(System.Logger.Level.DEBUG, () -> "TLS connection refused: " + cause);
        refuse(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (awaitingUpstream && evt instanceof ChannelInputShutdownEvent) {
            // the client sent its ClientHello and a FIN: the decoder would drop the buffered hello on
            // this event, so hold it back and replay it to the relay once the upstream is there
            inputShutdownWhileConnecting = true;
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected Future<DispatchDecision> lookup(ChannelHandlerContext ctx, String hostname) {
        if (hostname != null && !ServerNames.plausibleSni(hostname)) {
            return ctx.executor().newSucceededFuture(new DispatchDecision.Refuse("malformed SNI"));
        }
        String sni = ServerNames.normalize(hostname);
        PassthroughTarget target = passthrough.lookup(sni);
        if (target != null) {
            return connectUpstream(ctx, target, sni);
        }
        if (contexts != null) {
            return ctx.executor().newSucceededFuture(new DispatchDecision.Terminate(contexts.contextFor(sni), sni));
        }
        return ctx.executor().newSucceededFuture(new DispatchDecision.Refuse("no passthrough for SNI " + sni));
    }

    private Future<DispatchDecision> connectUpstream(ChannelHandlerContext ctx, PassthroughTarget target, String sni) {
        // nothing more is read from the client until the relay takes over and applies backpressure;
        // a FIN that arrives meanwhile is a half-close to pass on, not a reason to drop the hello
        ctx.channel().config().setAutoRead(false);
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        awaitingUpstream = true;
        Future<Channel> upstream;
        try {
            upstream = connector.connect(target, ctx.channel());
        } catch (RuntimeException e) {
            return ctx.executor().newFailedFuture(e);
        }
        // completing on our executor brings the decision back to the event loop whatever thread connected
        Promise<DispatchDecision> decision = ctx.executor().newPromise();
        upstream.addListener(f -> {
            if (f.isSuccess()) {
                Channel ch = upstream.getNow();
                if (!decision.trySuccess(new DispatchDecision.Relay(ch, sni))) {
                    ch.close();
                }
            } else {
                decision.tryFailure(f.cause());
            }
        });
        return decision;
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, String hostname, Future<DispatchDecision> future) {
        if (!future.isSuccess()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "TLS dispatch failed (sni=" + hostname + "): " + future.cause());
            refuse(ctx);
            return;
        }
        switch (future.getNow()) {
            case DispatchDecision.Relay relay -> relay(ctx, relay);
            case DispatchDecision.Terminate terminate -> terminate(ctx, terminate);
            case DispatchDecision.Refuse refuse -> {
                LOG.log(System.Logger.Level.DEBUG, () -> "TLS connection refused: " + refuse.reason());
                refuse(ctx);
            }
        }
    }

    private void relay(ChannelHandlerContext ctx, DispatchDecision.Relay relay) {
        Channel upstream = relay.upstream();
        if (!ctx.channel().isActive() || ctx.isRemoved()) {
            upstream.close(); // the client left (or timed out) while we were connecting
            refused = true;
            return;
        }
        TcpRelayHandler.Pair pair;
        try {
            pair = TcpRelayHandler.pair(ctx.channel(), upstream, settings.passthroughIdleTimeout());
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot relay passthrough: " + e.getMessage());
            upstream.close();
            refuse(ctx);
            return;
        }
        ctx.channel().attr(TlsAttributes.SNI).set(relay.sni());
        upstream.pipeline().addLast("tcp-relay", pair.upstreamHandler());
        // the decoder hands its buffer (the ClientHello and anything after it) to the relay on removal
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.replace(this, "tcp-relay", pair.downstreamHandler());
        if (inputShutdownWhileConnecting) {
            pipeline.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }

    private void terminate(ChannelHandlerContext ctx, DispatchDecision.Terminate terminate) {
        SslHandler ssl = terminate.context().newHandler(ctx.alloc());
        ssl.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
        // the completion handler goes in first, so it is in place before the buffered hello reaches the SslHandler
        ctx.pipeline().addAfter(ctx.name(), "tls-handshake",
                new HandshakeCompletionHandler(ssl, terminate.sni(), installer));
        ctx.pipeline().replace(this, "tls", ssl);
    }

    private void refuse(ChannelHandlerContext ctx) {
        refused = true;
        ctx.close();
    }

    private static void readIfManual(ChannelHandlerContext ctx) {
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }
}
