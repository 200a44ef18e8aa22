package io.meshgate.kernel.upstream;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;

/**
 * Opens the upstream connection of a relayed (TCP) connection that needs more than a socket: a cluster
 * that connects to original destinations (directly to the address the client connected to, or through
 * the cluster's egress tunnel), or an endpoint of a cluster with TLS (a mesh Service's TCP port, whose
 * peer sidecar accepts mTLS only), with the cluster's TLS originated when it has one. The same {@link UpstreamConnector} as
 * pooled HTTP connections (one connect deadline, the same TLS and tunnel stages); relayed connections
 * are never pooled.
 */
public final class OriginalDestinationRelays {
    private OriginalDestinationRelays() {}

    /**
     * A connection for a relay, on {@code downstream}'s event loop, auto-read off, ready for the relay
     * handler to be added last; a failed future when it cannot be opened ({@link TunnelRefusedException}
     * when the gateway refused the tunnel).
     *
     * @param cluster    an original-destination cluster
     * @param gateway    the cluster its tunnel names, from the same config; ignored without a tunnel
     * @param original   where the client connected to
     * @param tunnelHost the destination's name in a tunnel request (the TLS SNI the client sent); null:
     *                   the original address. The cluster's TLS, if any, names its own server or none.
     * @throws IllegalArgumentException when {@code cluster} is not an original-destination cluster
     */
    public static Future<Channel> connect(UpstreamCluster cluster, UpstreamCluster gateway,
                                          InetSocketAddress original, String tunnelHost, Channel downstream) {
        if (!cluster.connectsToOriginalDestination()) {
            throw new IllegalArgumentException("cluster '" + cluster.name() + "' does not connect to original destinations");
        }
        EndpointState endpoint = EndpointState.originalDestination(original, null, tunnelHost);
        UpstreamConnector connector = new UpstreamConnector(downstream.eventLoop());
        return connector.connect(cluster, endpoint, gateway, (channel, ready) -> {
            // the relay reads at its own pace (backpressure) once it is in place
            channel.config().setAutoRead(false);
            ready.trySuccess(channel);
        });
    }

    /**
     * A connection for a relay to {@code endpoint} of {@code cluster}, with the cluster's TLS (its client
     * certificate, SNI and verification, as HTTP clusters use it): a TCP relay must not send a TLS
     * cluster's bytes in plaintext. Same contract as {@link #connect}; {@code endpoint} is counted as in
     * flight until the connection closes (or fails to open).
     */
    public static Future<Channel> connectWithTls(UpstreamCluster cluster, EndpointState endpoint, Channel downstream) {
        if (cluster.sslContext() == null) {
            throw new IllegalArgumentException("cluster '" + cluster.name() + "' has no TLS");
        }
        endpoint.requestStarted();
        Future<Channel> opened = new UpstreamConnector(downstream.eventLoop()).connect(cluster, endpoint, null,
                (channel, ready) -> {
                    channel.config().setAutoRead(false);
                    ready.trySuccess(channel);
                });
        opened.addListener(done -> {
            if (done.isSuccess()) {
                opened.getNow().closeFuture().addListener(closed -> endpoint.requestFinished());
            } else {
                endpoint.requestFinished();
            }
        });
        return opened;
    }
}
