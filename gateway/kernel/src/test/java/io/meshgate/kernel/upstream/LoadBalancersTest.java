package io.meshgate.kernel.upstream;

import static io.meshgate.kernel.upstream.Balancers.endpoints;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadBalancersTest {
    private static final Cluster BASE = Cluster.of("c", List.of(Endpoint.of("10.0.0.1", 80)));

    @Test
    void thePolicyChoosesTheImplementation() {
        assertThat(LoadBalancers.create(BASE, endpoints(1))).isInstanceOf(RoundRobinBalancer.class);
        assertThat(LoadBalancers.create(BASE.withLbPolicy(Cluster.LbPolicy.HASHING), endpoints(1)))
                .isInstanceOf(ConsistentHashBalancer.class);
        assertThat(LoadBalancers.create(BASE.withLbPolicy(Cluster.LbPolicy.LEAST_WORK), endpoints(1)))
                .isInstanceOf(LeastWorkBalancer.class);
    }

    @Test
    void stickySessionsHashWhateverThePolicy() {
        for (Cluster.LbPolicy policy : Cluster.LbPolicy.values()) {
            assertThat(LoadBalancers.create(BASE.withLbPolicy(policy).withSticky(true), endpoints(1)))
                    .isInstanceOf(ConsistentHashBalancer.class);
        }
    }
}
