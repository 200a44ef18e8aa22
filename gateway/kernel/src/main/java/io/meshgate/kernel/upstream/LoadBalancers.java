package io.meshgate.kernel.upstream;

import io.meshgate.config.Cluster;
import java.util.List;

/** Chooses the {@link LoadBalancer} implementation for a cluster's policy. */
public final class LoadBalancers {
    private LoadBalancers() {}

    /**
     * Sticky sessions win over the policy (FSM's {@code session-sticky} keeps a client on one
     * endpoint whatever the balancer), and they are implemented with the same hash ring as
     * {@code HASHING}.
     */
    public static LoadBalancer create(Cluster cluster, List<EndpointState> endpoints) {
        if (cluster.stickyByClientAddress()) {
            return new ConsistentHashBalancer(endpoints);
        }
        return switch (cluster.lbPolicy()) {
            case ROUND_ROBIN -> new RoundRobinBalancer(endpoints);
            case HASHING -> new ConsistentHashBalancer(endpoints);
            case LEAST_WORK -> new LeastWorkBalancer(endpoints);
        };
    }
}
