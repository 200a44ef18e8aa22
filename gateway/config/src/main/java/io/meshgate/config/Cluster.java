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
 */
public record Cluster(
        String name,
        List<Endpoint> endpoints,
        LbPolicy lbPolicy,
        boolean stickyByClientAddress,
        ClusterTimeouts timeouts,
        UpstreamTls tls,
        UpstreamProtocol protocol,
        int maxConnectionsPerEndpoint) {

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
    }

    /** A cleartext HTTP/1.1 round-robin cluster with default timeouts. */
    public static Cluster of(String name, List<Endpoint> endpoints) {
        return new Cluster(name, endpoints, LbPolicy.ROUND_ROBIN, false, ClusterTimeouts.DEFAULTS, null,
                UpstreamProtocol.HTTP1, 0);
    }

    public Cluster withLbPolicy(LbPolicy policy) {
        return new Cluster(name, endpoints, policy, stickyByClientAddress, timeouts, tls, protocol,
                maxConnectionsPerEndpoint);
    }

    public Cluster withSticky(boolean sticky) {
        return new Cluster(name, endpoints, lbPolicy, sticky, timeouts, tls, protocol, maxConnectionsPerEndpoint);
    }

    public Cluster withTls(UpstreamTls upstreamTls) {
        return new Cluster(name, endpoints, lbPolicy, stickyByClientAddress, timeouts, upstreamTls, protocol,
                maxConnectionsPerEndpoint);
    }

    public Cluster withTimeouts(ClusterTimeouts newTimeouts) {
        return new Cluster(name, endpoints, lbPolicy, stickyByClientAddress, newTimeouts, tls, protocol,
                maxConnectionsPerEndpoint);
    }

    public Cluster withProtocol(UpstreamProtocol newProtocol) {
        return new Cluster(name, endpoints, lbPolicy, stickyByClientAddress, timeouts, tls, newProtocol,
                maxConnectionsPerEndpoint);
    }
}
