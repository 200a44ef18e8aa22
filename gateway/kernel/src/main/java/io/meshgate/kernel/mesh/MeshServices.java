package io.meshgate.kernel.mesh;

import io.meshgate.config.EgressTunnel;
import io.meshgate.kernel.http.HttpServerInitializer;
import io.meshgate.kernel.observe.AccessLog;
import io.meshgate.kernel.observe.KernelMetrics;
import io.meshgate.kernel.transparent.OriginalDestination;
import io.meshgate.kernel.transparent.OriginalDestinationException;
import io.meshgate.kernel.upstream.OriginalDestinationRelays;
import io.meshgate.kernel.upstream.UpstreamCluster;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;

/**
 * What a mesh connection needs from the running kernel: upstream connections, the HTTP pipelines,
 * metrics and the access log. An interface so that this package does not depend on {@code runtime},
 * which implements it, and so tests can serve connections on an {@code EmbeddedChannel}.
 */
public interface MeshServices {

    /**
     * A connection to an endpoint of {@code cluster} in the current snapshot, on
     * {@code downstream}'s event loop, auto-read off, nothing in its pipeline; a failed future when
     * there is no such cluster or endpoint, or the connect fails.
     */
    Future<Channel> connectToCluster(String cluster, Channel downstream);

    /** A connection to {@code address} itself (an unmatched connection's original destination), likewise. */
    Future<Channel> connectToAddress(InetSocketAddress address, Channel downstream);

    /** The cluster named {@code name} in the current snapshot, or null. */
    UpstreamCluster cluster(String name);

    /**
     * A connection for a TCP rule whose cluster connects to original destinations: to {@code original}
     * directly or through the cluster's egress tunnel (its gateway cluster from the current snapshot),
     * likewise ready for a relay.
     *
     * @param serverName the TLS SNI the client sent (the tunnel's host), or null
     */
    default Future<Channel> connectToOriginalDestination(UpstreamCluster cluster, InetSocketAddress original,
                                                         String serverName, Channel downstream) {
        EgressTunnel tunnel = cluster.config().tunnel();
        UpstreamCluster gateway = tunnel == null ? null : cluster(tunnel.gatewayCluster());
        return OriginalDestinationRelays.connect(cluster, gateway, original, serverName, downstream);
    }

    /** Installs the HTTP server pipelines (HTTP/1.1, h2c detection, HTTP/2). */
    HttpServerInitializer http();

    KernelMetrics metrics();

    AccessLog accessLog();

    /** Where the accepted connection {@code ch} was going; tests replace the socket option. */
    default InetSocketAddress originalDestination(Channel ch) throws OriginalDestinationException {
        return OriginalDestination.read(ch);
    }
}
