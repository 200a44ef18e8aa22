/**
 * Upstream side of the proxy kernel: compiled clusters ({@link io.meshgate.kernel.upstream.UpstreamCluster}),
 * load balancing ({@link io.meshgate.kernel.upstream.LoadBalancer}), upstream TLS
 * ({@link io.meshgate.kernel.upstream.UpstreamTlsContexts}) and the per-event-loop connection pool
 * ({@link io.meshgate.kernel.upstream.UpstreamConnectionPool}) for HTTP/1.1 and multiplexed HTTP/2.
 * It knows nothing of downstream connections, routes or filters.
 */
package io.meshgate.kernel.upstream;
