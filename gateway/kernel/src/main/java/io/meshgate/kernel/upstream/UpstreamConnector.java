package io.meshgate.kernel.upstream;

import io.meshgate.config.EgressTunnel;
import io.meshgate.config.UpstreamTls;
import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Opens one upstream connection on a given event loop: TCP, then TLS (SNI, verification, ALPN),
 * then the protocol handlers, all within the cluster's connect timeout. The returned future
 * succeeds only once the connection is usable and fails with a {@link ConnectException}
 * (refused; {@link ConnectTimeoutException} for timeouts), an {@link SSLHandshakeException}, or an
 * {@link UnknownHostException}, each naming the upstream, so the proxy can answer 502/503/504.
 */
final class UpstreamConnector {
    static final String SSL_HANDLER = "ssl";
    /** TLS to an egress gateway; the destination's TLS inside the tunnel is {@link #SSL_HANDLER}. */
    static final String TUNNEL_SSL_HANDLER = "tunnel-ssl";
    static final String TUNNEL_HANDLER = "tunnel";
    private static final String ESTABLISH_HANDLER = "upstream-establish";

    /** Puts the protocol handlers on a connected (and TLS-established) channel. */
    interface ProtocolSetup {
        /** Adds handlers and completes {@code ready}, now or later (HTTP/2 waits for the peer's SETTINGS). */
        void install(Channel channel, Promise<Channel> ready);
    }

    private final EventLoop loop;
    private final Bootstrap template;

    UpstreamConnector(EventLoop loop) {
        this.loop = loop;
        this.template = new Bootstrap()
                .group(loop)
                .channel(Transports.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                // endpoints are resolved at compile time; never let Netty resolve (block) on the loop
                .resolver(NoopAddressResolverGroup.INSTANCE);
    }

    Future<Channel> connect(UpstreamCluster cluster, EndpointState endpoint, ProtocolSetup setup) {
        return connect(cluster, endpoint, null, setup);
    }

    /**
     * Like {@link #connect(UpstreamCluster, EndpointState, ProtocolSetup)}; when the cluster reaches its
     * destinations through an egress tunnel, the connection goes to an endpoint of {@code gateway} (with
     * the gateway cluster's TLS), asks it for the endpoint's {@link EndpointState#tunnelHost()} and port,
     * and the cluster's own TLS (if any) then runs inside the tunnel. The cluster's connect timeout
     * covers every stage.
     *
     * @param gateway the current config's cluster named by the cluster's tunnel; ignored without one
     */
    Future<Channel> connect(UpstreamCluster cluster, EndpointState endpoint, UpstreamCluster gateway,
                            ProtocolSetup setup) {
        String named = "upstream " + endpoint + " (cluster '" + cluster.name() + "')";
        if (!endpoint.isResolved()) {
            return loop.newFailedFuture(new UnknownHostException(
                    named + ": host '" + endpoint.endpoint().address() + "' did not resolve"));
        }
        EgressTunnel tunnel = cluster.config().tunnel();
        EndpointState dialed = endpoint;
        if (tunnel != null) {
            if (gateway == null) {
                return loop.newFailedFuture(new ConnectException(
                        named + ": the egress gateway cluster '" + tunnel.gatewayCluster() + "' does not exist"));
            }
            dialed = gateway.pick(null);
            if (dialed == null || !dialed.isResolved()) {
                return loop.newFailedFuture(new ConnectException(named + ": the egress gateway cluster '"
                        + gateway.name() + "' has no " + (dialed == null ? "endpoint" : "resolved endpoint")));
            }
            named += " through egress gateway " + dialed;
        }
        String upstream = named;
        EndpointState gatewayEndpoint = tunnel == null ? null : dialed;
        long timeoutMillis = Math.max(1, Math.min(Integer.MAX_VALUE, cluster.timeouts().connect().toMillis()));
        Promise<Channel> ready = loop.newPromise();
        Attempt attempt = new Attempt(upstream, ready);
        ChannelFuture connected = template.clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMillis)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (gatewayEndpoint == null) {
                            if (cluster.sslContext() != null) {
                                ch.pipeline().addLast(SSL_HANDLER, newSslHandler(ch, cluster, endpoint));
                            }
                        } else {
                            if (gateway.sslContext() != null) {
                                ch.pipeline().addLast(TUNNEL_SSL_HANDLER, newSslHandler(ch, gateway, gatewayEndpoint));
                            }
                            ch.pipeline().addLast(TUNNEL_HANDLER, new TunnelClientHandshake(tunnel.mode(),
                                    endpoint.tunnelHost(), endpoint.endpoint().port(), attempt::tunnelDone));
                        }
                        ch.pipeline().addLast(ESTABLISH_HANDLER, attempt);
                    }
                })
                .connect(dialed.socketAddress());
        Channel channel = connected.channel();
        if (gatewayEndpoint != null) {
            // the gateway's endpoint carries this connection for its whole life (least-work balancing)
            gatewayEndpoint.requestStarted();
            channel.closeFuture().addListener(f -> gatewayEndpoint.requestFinished());
        }
        // one deadline for TCP, TLS and the protocol preface (ClusterTimeouts: connect covers them all)
        ScheduledFuture<?> deadline = loop.schedule(() -> {
            ready.tryFailure(new ConnectTimeoutException(
                    upstream + ": connect timed out after " + timeoutMillis + " ms during " + attempt.stage));
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        ready.addListener(f -> {
            deadline.cancel(false);
            if (!f.isSuccess()) {
                channel.close();
            }
        });
        channel.closeFuture().addListener(f -> ready.tryFailure(
                new ConnectException(attempt.upstream + ": connection closed during " + attempt.stage)));
        connected.addListener(f -> {
            if (f.isSuccess()) {
                if (gatewayEndpoint == null) {
                    onConnected(channel, cluster, attempt, setup);
                } else {
                    onGatewayConnected(channel, cluster, endpoint, attempt, setup);
                }
            } else {
                ready.tryFailure(attempt.failure(f.cause()));
            }
        });
        return ready;
    }

    /** TCP is up: wait for the TLS handshake (and check ALPN) if there is one, then install the protocol. */
    private static void onConnected(Channel channel, UpstreamCluster cluster, Attempt attempt, ProtocolSetup setup) {
        SslHandler ssl = (SslHandler) channel.pipeline().get(SSL_HANDLER);
        if (ssl == null) {
            install(channel, attempt, setup);
            return;
        }
        attempt.stage = "TLS handshake";
        ssl.handshakeFuture().addListener(h -> {
            if (!h.isSuccess()) {
                SSLHandshakeException e = new SSLHandshakeException(
                        attempt.upstream + ": TLS handshake failed: " + h.cause().getMessage());
                e.initCause(h.cause());
                attempt.ready.tryFailure(e);
            } else if (cluster.http2() && !ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
                attempt.ready.tryFailure(new SSLHandshakeException(attempt.upstream
                        + ": server did not negotiate h2 via ALPN (got " + ssl.applicationProtocol() + ")"));
            } else {
                install(channel, attempt, setup);
            }
        });
    }

    /**
     * TCP to the egress gateway is up: its TLS handshake (the sidecar's mesh certificate), then the
     * tunnel request; once the tunnel is open the destination's own TLS (if any) and the protocol
     * follow as on a direct connection.
     */
    private static void onGatewayConnected(Channel channel, UpstreamCluster cluster, EndpointState endpoint,
                                           Attempt attempt, ProtocolSetup setup) {
        attempt.onTunnelOpen = () -> {
            if (cluster.sslContext() != null) {
                // the destination's TLS runs inside the tunnel: its handler goes after the tunnel's
                channel.pipeline().addAfter(TUNNEL_HANDLER, SSL_HANDLER,
                        newSslHandler(channel, cluster, endpoint));
            }
            onConnected(channel, cluster, attempt, setup);
        };
        SslHandler gatewayTls = (SslHandler) channel.pipeline().get(TUNNEL_SSL_HANDLER);
        if (gatewayTls == null) {
            startTunnel(channel, attempt);
            return;
        }
        attempt.stage = "egress gateway TLS handshake";
        gatewayTls.handshakeFuture().addListener(h -> {
            if (!h.isSuccess()) {
                SSLHandshakeException e = new SSLHandshakeException(
                        attempt.upstream + ": egress gateway TLS handshake failed: " + h.cause().getMessage());
                e.initCause(h.cause());
                attempt.ready.tryFailure(e);
            } else {
                startTunnel(channel, attempt);
            }
        });
    }

    private static void startTunnel(Channel channel, Attempt attempt) {
        if (attempt.ready.isDone()) {
            return;
        }
        attempt.stage = "egress tunnel request";
        TunnelClientHandshake tunnel = (TunnelClientHandshake) channel.pipeline().get(TUNNEL_HANDLER);
        tunnel.start(channel.pipeline().context(TUNNEL_HANDLER));
    }

    private static void install(Channel channel, Attempt attempt, ProtocolSetup setup) {
        if (attempt.ready.isDone()) {
            return;
        }
        attempt.stage = "protocol setup";
        // from here the protocol handlers own errors and unexpected input
        channel.pipeline().remove(attempt);
        setup.install(channel, attempt.ready);
    }

    private static SslHandler newSslHandler(Channel ch, UpstreamCluster cluster, EndpointState endpoint) {
        UpstreamTls tls = cluster.config().tls();
        SslHandler handler = cluster.sslContext().newHandler(ch.alloc(),
                UpstreamTlsContexts.peerHost(tls, endpoint), endpoint.endpoint().port());
        // the connect deadline above covers the handshake; a second timer would only race it
        handler.setHandshakeTimeoutMillis(0);
        return handler;
    }

    /**
     * Guards the channel until the protocol handlers take over: records what stage a timeout hit,
     * and turns an error or bytes the server sends before any request into a failed attempt.
     */
    private static final class Attempt extends ChannelInboundHandlerAdapter {
        final String upstream;
        final Promise<Channel> ready;
        String stage = "TCP connect";
        /** What follows an open tunnel (set before the tunnel request is sent). */
        Runnable onTunnelOpen;

        Attempt(String upstream, Promise<Channel> ready) {
            this.upstream = upstream;
            this.ready = ready;
        }

        /** The tunnel handshake's outcome: null when open, else why not. */
        void tunnelDone(Throwable failure) {
            if (failure != null) {
                ready.tryFailure(new TunnelRefusedException(upstream + ": " + failure.getMessage()));
            } else if (!ready.isDone() && onTunnelOpen != null) {
                onTunnelOpen.run();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ready.tryFailure(new ConnectException(upstream + ": server sent data before any request"));
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a TLS failure also fails the handshake future, which reports it with more context
            if (!(cause instanceof SSLException) && !(cause.getCause() instanceof SSLException)) {
                ready.tryFailure(failure(cause));
            }
            ctx.close();
        }

        /** Names the upstream and the stage, keeping a timeout a {@link ConnectTimeoutException}. */
        ConnectException failure(Throwable cause) {
            String message = upstream + ": " + stage + " failed: " + cause.getMessage();
            ConnectException e = cause instanceof ConnectTimeoutException
                    ? new ConnectTimeoutException(message)
                    : new ConnectException(message);
            e.initCause(cause);
            return e;
        }
    }
}
