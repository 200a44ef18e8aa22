package io.meshgate.kernel.upstream;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;

/**
 * Opens the upstream connection of a relayed (TCP) mesh connection whose cluster connects to original
 * destinations: directly to the address the client connected to, or through the cluster's egress
 * tunnel, with the cluster's TLS originated when it has one. The same {@link UpstreamConnector} as
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
}
