package io.meshgate.kernel.runtime;

import io.meshgate.kernel.tls.DirectHostConnector;
import io.meshgate.kernel.tls.PassthroughConnector;
import io.meshgate.kernel.tls.PassthroughTarget;
import io.meshgate.kernel.transport.Transports;
import io.meshgate.kernel.upstream.EndpointState;
import io.meshgate.kernel.upstream.HostResolver;
import io.meshgate.kernel.upstream.OriginalDestinationRelays;
import io.meshgate.kernel.upstream.UpstreamCluster;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Opens raw TCP connections for TLS passthrough, TCP listeners and mesh listeners: to an endpoint of
 * a cluster of the current snapshot (balanced like HTTP, counted in-flight while open; with the
 * cluster's TLS when it has one), to a mesh
 * connection's original destination, or, for global
 * passthrough, to the allow-listed SNI host itself (public addresses only, unless pinned in the hosts
 * file or allowed by the listener's switch). Connections are not pooled: a relayed stream
 * owns its connection for its whole life.
 */
final class PassthroughConnectorImpl implements PassthroughConnector {
    /** Connect timeout towards an unmatched mesh connection's original destination (no cluster says otherwise). */
    private static final int ORIGINAL_DESTINATION_CONNECT_TIMEOUT_MILLIS = 5_000;

    private final ProxyRuntime runtime;
    private final DirectHostConnector direct;

    PassthroughConnectorImpl(ProxyRuntime runtime, HostResolver hosts) {
        this.runtime = runtime;
        this.direct = DirectHostConnector.create(operatorTableThenDns(hosts),
                range -> runtime.metrics().passthroughAddressRefused(range.name()));
    }

    /** The kernel's hosts file, whose pinned names pass the address policy, then DNS, whose answers do not. */
    private static DirectHostConnector.Resolver operatorTableThenDns(HostResolver hosts) {
        return new DirectHostConnector.Resolver() {
            @Override
            public List<InetAddress> resolve(String host) throws UnknownHostException {
                return hosts.resolveAll(host);
            }

            @Override
            public boolean pinnedByOperator(String host) {
                return hosts.pins(host);
            }
        };
    }

    @Override
    public Future<Channel> connect(PassthroughTarget target, Channel downstream) {
        return switch (target) {
            case PassthroughTarget.ToCluster c -> connectToCluster(c.cluster(), downstream);
            case PassthroughTarget.ToHost h -> direct.connect(h, downstream);
        };
    }

    Future<Channel> connectToCluster(String clusterName, Channel downstream) {
        UpstreamCluster cluster = runtime.snapshot().cluster(clusterName);
        if (cluster == null) {
            return downstream.eventLoop().newFailedFuture(new IllegalStateException("no cluster " + clusterName));
        }
        var client = downstream.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        EndpointState endpoint = cluster.pick(client);
        if (endpoint == null) {
            return downstream.eventLoop().newFailedFuture(new IllegalStateException("no endpoint in " + clusterName));
        }
        if (cluster.sslContext() != null) {
            // a mesh Service's TCP port (or any TLS cluster): its peer accepts mTLS only
            return OriginalDestinationRelays.connectWithTls(cluster, endpoint, downstream);
        }
        endpoint.requestStarted();
        return connect(downstream, endpoint.socketAddress(), (int) cluster.timeouts().connect().toMillis(),
                endpoint::requestFinished);
    }

    /**
     * A mesh connection that no destination rule serves, relayed to where it was going. The address
     * is the application's own choice, as it would have connected without the sidecar; the sidecar's
     * own connections are kept out of the redirect by its iptables rules (its user or group).
     */
    Future<Channel> connectToAddress(InetSocketAddress address, Channel downstream) {
        return connect(downstream, address, ORIGINAL_DESTINATION_CONNECT_TIMEOUT_MILLIS, () -> { });
    }

    /** Connects on {@code downstream}'s loop, auto-read off; {@code finished} runs once the connection is over. */
    private static Future<Channel> connect(Channel downstream, InetSocketAddress address, int timeoutMillis,
                                           Runnable finished) {
        Promise<Channel> result = downstream.eventLoop().newPromise();
        ChannelFuture connect = new Bootstrap()
                .group(downstream.eventLoop())
                .channel(Transports.clientChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(address);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                connect.channel().closeFuture().addListener(c -> finished.run());
                if (!result.trySuccess(connect.channel())) {
                    connect.channel().close();
                }
            } else {
                finished.run();
                result.tryFailure(f.cause());
            }
        });
        return result;
    }
}
