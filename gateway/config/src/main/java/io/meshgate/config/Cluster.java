package io.meshgate.config;

import java.util.Objects;
import java.util.List;

/**
 * A set of upstream endpoints and how to talk to them.
 *
 * @param stickyByClientAddress keep a client address on one endpoint while it is healthy (FSM's
 *                              {@code session-sticky}); implemented as consistent hashing on the
 *                              client address, whatever {@code lbPolicy} says
 * @param tls                   null for cleartext
 * @param maxConnectionsPerEndpoint cap of pooled plus busy connections per endpoint and event loop
 * @param originalDestination true: the cluster has no endpoints; each connection goes to the original
 *                            destination of the downstream connection that a mesh listener accepted
 *                            (Envoy's {@code ORIGINAL_DST}; egress to addresses outside the mesh).
 *                            Null means false, and stays null so configs without it print as before.
 *                            With {@code tls}, TLS is originated to that address (an Egress source's
 *                            {@code mtls}); without {@code tls.serverName} the SNI and the name verified
 *                            are the request's host (HTTP) or none.
 * @param tunnel              with {@code originalDestination} only: reach the destination through an
 *                            egress gateway instead of directly; null = directly
 * @param circuitBreaker      FSM's circuit breaker of the cluster (UpstreamTrafficSetting); null = none
 * @param limits              Envoy's connection and request limits of the cluster; null (or all 0) = none
 */
public record Cluster(
        String name,
        List<Endpoint> endpoints,
        LbPolicy lbPolicy,
        boolean stickyByClientAddress,
        ClusterTimeouts timeouts,
        UpstreamTls tls,
        UpstreamProtocol protocol,
        int maxConnectionsPerEndpoint,
        Boolean originalDestination,
        EgressTunnel tunnel,
        CircuitBreaker circuitBreaker,
        ConnectionLimits limits) {

    public enum LbPolicy { ROUND_ROBIN, HASHING, LEAST_WORK }

    public enum UpstreamProtocol { HTTP1, HTTP2 }

    public Cluster {
        Checks.name(name, "cluster.name");
        endpoints = Checks.list(endpoints);
        lbPolicy = Objects.requireNonNullElse(lbPolicy, LbPolicy.ROUND_ROBIN);
        timeouts = Objects.requireNonNullElse(timeouts, ClusterTimeouts.DEFAULTS);
        protocol = Objects.requireNonNullElse(protocol, UpstreamProtocol.HTTP1);
        if (maxConnectionsPerEndpoint <= 0) {
            maxConnectionsPerEndpoint = 1024;
        }
        originalDestination = Boolean.TRUE.equals(originalDestination) ? Boolean.TRUE : null;
        if (originalDestination != null && !endpoints.isEmpty()) {
            throw new IllegalArgumentException("cluster " + name
                    + ": an original-destination cluster has no endpoints (it connects where the client did)");
        }
        if (tunnel != null && originalDestination == null) {
            throw new IllegalArgumentException("cluster " + name
                    + ": a tunnel through an egress gateway needs an original-destination cluster");
        }
        if (tunnel != null && tunnel.gatewayCluster().equals(name)) {
            throw new IllegalArgumentException("cluster " + name + ": the tunnel's gateway cluster is the cluster itself");
        }
        if (limits != null && limits.none()) {
            limits = null; // nothing limited: configs print (and compare) as without limits
        }
    }

    /** A cluster without circuit breaker and limits, as every cluster was before UpstreamTrafficSettings. */
    public Cluster(String name, List<Endpoint> endpoints, LbPolicy lbPolicy, boolean stickyByClientAddress,
                   ClusterTimeouts timeouts, UpstreamTls tls, UpstreamProtocol protocol,
                   int maxConnectionsPerEndpoint, Boolean originalDestination, EgressTunnel tunnel) {
        this(name, endpoints, lbPolicy, stickyByClientAddress, timeouts, tls, protocol, maxConnectionsPerEndpoint,
                originalDestination, tunnel, null, null);
    }

    /** A cluster with endpoints, as every cluster was before original destinations and tunnels. */
    public Cluster(String name, List<Endpoint> endpoints, LbPolicy lbPolicy, boolean stickyByClientAddress,
                   ClusterTimeouts timeouts, UpstreamTls tls, UpstreamProtocol protocol,
                   int maxConnectionsPerEndpoint) {
        this(name, endpoints, lbPolicy, stickyByClientAddress, timeouts, tls, protocol, maxConnectionsPerEndpoint,
                null, null, null, null);
    }

    /**
     * A cluster that connects each connection to its original destination ({@code originalDestination}),
     * directly or through {@code tunnel} (null: directly), with {@code tls} originated when not null.
     */
    public static Cluster originalDestination(String name, UpstreamTls tls, EgressTunnel tunnel) {
        return new Cluster(name, List.of(), LbPolicy.ROUND_ROBIN, false, ClusterTimeouts.DEFAULTS, tls,
                UpstreamProtocol.HTTP1, 0, Boolean.TRUE, tunnel);
    }

    /** True for an original-destination cluster (see {@code originalDestination}). */
    public boolean connectsToOriginalDestination() {
        return originalDestination != null;
    }

    /** A cleartext HTTP/1.1 round-robin cluster with default timeouts. */
    public static Cluster of(String name, List<Endpoint> endpoints) {
        return new Cluster(name, endpoints, LbPolicy.ROUND_ROBIN, false, ClusterTimeouts.DEFAULTS, null,
                UpstreamProtocol.HTTP1, 0);
    }

    public Cluster withLbPolicy(LbPolicy policy) {
        return new Cluster(name, endpoints, policy, stickyByClientAddress, timeouts, tls, protocol,
                maxConnectionsPerEndpoint, originalDestination, tunnel, circuitBreaker, limits);
    }

    public Cluster withSticky(boolean sticky) {
        return new Cluster(name, endpoints, lbPolicy, sticky, timeouts, tls, protocol, maxConnectionsPerEndpoint,
                originalDestination, tunnel, circuitBreaker, limits);
    }

    public Cluster withTls(UpstreamTls upstreamTls) {
        return new Cluster(name, endpoints, lbPolicy, stickyByClientAddress, timeouts, upstreamTls, protocol,
                maxConnectionsPerEndpoint, originalDestination, tunnel, circuitBreaker, limits);
    }

    public Cluster withTimeouts(ClusterTimeouts newTimeouts) {
        return new Cluster(name, endpoints, lbPolicy, stickyByClientAddress, newTimeouts, tls, protocol,
                maxConnectionsPerEndpoint, originalDestination, tunnel, circuitBreaker, limits);
    }

    public Cluster withProtocol(UpstreamProtocol newProtocol) {
        return new Cluster(name, endpoints, lbPolicy, stickyByClientAddress, timeouts, tls, newProtocol,
                maxConnectionsPerEndpoint, originalDestination, tunnel, circuitBreaker, limits);
    }

    public Cluster withCircuitBreaker(CircuitBreaker breaker) {
        return new Cluster(name, endpoints, lbPolicy, stickyByClientAddress, timeouts, tls, protocol,
                maxConnectionsPerEndpoint, originalDestination, tunnel, breaker, limits);
    }

    public Cluster withLimits(ConnectionLimits newLimits) {
        return new Cluster(name, endpoints, lbPolicy, stickyByClientAddress, timeouts, tls, protocol,
                maxConnectionsPerEndpoint, originalDestination, tunnel, circuitBreaker, newLimits);
    }
}
