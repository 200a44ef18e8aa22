package io.meshgate.kernel.mesh;

import io.meshgate.kernel.http.HttpServerInitializer;
import io.meshgate.kernel.observe.AccessLog;
import io.meshgate.kernel.observe.KernelMetrics;
import io.meshgate.kernel.transparent.OriginalDestination;
import io.meshgate.kernel.transparent.OriginalDestinationException;
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

    /** Installs the HTTP server pipelines (HTTP/1.1, h2c detection, HTTP/2). */
    HttpServerInitializer http();

    KernelMetrics metrics();

    AccessLog accessLog();

    /** Where the accepted connection {@code ch} was going; tests replace the socket option. */
    default InetSocketAddress originalDestination(Channel ch) throws OriginalDestinationException {
        return OriginalDestination.read(ch);
    }
}
